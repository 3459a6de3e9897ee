namespace DispenseStation.Gateway.BakeJobs;

/// <summary>Registers the bake-job services and maps their API (one call each from the gateway's setup).</summary>
public static class BakeJobsSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BakeJobOptions>().Bind(configuration.GetSection(BakeJobOptions.Section))
            .Validate(o => o.PlateLimitC is > 0 and <= 400, $"{BakeJobOptions.Section}:PlateLimitC: must be above 0 and at most 400")
            .Validate(o => o.TraceMilliseconds is >= 10 and <= 60_000, $"{BakeJobOptions.Section}:TraceMilliseconds: must be between 10 and 60000")
            .ValidateOnStart();
        services.AddSingleton<BakeJobStore>();
        services.AddSingleton<BakeProfileLibrary>();
        services.AddSingleton<BakeJobOrchestrator>();
        services.AddHostedService(sp => sp.GetRequiredService<BakeJobOrchestrator>());
    }

    public static void Map(IEndpointRouteBuilder api) => BakeJobsApi.Map(api);
}
