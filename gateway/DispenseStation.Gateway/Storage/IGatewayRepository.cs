namespace DispenseStation.Gateway.Storage;

/// <summary>
/// Everything the gateway stores. One implementation serves SQLite and PostgreSQL.
/// The audit log has only append and read: there is no update or delete path, here or in the database.
/// </summary>
public interface IGatewayRepository
{
    Task UpsertStationAsync(string stationId, string? firmwareVersion, DateTimeOffset seenAt, CancellationToken ct = default);
    Task<StationRecord?> GetStationAsync(string stationId, CancellationToken ct = default);
    Task<IReadOnlyList<StationRecord>> ListStationsAsync(CancellationToken ct = default);

    /// <summary>Stores a new batch in state Created; fails if the id exists or the station is unknown.</summary>
    Task CreateBatchAsync(BatchRecord batch, CancellationToken ct = default);

    /// <summary>
    /// Moves a batch to <paramref name="state"/>; sets the start time on the first Running and the end time on a
    /// terminal state. Returns false (and changes nothing) when the batch is unknown or already terminal.
    /// </summary>
    Task<bool> UpdateBatchStateAsync(string batchId, BatchState state, DateTimeOffset at, string? reason, CancellationToken ct = default);
    Task<BatchRecord?> GetBatchAsync(string batchId, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<BatchRecord>> ListBatchesAsync(string? stationId, int limit, CancellationToken ct = default);

    Task AddDoseAsync(DoseRecord dose, CancellationToken ct = default);
    Task<IReadOnlyList<DoseRecord>> GetDosesAsync(string batchId, CancellationToken ct = default);

    Task AddBakeTraceAsync(IReadOnlyList<BakeTracePoint> points, CancellationToken ct = default);
    Task<IReadOnlyList<BakeTracePoint>> GetBakeTraceAsync(string batchId, CancellationToken ct = default);

    /// <summary>Returns the new alarm's id.</summary>
    Task<long> RaiseAlarmAsync(string stationId, string? batchId, string code, string severity, string message, DateTimeOffset at, CancellationToken ct = default);
    Task<bool> ClearAlarmAsync(long alarmId, DateTimeOffset at, CancellationToken ct = default);
    Task<IReadOnlyList<AlarmRecord>> ListAlarmsAsync(string? stationId, string? batchId, bool activeOnly, CancellationToken ct = default);

    Task AddTelemetryAsync(IReadOnlyList<TelemetrySample> samples, CancellationToken ct = default);
    Task<IReadOnlyList<TelemetrySample>> GetTelemetryAsync(string stationId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>Deletes telemetry older than <paramref name="olderThan"/>; returns the number of rows removed.</summary>
    Task<int> PruneTelemetryAsync(DateTimeOffset olderThan, CancellationToken ct = default);

    /// <summary>Returns the new entry's id.</summary>
    Task<long> AppendAuditAsync(DateTimeOffset at, string actor, AuditEntity entity, string entityId, string action, string details, CancellationToken ct = default);
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditEntity? entity, string? entityId, CancellationToken ct = default);
}
