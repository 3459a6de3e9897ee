using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace DispenseStation.Gateway.Storage;

/// <summary><see cref="IGatewayRepository"/> over ADO.NET + Dapper, for SQLite and PostgreSQL alike.</summary>
public sealed class SqlGatewayRepository(SqlDialect dialect, string connectionString) : IGatewayRepository
{
    static SqlGatewayRepository() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private static readonly string TerminalStates = string.Join(", ",
        Enum.GetValues<BatchState>().Where(BatchRecord.IsTerminal).Select(s => $"'{s}'"));

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var conn = dialect.CreateConnection(connectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    private static long? Ms(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds();
    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    private static DateTimeOffset? At(long? ms) => ms is { } v ? At(v) : null;

    // ---- stations ----

    public async Task UpsertStationAsync(string stationId, string? firmwareVersion, DateTimeOffset seenAt, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO stations (id, firmware_version, first_seen_ms, last_seen_ms) VALUES (@id, @fw, @t, @t)
            ON CONFLICT (id) DO UPDATE SET
                firmware_version = COALESCE(excluded.firmware_version, stations.firmware_version),
                last_seen_ms = CASE WHEN excluded.last_seen_ms > stations.last_seen_ms THEN excluded.last_seen_ms ELSE stations.last_seen_ms END
            """, new { id = stationId, fw = firmwareVersion, t = Ms(seenAt) }, cancellationToken: ct));
    }

    public async Task<StationRecord?> GetStationAsync(string stationId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<StationRow>(new CommandDefinition(
            "SELECT id, firmware_version, first_seen_ms, last_seen_ms FROM stations WHERE id = @id", new { id = stationId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<StationRecord>> ListStationsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<StationRow>(new CommandDefinition(
            "SELECT id, firmware_version, first_seen_ms, last_seen_ms FROM stations ORDER BY id", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    // ---- batches ----

    public async Task CreateBatchAsync(BatchRecord b, CancellationToken ct = default)
    {
        if (b.State != BatchState.Created)
            throw new ArgumentException($"a new batch must be in state Created (got {b.State})", nameof(b));
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO batches (id, station_id, recipe_name, recipe_body, batch_grams, operator, lots_json, state, state_reason, created_ms, started_ms, ended_ms, calibration_json)
            VALUES (@Id, @StationId, @RecipeName, @RecipeBody, @BatchGrams, @Operator, @lots, @state, @StateReason, @created, NULL, NULL, @calibration)
            """, new
        {
            b.Id, b.StationId, b.RecipeName, b.RecipeBody, b.BatchGrams, b.Operator, b.StateReason,
            lots = JsonSerializer.Serialize(b.Lots), state = b.State.ToString(), created = Ms(b.CreatedAt),
            calibration = Maintenance.BatchCalibration.ToJson(b.Calibration),
        }, cancellationToken: ct));
    }

    public async Task<bool> UpdateBatchStateAsync(string batchId, BatchState state, DateTimeOffset at, string? reason, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        // One statement: the terminal check and the change cannot be separated by another writer.
        var n = await c.ExecuteAsync(new CommandDefinition($"""
            UPDATE batches SET
                state = @state,
                state_reason = @reason,
                started_ms = CASE WHEN @running = 1 AND started_ms IS NULL THEN @at ELSE started_ms END,
                ended_ms = CASE WHEN @terminal = 1 THEN @at ELSE ended_ms END
            WHERE id = @id AND state NOT IN ({TerminalStates})
            """, new
        {
            id = batchId, state = state.ToString(), reason, at = Ms(at),
            running = state == BatchState.Running ? 1 : 0, terminal = BatchRecord.IsTerminal(state) ? 1 : 0,
        }, cancellationToken: ct));
        return n == 1;
    }

    private const string BatchColumns =
        "id, station_id, recipe_name, recipe_body, batch_grams, operator, lots_json, state, state_reason, created_ms, started_ms, ended_ms, calibration_json";

