using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Signatures;

/// <summary>The append-only signatures table (migration 4): one signature per batch and meaning.</summary>
public sealed class SignatureStore(SqlDialect dialect, string connectionString)
{
    /// <summary>False when the batch already has a signature with this meaning (the unique key decides, not a prior read).</summary>
    public async Task<bool> AddAsync(SignatureRecord s, CancellationToken ct = default)
    {
        await using var c = dialect.CreateConnection(connectionString);
        await c.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO signatures (batch_id, meaning, user_name, signed_ms, content_sha256) VALUES (@batchId, @meaning, @userName, @at, @hash)
            ON CONFLICT (batch_id, meaning) DO NOTHING
            """, new { batchId = s.BatchId, meaning = s.Meaning, userName = s.UserName, at = s.SignedAt.ToUnixTimeMilliseconds(), hash = s.ContentSha256 },
            cancellationToken: ct)) == 1;
    }

    public async Task<IReadOnlyList<SignatureRecord>> ListAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = dialect.CreateConnection(connectionString);
        await c.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            "SELECT id, batch_id, meaning, user_name, signed_ms, content_sha256 FROM signatures WHERE batch_id = @batchId ORDER BY id",
            new { batchId }, cancellationToken: ct));
        return rows.Select(r => new SignatureRecord(r.Id, r.BatchId, r.Meaning, r.UserName, DateTimeOffset.FromUnixTimeMilliseconds(r.SignedMs), r.ContentSha256)).ToList();
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string BatchId { get; set; } = "";
        public string Meaning { get; set; } = "";
        public string UserName { get; set; } = "";
        public long SignedMs { get; set; }
        public string ContentSha256 { get; set; } = "";
    }
}
