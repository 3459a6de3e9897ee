using System.Data.Common;
using Dapper;

namespace DispenseStation.Gateway.Storage;

/// <summary>The as-dispensed claim report of a completed batch: the claims judged on the weights that reached the bottle.</summary>
public sealed record BatchClaimReport(string BatchId, string ClaimSetId, string Verdict, string Summary, string ReportJson, DateTimeOffset ComputedAt);

/// <summary>Stores one as-dispensed claim report per batch (table batch_claim_reports, migration 3), SQLite and PostgreSQL alike.</summary>
public sealed class ClaimReportStore(SqlDialect dialect, string connectionString)
{
    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var conn = dialect.CreateConnection(connectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    /// <summary>Writes the report; a batch has one, so a second write for the same batch replaces nothing and returns false.</summary>
    public async Task<bool> SaveAsync(BatchClaimReport r, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO batch_claim_reports (batch_id, claim_set, verdict, summary, report_json, computed_ms)
            SELECT @BatchId, @ClaimSetId, @Verdict, @Summary, @ReportJson, @computed
            WHERE NOT EXISTS (SELECT 1 FROM batch_claim_reports WHERE batch_id = @BatchId)
            """, new { r.BatchId, r.ClaimSetId, r.Verdict, r.Summary, r.ReportJson, computed = r.ComputedAt.ToUnixTimeMilliseconds() }, cancellationToken: ct));
        return rows == 1;
    }

    public async Task<BatchClaimReport?> GetAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT batch_id AS BatchId, claim_set AS ClaimSet, verdict AS Verdict, summary AS Summary, report_json AS ReportJson, computed_ms AS ComputedMs
            FROM batch_claim_reports WHERE batch_id = @id
            """, new { id = batchId }, cancellationToken: ct));
        return row is null ? null
            : new BatchClaimReport(row.BatchId, row.ClaimSet, row.Verdict, row.Summary, row.ReportJson, DateTimeOffset.FromUnixTimeMilliseconds(row.ComputedMs));
    }

    private sealed class Row
    {
        public string BatchId { get; set; } = "";
        public string ClaimSet { get; set; } = "";
        public string Verdict { get; set; } = "";
        public string Summary { get; set; } = "";
        public string ReportJson { get; set; } = "";
        public long ComputedMs { get; set; }
    }
}
