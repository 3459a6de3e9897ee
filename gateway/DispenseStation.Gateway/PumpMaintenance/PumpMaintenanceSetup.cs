namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>Registers the pump maintenance services and maps their API (one call each from the gateway's setup).</summary>
public static class PumpMaintenanceSetup
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<PumpRunStore>();
        services.AddSingleton<PumpRunRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<PumpRunRecorder>());
        services.AddSingleton<PumpRunStarter>();
    }

    public static void Map(IEndpointRouteBuilder api) => PumpMaintenanceApi.Map(api);
}