    public async Task<BatchRecord?> GetBatchAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(
            $"SELECT {BatchColumns} FROM batches WHERE id = @id", new { id = batchId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<BatchRecord>> ListBatchesAsync(string? stationId, int limit, CancellationToken ct = default)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be at least 1");
        await using var c = await OpenAsync(ct);
        var where = stationId is null ? "" : "WHERE station_id = @station";
        var rows = await c.QueryAsync<BatchRow>(new CommandDefinition(
            $"SELECT {BatchColumns} FROM batches {where} ORDER BY created_ms DESC, id DESC LIMIT @limit",
            new { station = stationId, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    // ---- doses and bake traces ----

    public async Task AddDoseAsync(DoseRecord d, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO doses (batch_id, seq, channel, material, target_g, actual_g, error_g, duration_ms, completed_ms)
            VALUES (@BatchId, @Sequence, @Channel, @Material, @TargetGrams, @ActualGrams, @ErrorGrams, @duration, @completed)
            """, new
        {
            d.BatchId, d.Sequence, d.Channel, d.Material, d.TargetGrams, d.ActualGrams, d.ErrorGrams,
            duration = (long)d.Duration.TotalMilliseconds, completed = Ms(d.CompletedAt),
        }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<DoseRecord>> GetDosesAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<DoseRow>(new CommandDefinition("""
            SELECT batch_id, seq, channel, material, target_g, actual_g, duration_ms, completed_ms
            FROM doses WHERE batch_id = @id ORDER BY seq
            """, new { id = batchId }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task AddBakeTraceAsync(IReadOnlyList<BakeTracePoint> points, CancellationToken ct = default)
    {
        if (points.Count == 0) return;
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO bake_trace (batch_id, step, at_ms, setpoint_c, plate_c, heater_duty)
            VALUES (@BatchId, @Step, @at, @SetpointC, @PlateC, @HeaterDuty)
            """, points.Select(p => new { p.BatchId, p.Step, at = Ms(p.At), p.SetpointC, p.PlateC, p.HeaterDuty }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<BakeTracePoint>> GetBakeTraceAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<BakeRow>(new CommandDefinition("""
            SELECT batch_id, step, at_ms, setpoint_c, plate_c, heater_duty
            FROM bake_trace WHERE batch_id = @id ORDER BY at_ms, id
            """, new { id = batchId }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    // ---- alarms ----

    public async Task<long> RaiseAlarmAsync(string stationId, string? batchId, string code, string severity, string message, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO alarms (station_id, batch_id, code, severity, message, raised_ms, cleared_ms)
            VALUES (@stationId, @batchId, @code, @severity, @message, @at, NULL) RETURNING id
            """, new { stationId, batchId, code, severity, message, at = Ms(at) }, cancellationToken: ct));
    }

    public async Task<bool> ClearAlarmAsync(long alarmId, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var n = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE alarms SET cleared_ms = @at WHERE id = @id AND cleared_ms IS NULL", new { id = alarmId, at = Ms(at) }, cancellationToken: ct));
        return n == 1;
    }

    public async Task<IReadOnlyList<AlarmRecord>> ListAlarmsAsync(string? stationId, string? batchId, bool activeOnly, CancellationToken ct = default)
    {
        var conditions = new List<string>();
        if (stationId is not null) conditions.Add("station_id = @stationId");
        if (batchId is not null) conditions.Add("batch_id = @batchId");
        if (activeOnly) conditions.Add("cleared_ms IS NULL");
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<AlarmRow>(new CommandDefinition(
            $"SELECT id, station_id, batch_id, code, severity, message, raised_ms, cleared_ms FROM alarms {where} ORDER BY raised_ms, id",
            new { stationId, batchId }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    // ---- telemetry ----

    public async Task AddTelemetryAsync(IReadOnlyList<TelemetrySample> samples, CancellationToken ct = default)
    {
        if (samples.Count == 0) return;
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO telemetry (station_id, at_ms, scale_g, plate_c, setpoint_c, heater_duty)
            VALUES (@StationId, @at, @ScaleGrams, @PlateC, @SetpointC, @HeaterDuty)
            """, samples.Select(s => new { s.StationId, at = Ms(s.At), s.ScaleGrams, s.PlateC, s.SetpointC, s.HeaterDuty }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<TelemetrySample>> GetTelemetryAsync(string stationId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<TelemetryRow>(new CommandDefinition("""
            SELECT station_id, at_ms, scale_g, plate_c, setpoint_c, heater_duty FROM telemetry
            WHERE station_id = @stationId AND at_ms >= @from AND at_ms <= @to ORDER BY at_ms, id
            """, new { stationId, from = Ms(from), to = Ms(to) }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<int> PruneTelemetryAsync(DateTimeOffset olderThan, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM telemetry WHERE at_ms < @cut", new { cut = Ms(olderThan) }, cancellationToken: ct));
    }

    // ---- audit log (append and read only) ----

    public async Task<long> AppendAuditAsync(DateTimeOffset at, string actor, AuditEntity entity, string entityId, string action, string details, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO audit_log (at_ms, actor, entity, entity_id, action, details)
            VALUES (@at, @actor, @entity, @entityId, @action, @details) RETURNING id
            """, new { at = Ms(at), actor, entity = entity.ToString(), entityId, action, details }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditEntity? entity, string? entityId, CancellationToken ct = default)
    {
        var conditions = new List<string>();
        if (entity is not null) conditions.Add("entity = @entity");
        if (entityId is not null) conditions.Add("entity_id = @entityId");
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<AuditRow>(new CommandDefinition(
            $"SELECT id, at_ms, actor, entity, entity_id, action, details FROM audit_log {where} ORDER BY id",
            new { entity = entity?.ToString(), entityId }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    // ---- row shapes (column names map by Dapper's underscore matching) ----

    private sealed class StationRow
    {
        public string Id { get; set; } = "";
        public string? FirmwareVersion { get; set; }
        public long FirstSeenMs { get; set; }
        public long LastSeenMs { get; set; }
        public StationRecord ToRecord() => new(Id, FirmwareVersion, At(FirstSeenMs), At(LastSeenMs));
    }

    private sealed class BatchRow
    {
        public string Id { get; set; } = "";
        public string StationId { get; set; } = "";
        public string RecipeName { get; set; } = "";
        public string RecipeBody { get; set; } = "";
        public double BatchGrams { get; set; }
        public string Operator { get; set; } = "";
        public string LotsJson { get; set; } = "{}";
        public string State { get; set; } = "";
        public string? StateReason { get; set; }
        public long CreatedMs { get; set; }
        public long? StartedMs { get; set; }
        public long? EndedMs { get; set; }
        public string? CalibrationJson { get; set; }
        public BatchRecord ToRecord() => new(Id, StationId, RecipeName, RecipeBody, BatchGrams, Operator,
            JsonSerializer.Deserialize<Dictionary<string, string>>(LotsJson) ?? new(),
            Enum.Parse<BatchState>(State), StateReason, At(CreatedMs), At(StartedMs), At(EndedMs), Maintenance.BatchCalibration.FromJson(CalibrationJson));
    }

    private sealed class DoseRow
    {
        public string BatchId { get; set; } = "";
        public int Seq { get; set; }
        public int Channel { get; set; }
        public string Material { get; set; } = "";
        public double TargetG { get; set; }
        public double ActualG { get; set; }
        public long DurationMs { get; set; }
        public long CompletedMs { get; set; }
        public DoseRecord ToRecord() => new(BatchId, Seq, Channel, Material, TargetG, ActualG, TimeSpan.FromMilliseconds(DurationMs), At(CompletedMs));
    }

    private sealed class BakeRow
    {
        public string BatchId { get; set; } = "";
        public int Step { get; set; }
        public long AtMs { get; set; }
        public double SetpointC { get; set; }
        public double PlateC { get; set; }
        public double HeaterDuty { get; set; }
        public BakeTracePoint ToRecord() => new(BatchId, Step, At(AtMs), SetpointC, PlateC, HeaterDuty);
    }

    private sealed class AlarmRow
    {
        public long Id { get; set; }
        public string StationId { get; set; } = "";
        public string? BatchId { get; set; }
        public string Code { get; set; } = "";
        public string Severity { get; set; } = "";
        public string Message { get; set; } = "";
        public long RaisedMs { get; set; }
        public long? ClearedMs { get; set; }
        public AlarmRecord ToRecord() => new(Id, StationId, BatchId, Code, Severity, Message, At(RaisedMs), At(ClearedMs));
    }

    private sealed class TelemetryRow
    {
        public string StationId { get; set; } = "";
        public long AtMs { get; set; }
        public double? ScaleG { get; set; }
        public double? PlateC { get; set; }
        public double? SetpointC { get; set; }
        public double? HeaterDuty { get; set; }
        public TelemetrySample ToRecord() => new(StationId, At(AtMs), ScaleG, PlateC, SetpointC, HeaterDuty);
    }

    private sealed class AuditRow
    {
        public long Id { get; set; }
        public long AtMs { get; set; }
        public string Actor { get; set; } = "";
        public string Entity { get; set; } = "";
        public string EntityId { get; set; } = "";
        public string Action { get; set; } = "";
        public string Details { get; set; } = "";
        public AuditEntry ToRecord() => new(Id, At(AtMs), Actor, Enum.Parse<AuditEntity>(Entity), EntityId, Action, Details);
    }
}
