using DispenseStation.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage.Spool;

/// <summary>
/// Stores spooled writes, oldest first, whenever the database writes again (tried every
/// Storage:SpoolRetrySeconds). A record the database refuses for another reason than a storage fault
/// cannot succeed later: it is logged whole (so it is not lost from sight) and passed over.
/// </summary>
public sealed class SpoolReplayService(
    SpoolFile file, SqlGatewayRepository database, StorageHealth health, IOptions<GatewayOptions> options, ILogger<SpoolReplayService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(options.Value.Storage.SpoolRetrySeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (file.Spool is { } spool) await ReplayAsync(spool, database, health, log);
            // A start-up alarm for a full disk with nothing spooled ends when space is back.
            if (health.Condition == StorageCondition.ReadOnly && file.Spool is { Pending: 0 }
                && Capacity.DiskSpace.FreeBytes(options.Value.Storage) is >= StorageSetup.MinFreeBytesAtStart)
                health.Report(StorageCondition.Healthy, null);
            try { await Task.Delay(every, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Replays what the database takes; returns the number of records still pending.</summary>
    public static async Task<int> ReplayAsync(DurableSpool spool, IGatewayRepository database, StorageHealth health, ILogger log)
    {
        var records = spool.PendingRecords();
        if (records.Count == 0) return 0;
        foreach (var (json, next) in records)
        {
            try
            {
                await SpoolingRepository.Replay(database, json);
            }
            catch (Exception e) when (StorageFault.IsStorageFault(e))
            {
                return spool.Pending; // still full: try again later
            }
            catch (Exception e)
            {
                log.LogError(e, "Spooled write cannot be stored and is passed over: {Json}", json);
            }
            spool.MarkReplayed(next);
        }
        if (spool.Pending == 0) health.Report(StorageCondition.Healthy, null);
        return spool.Pending;
    }
}
