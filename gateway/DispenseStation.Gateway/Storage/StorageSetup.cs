using DispenseStation.Gateway.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage;

/// <summary>Picks the database from configuration and brings its schema up to date before anything else runs.</summary>
public sealed class StorageSetup(IOptions<GatewayOptions> options, ILogger<StorageSetup> log) : IHostedService
{
    public SqlDialect Dialect { get; } = SqlDialect.For(options.Value.Storage.Provider);
    public string ConnectionString { get; } = Normalize(options.Value.Storage);

    /// <summary>SQLite enforces foreign keys only when asked, per connection.</summary>
    public static string Normalize(StorageOptions s) => s.Provider == StorageProvider.Sqlite
        ? new SqliteConnectionStringBuilder(s.ConnectionString) { ForeignKeys = true }.ToString()
        : s.ConnectionString;

    public async Task StartAsync(CancellationToken ct)
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
