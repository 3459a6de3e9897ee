using DispenseStation.Gateway.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage.Spool;

/// <summary>The gateway's <see cref="DurableSpool"/>, or none when its space could not be allocated (the storage alarm says so).</summary>
public sealed class SpoolFile : IDisposable
{
    public SpoolFile(IOptions<GatewayOptions> options, StorageHealth health, ILogger<SpoolFile> log)
    {
        var path = PathFor(options.Value.Storage);
        try
        {
            Spool = new DurableSpool(path, options.Value.Storage.SpoolBytes);
            if (Spool.Pending > 0)
            {
                log.LogWarning("Spool {Path} holds {Pending} batch writes from before the restart; they are stored as soon as the database writes", path, Spool.Pending);
                health.Report(StorageCondition.Spooling, $"{Spool.Pending} spooled batch writes wait for the database");
            }
        }
        catch (IOException e)
        {
            health.Report(StorageCondition.ReadOnly, $"the spool {path} could not be allocated ({e.Message}): batch writes the database refuses are lost");
        }
    }

    public DurableSpool? Spool { get; }

    public static string PathFor(StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(storage.SpoolFile)) return storage.SpoolFile;
        if (storage.Provider == StorageProvider.Sqlite)
        {
            var source = new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
            if (!string.IsNullOrEmpty(source) && source != ":memory:") return source + ".spool";
        }
        return Path.GetFullPath("dispense-gateway.spool");
    }

    public void Dispose() => Spool?.Dispose();
}
