using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Maintenance;

/// <summary>Registers the maintenance services (scale checks, batch calibration snapshots) and maps their API.</summary>
public static class MaintenanceSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MaintenanceOptions>().Bind(configuration.GetSection(MaintenanceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MaintenanceOptions>, MaintenanceOptionsValidator>();
        services.AddSingleton<ScaleCheckStore>();
        services.AddSingleton<ScaleChecks>();
        services.AddSingleton<CalibrationSnapshots>();
        services.AddHostedService<ScaleCheckFollower>();
    }

    public static void Map(IEndpointRouteBuilder api) => MaintenanceApi.Map(api);
}

/// <summary>Every problem of the maintenance settings at start-up, each naming its setting.</summary>
public sealed class MaintenanceOptionsValidator : IValidateOptions<MaintenanceOptions>
{
    public ValidateOptionsResult Validate(string? name, MaintenanceOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>Creates <see cref="ScaleChecks"/> when the gateway starts, not at the first request: it follows every station's
/// readings from then on, so a first step right after start-up can see that the scale has settled.</summary>
public sealed class ScaleCheckFollower(ScaleChecks checks) : IHostedService
{
    public ScaleChecks Checks { get; } = checks;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
