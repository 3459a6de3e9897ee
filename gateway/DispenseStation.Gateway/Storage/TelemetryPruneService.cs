using DispenseStation.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage;

/// <summary>Deletes telemetry older than the retention setting, once at start-up and then every prune interval.</summary>
public sealed class TelemetryPruneService(
    IGatewayRepository repository, IOptions<GatewayOptions> options, TimeProvider time, ILogger<TelemetryPruneService> log)
    : BackgroundService
{
    private readonly TelemetryOptions _settings = options.Value.Telemetry;

    /// <summary>One prune pass; returns the number of rows deleted.</summary>
    public async Task<int> PruneOnceAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(_settings.RetentionDays);
        var removed = await repository.PruneTelemetryAsync(cutoff, ct);
        if (removed > 0) log.LogInformation("Pruned {Count} telemetry rows older than {Cutoff:u}", removed, cutoff);
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(_settings.PruneIntervalMinutes), time);
        do
        {
            try { await PruneOnceAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Telemetry prune failed"); }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
