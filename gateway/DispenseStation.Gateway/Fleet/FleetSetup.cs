using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Fleet;

/// <summary>
/// Registers who owns which station: with Gateway:Fleet:Enabled the lease keeper, its hosted rounds and the event gate;
/// otherwise one gateway owning every station.
/// </summary>
public static class FleetSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var enabled = configuration.GetSection($"{GatewayOptions.Section}:Fleet").Get<FleetOptions>()?.Enabled ?? false;
        if (!enabled)
        {
            services.AddSingleton<IStationOwnership, SingleGatewayOwnership>();
            return;
        }
        services.AddSingleton(sp => new StationLeaseStore(sp.GetRequiredService<StorageSetup>()));
        services.AddSingleton(sp => new StationLeaseKeeper(sp.GetRequiredService<StationLeaseStore>(), sp.GetRequiredService<GatewayInstance>().Id,
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Fleet.LeaseSeconds)));
        services.AddSingleton<IStationOwnership>(sp => sp.GetRequiredService<StationLeaseKeeper>());
        services.AddSingleton(sp => new StationEventGate(sp.GetRequiredService<StationLeaseKeeper>(), sp.GetRequiredService<StationLeaseStore>(),
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Fleet.ReplayBufferEvents, sp.GetRequiredService<ILogger<StationEventGate>>()));
        // After the message router (registered before this): the first round sees the stations the registry loaded.
        services.AddHostedService<StationLeaseService>();
    }
}
