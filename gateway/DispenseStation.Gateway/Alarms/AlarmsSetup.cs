using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Alarms;

/// <summary>Registers the alarm list's services and maps its API (one call each from the gateway's setup).</summary>
public static class AlarmsSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AlarmResponseStore>();
        services.AddSingleton<AlarmBoard>();
        services.AddOptions<AlarmWebhookOptions>().Bind(configuration.GetSection(AlarmWebhookOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlarmWebhookOptions>, AlarmWebhookOptionsValidator>();
        services.AddHttpClient(AlarmWebhook.ClientName);
        services.AddSingleton<AlarmWebhook>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmWebhook>());
    }

    public static void Map(IEndpointRouteBuilder api) => AlarmsApi.Map(api);
}

/// <summary>Every problem of the webhook settings at start-up, each naming its setting.</summary>
public sealed class AlarmWebhookOptionsValidator : IValidateOptions<AlarmWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, AlarmWebhookOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
