using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway;

/// <summary>Builds the gateway's web application: configuration, storage, broker and MQTT client.</summary>
public static class GatewayApp
{
    /// <param name="args">Command line; see <see cref="CommandLineSwitches"/>.</param>
    /// <param name="configure">Lets tests add configuration or replace services before the app is built.</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json (and later the dashboard's files) sit next to the executable, whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, CommandLineSwitches.Map.ToDictionary());
        configure?.Invoke(builder);
        AddGateway(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.MapGet("/health", (GatewayMqttClient mqtt, StorageSetup storage) => Results.Ok(new
        {
            mqttConnected = mqtt.IsConnected,
            storage = storage.Dialect.Provider.ToString(),
        }));
        return app;
    }

    public static void AddGateway(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        // Hosted services start in registration order: schema first, then broker, then the client that needs it.
        services.AddSingleton<StorageSetup>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageSetup>());
        services.AddSingleton<IGatewayRepository>(sp =>
        {
            var storage = sp.GetRequiredService<StorageSetup>();
            return new SqlGatewayRepository(storage.Dialect, storage.ConnectionString);
        });

        services.AddSingleton<GatewayCredentials>();
        services.AddSingleton<BrokerAuthenticator>();
        var mode = configuration.GetSection($"{GatewayOptions.Section}:Mqtt").Get<MqttOptions>()?.Mode ?? BrokerMode.Embedded;
        if (mode == BrokerMode.Embedded)
        {
            services.AddSingleton<EmbeddedBrokerService>();
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBrokerService>());
        }
        services.AddSingleton<GatewayMqttClient>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayMqttClient>());

        services.AddSingleton<TelemetryRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryRecorder>());
        services.AddSingleton<TelemetryPruneService>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryPruneService>());
    }
}
