using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Registry;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Fleet;

/// <summary>
/// Runs the lease keeper every Gateway:Fleet:RenewSeconds over the stations this instance knows of (the database's,
/// those with a channel map, those heard on the broker). An orderly stop hands every station over at once; a process
/// that dies (or a host disposed without stopping) leaves its leases to run out, and another instance takes them then.
/// </summary>
public sealed class StationLeaseService(StationLeaseKeeper keeper, StationRegistry registry, IOptions<GatewayOptions> options,
    ILogger<StationLeaseService> log) : BackgroundService
{
    private readonly TimeSpan _every = TimeSpan.FromSeconds(options.Value.Fleet.RenewSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await keeper.RoundAsync(registry.All().Select(s => s.Id), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database is out of reach: leases run out by the keeper's own clock; the next round tries again.
                log.LogWarning("Lease round failed: {Error}", e.Message);
            }
            try { await Task.Delay(_every, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await keeper.ReleaseAllAsync(cancellationToken); }
        catch (Exception e) { log.LogWarning("Releasing station leases failed (they run out by themselves): {Error}", e.Message); }
    }
}
