using DispenseStation.Gateway.HomeAssistant;
using DispenseStation.Gateway.Sparkplug;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Commissioning;

/// <summary>Registers the Sparkplug B and Home Assistant views of the stations (each only when enabled) and the commissioning journal.</summary>
public static class ViewsSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ViewJournal>();
        services.AddOptions<SparkplugOptions>().Bind(configuration.GetSection(SparkplugOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SparkplugOptions>, SparkplugOptionsValidator>();
        services.AddOptions<HomeAssistantOptions>().Bind(configuration.GetSection(HomeAssistantOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HomeAssistantOptions>, HomeAssistantOptionsValidator>();
        services.AddOptions<ViewClientOptions>().Bind(configuration.GetSection(ViewClientOptions.Section));
        services.AddSingleton<ViewClients>();

        if (configuration.GetSection(SparkplugOptions.Section).Get<SparkplugOptions>() is { Enabled: true })
        {
            services.AddSingleton<SparkplugDeviceCommands>();
            services.AddSingleton<SparkplugEdgeNode>();
            services.AddHostedService(sp => sp.GetRequiredService<SparkplugEdgeNode>());
        }
        if (configuration.GetSection(HomeAssistantOptions.Section).Get<HomeAssistantOptions>() is { Enabled: true })
        {
            services.AddSingleton<HomeAssistantPublisher>();
            services.AddHostedService(sp => sp.GetRequiredService<HomeAssistantPublisher>());
        }
    }

    public static void Map(WebApplication app) => ViewsApi.Map(app);
}
