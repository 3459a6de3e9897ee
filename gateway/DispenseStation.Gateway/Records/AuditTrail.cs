using System.Data.Common;
using System.Text.Json;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Records;

/// <summary>An attributed action: who, what, on which entity, at which station and batch, with the values before and after.</summary>
public sealed record AuditAction(string Actor, AuditEntity Entity, string EntityId, string Action, object? Before, object? After,
    string? StationId = null, string? BatchId = null, object? Details = null);

/// <summary>Filters of the audit page and GET /api/audit: who, entity, action, station, batch and a UTC time range.</summary>
public sealed record AuditFilter(string? Actor = null, AuditEntity? Entity = null, string? EntityId = null, string? Action = null,
    string? StationId = null, string? BatchId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 1000);

/// <summary>One row of the audit log with the station and batch it concerns (migration 4).</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string Entity, string EntityId, string Action, string Details,
    string? StationId, string? BatchId);

/// <summary>
/// Writes attributed actions into the append-only audit_log (details = JSON { before, after, ... }) and reads it back
/// filtered. Shares the table with <see cref="IGatewayRepository.AppendAuditAsync"/>, whose rows have no station or batch.
/// </summary>
public sealed class AuditTrail(StorageSetup storage, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Task<DbConnection> OpenAsync(CancellationToken ct) => storage.OpenAsync(ct);

    public async Task<long> AppendAsync(AuditAction a, CancellationToken ct = default)
    {
        var details = JsonSerializer.Serialize(new { before = a.Before, after = a.After, details = a.Details }, Json);
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO audit_log (at_ms, actor, entity, entity_id, action, details, station_id, batch_id)
            VALUES (@at, @actor, @entity, @entityId, @action, @details, @stationId, @batchId) RETURNING id
            """, new
        {
            at = time.GetUtcNow().ToUnixTimeMilliseconds(), actor = a.Actor, entity = a.Entity.ToString(), entityId = a.EntityId,
            action = a.Action, details, stationId = a.StationId, batchId = a.BatchId,
        }, cancellationToken: ct));
    }

    /// <summary>Oldest first, at most <see cref="AuditFilter.Limit"/> rows.</summary>
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditFilter f, CancellationToken ct = default)
    {
        var where = new List<string>();
        if (f.Actor is not null) where.Add("actor = @actor");
        if (f.Entity is not null) where.Add("entity = @entity");
        if (f.EntityId is not null) where.Add("entity_id = @entityId");
        if (f.Action is not null) where.Add("action = @action");
        if (f.StationId is not null) where.Add("station_id = @stationId");
        if (f.BatchId is not null) where.Add("(batch_id = @batchId OR (entity = 'Batch' AND entity_id = @batchId))");
        if (f.From is not null) where.Add("at_ms >= @from");
        if (f.To is not null) where.Add("at_ms < @to");
        // Aliased columns: Dapper's underscore matching is a process-wide switch this class must not rely on.
        var sql = "SELECT id, at_ms AS AtMs, actor, entity, entity_id AS EntityId, action, details, station_id AS StationId, batch_id AS BatchId FROM audit_log"
                  + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY id LIMIT @limit";
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(sql, new
        {
            actor = f.Actor, entity = f.Entity?.ToString(), entityId = f.EntityId, action = f.Action, stationId = f.StationId, batchId = f.BatchId,
            from = f.From?.ToUnixTimeMilliseconds(), to = f.To?.ToUnixTimeMilliseconds(), limit = f.Limit,
        }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long AtMs { get; set; }
        public string Actor { get; set; } = "";
        public string Entity { get; set; } = "";
        public string EntityId { get; set; } = "";
        public string Action { get; set; } = "";
        public string Details { get; set; } = "";
        public string? StationId { get; set; }
        public string? BatchId { get; set; }
        public AuditRecord ToRecord() => new(Id, DateTimeOffset.FromUnixTimeMilliseconds(AtMs), Actor,
            Entity, EntityId, Action, Details, StationId, BatchId);
    }
}
