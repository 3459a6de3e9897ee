using System.Data.Common;
using Dapper;

namespace DispenseStation.Gateway.Storage;

/// <summary>Applies the migrations a database lacks, each in its own transaction, and records them in schema_migrations.</summary>
public sealed class Migrator(SqlDialect dialect, string connectionString, IReadOnlyList<Migration>? migrations = null)
{
    private readonly IReadOnlyList<Migration> _migrations = migrations ?? Migrations.All;

    /// <summary>Returns the versions applied by this call (empty when the schema was current).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = dialect.CreateConnection(connectionString);
        await conn.OpenAsync(ct);
        await conn.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_ms BIGINT NOT NULL)
            """);
        var applied = (await conn.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
        var done = new List<int>();
        foreach (var m in _migrations.OrderBy(m => m.Version))
        {
            if (applied.Contains(m.Version)) continue;
            await ApplyAsync(conn, m, ct);
            done.Add(m.Version);
        }
        return done;
    }

    public async Task<IReadOnlyList<int>> AppliedVersionsAsync(CancellationToken ct = default)
    {
        await using var conn = dialect.CreateConnection(connectionString);
        await conn.OpenAsync(ct);
        return (await conn.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
    }

    private async Task ApplyAsync(DbConnection conn, Migration m, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await conn.ExecuteAsync(m.Sql(dialect), transaction: tx);
            await conn.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (@v, @n, @t)",
                new { v = m.Version, n = m.Name, t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
            await tx.CommitAsync(ct);
        }
        catch (DbException e)
        {
            await tx.RollbackAsync(ct);
            throw new InvalidOperationException($"Migration {m.Version} '{m.Name}' failed on {dialect.Provider}: {e.Message}", e);
        }
    }
}
