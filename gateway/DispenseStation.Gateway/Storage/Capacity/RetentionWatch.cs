using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Registry;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage.Capacity;

/// <summary>
/// Checks at start and every Telemetry:PruneIntervalMinutes whether the configured telemetry
/// retention fits the free disk for the stations known now; warns (once per check) before it fills.
/// </summary>
public sealed class RetentionWatch(IOptions<GatewayOptions> options, StationRegistry stations, ILogger<RetentionWatch> log) : BackgroundService
{
    public RetentionPlan? Check()
    {
        var o = options.Value;
        if (DiskSpace.FreeBytes(o.Storage) is not { } free) return null;
        var plan = new RetentionPlan(free, Math.Max(1, stations.All().Count), o.Telemetry.DownsampleMilliseconds, Spool.StorageApi.TelemetryBytesPerRow, o.Telemetry.RetentionDays);
        if (plan.Warning is { } warning) log.LogWarning("Disk will fill: {Warning}", warning);
        return plan;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromMinutes(options.Value.Telemetry.PruneIntervalMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            Check();
            try { await Task.Delay(every, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
