using DispenseStation.Gateway.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage;

/// <summary>Picks the database from configuration and brings its schema up to date before anything else runs.</summary>
public sealed class StorageSetup(IOptions<GatewayOptions> options, ILogger<StorageSetup> log, Spool.StorageHealth? health = null) : IHostedService
{
    public SqlDialect Dialect { get; } = SqlDialect.For(options.Value.Storage.Provider);
    public string ConnectionString { get; } = Normalize(options.Value.Storage);

    /// <summary>SQLite enforces foreign keys only when asked, per connection.</summary>
    public static string Normalize(StorageOptions s) => s.Provider == StorageProvider.Sqlite
        ? new SqliteConnectionStringBuilder(s.ConnectionString) { ForeignKeys = true }.ToString()
        : s.ConnectionString;

    /// <summary>An open connection to the gateway's database, for the stores that keep their own tables.</summary>
    public async Task<System.Data.Common.DbConnection> OpenAsync(CancellationToken ct)
    {
        var c = Dialect.CreateConnection(ConnectionString);
        await c.OpenAsync(ct);
        return c;
    }

    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            await PrepareAsync(ct);
        }
        catch (Exception e) when (health is not null && Spool.StorageFault.IsStorageFault(e))
        {
            if (!await SchemaReadableAsync(ct))
                throw new InvalidOperationException($"{GatewayOptions.Section}:Storage:ConnectionString: the database cannot be created or migrated because the disk is full ({e.Message}); free space and start again", e);
            // A full disk must not keep the gateway down: it starts read-only, shows the alarm and spools batch writes.
            health.Report(Spool.StorageCondition.ReadOnly, $"the database cannot write at start-up: {e.Message}");
            return;
        }
        if (health is not null && Capacity.DiskSpace.FreeBytes(options.Value.Storage) is { } free && free < MinFreeBytesAtStart)
            health.Report(Spool.StorageCondition.ReadOnly, $"the database's disk has {free} bytes free at start-up: batch writes it refuses go to the spool");
    }

    /// <summary>Below this much free space the gateway starts with the storage alarm raised.</summary>
    public const long MinFreeBytesAtStart = 1024 * 1024;

    private async Task<bool> SchemaReadableAsync(CancellationToken ct)
    {
        try
        {
            await using var c = Dialect.CreateConnection(ConnectionString);
            await c.OpenAsync(ct);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM schema_migrations";
            await cmd.ExecuteScalarAsync(ct);
            return true;
        }
        catch (System.Data.Common.DbException)
        {
            return false;
        }
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        if (Dialect.Provider == StorageProvider.Sqlite)
        {
            // WAL lets the dashboard read while telemetry and batch records are written (the setting persists in the file).
            await using var c = Dialect.CreateConnection(ConnectionString);
            await c.OpenAsync(ct);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode=WAL";
            await cmd.ExecuteNonQueryAsync(ct);
        }
        var applied = await new Migrator(Dialect, ConnectionString).MigrateAsync(ct);
        log.LogInformation("Storage {Provider}: schema current, applied migrations [{Applied}]", Dialect.Provider, string.Join(", ", applied));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
