using DispenseStation.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage.History;

/// <summary>
/// Keeps the 1 min and 1 h telemetry tiers: every interval it rolls up the complete buckets since the newest one stored
/// (going back a few buckets, so rows that reached the database late, such as a batched or spooled sample, are counted),
/// then prunes each tier to its retention. On an empty tier it starts from the oldest stored row, a day at a time.
/// </summary>
public sealed class TelemetryRollupService(
    TelemetryHistoryStore store, IOptions<GatewayOptions> gateway, IOptions<TelemetryHistoryOptions> options, TimeProvider time,
    ILogger<TelemetryRollupService> log) : BackgroundService
{
    private static readonly TimeSpan Chunk = TimeSpan.FromDays(1);

    /// <summary>Buckets recomputed behind the newest one already stored.</summary>
    public const int LookbackBuckets = 10;

    public IReadOnlyList<TelemetryTier> Tiers { get; } = TelemetryTier.All(gateway.Value.Telemetry, options.Value);

    /// <summary>One pass over every tier; returns the rows written and the rows pruned.</summary>
    public async Task<(int Written, int Pruned)> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        int written = 0, pruned = 0;
        for (var i = 1; i < Tiers.Count; i++)
        {
            var (source, target) = (Tiers[i - 1], Tiers[i]);
            var end = TelemetryHistoryStore.Floor(now, target.ResolutionMs);
            var start = await store.NewestAsync(target, ct) is { } newest
                ? newest - TimeSpan.FromMilliseconds(LookbackBuckets * target.ResolutionMs)
                : await store.OldestAsync(source, ct);
            var cut = target.ReachesBackTo(now);
            if (start is { } s)
                for (var from = s < cut ? cut : s; from < end; from += Chunk)
                    written += await store.RollUpAsync(source, target, from, from + Chunk < end ? from + Chunk : end, ct);
            pruned += await store.PruneAsync(target, cut, ct);
        }
        return (written, pruned);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.RollupIntervalSeconds)), time);
        do
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Telemetry roll-up failed"); }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
