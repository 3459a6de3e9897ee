namespace DispenseStation.Gateway.Storage.History;

/// <summary>Registers the telemetry tiers (store, roll-up service) and maps the history API: one call each from the gateway's setup.</summary>
public static class TelemetryHistorySetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryHistoryOptions>().Bind(configuration.GetSection(TelemetryHistoryOptions.Section))
            .Validate(o => o.MinuteTierDays is >= 1 and <= 36_500, $"{TelemetryHistoryOptions.Section}:MinuteTierDays: must be between 1 and 36500")
            .Validate(o => o.HourTierDays is >= 1 and <= 36_500, $"{TelemetryHistoryOptions.Section}:HourTierDays: must be between 1 and 36500")
            .Validate(o => o.RollupIntervalSeconds is >= 1 and <= 3600, $"{TelemetryHistoryOptions.Section}:RollupIntervalSeconds: must be between 1 and 3600")
            .Validate(o => o.MaxPoints is >= 100 and <= 1_000_000, $"{TelemetryHistoryOptions.Section}:MaxPoints: must be between 100 and 1000000")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<StorageSetup>();
            return new TelemetryHistoryStore(storage.Dialect, storage.ConnectionString);
        });
        services.AddSingleton<TelemetryRollupService>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryRollupService>());
    }

    public static void Map(IEndpointRouteBuilder api) => TelemetryHistoryApi.Map(api);
}
