namespace DispenseStation.Gateway.Alarms;

/// <summary>Registers the alarm list's services and maps its API (one call each from the gateway's setup).</summary>
public static class AlarmsSetup
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<AlarmResponseStore>();
        services.AddSingleton<AlarmBoard>();
    }

    public static void Map(IEndpointRouteBuilder api) => AlarmsApi.Map(api);
}
