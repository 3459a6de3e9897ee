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
        if (Auth.ExposureRules.Check(builder.Configuration) is { Count: > 0 } exposure)
            throw new OptionsValidationException(Auth.AuthOptions.Section, typeof(Auth.AuthOptions), exposure);
        AddGateway(builder.Services, builder.Configuration);
        Api.GatewayEndpoints.AddServices(builder.Services, builder.Configuration);
        Commissioning.ViewsSetup.AddServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        Api.GatewayEndpoints.Map(app);
        Commissioning.ViewsSetup.Map(app);
        app.MapGet("/health", (GatewayMqttClient mqtt, StorageSetup storage, GatewayInstance instance) => Results.Ok(new
        {
            mqttConnected = mqtt.IsConnected,
            mqttTelemetryConnected = mqtt.IsTelemetryConnected,
            storage = storage.Dialect.Provider.ToString(),
            instance = instance.Id,
            pid = instance.ProcessId,
        })).AllowAnonymous();
        return app;
    }

    public static void AddGateway(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayInstance>();

        // Hosted services start in registration order: schema first, then broker, then the client that needs it.
        services.AddSingleton<StorageSetup>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageSetup>());
        services.AddSingleton<IGatewayRepository>(sp =>
        {
            var storage = sp.GetRequiredService<StorageSetup>();
            return new SqlGatewayRepository(storage.Dialect, storage.ConnectionString);
        });
        Storage.Spool.SpoolServices.Add(services);
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<StorageSetup>();
            return new ClaimReportStore(storage.Dialect, storage.ConnectionString);
        });

        services.AddSingleton<GatewayCredentials>();
        services.AddSingleton<BrokerAuthenticator>();
        var mode = configuration.GetSection($"{GatewayOptions.Section}:Mqtt").Get<MqttOptions>()?.Mode ?? BrokerMode.Embedded;
        if (mode == BrokerMode.Embedded)
        {
            services.AddSingleton<DispenseStation.Gateway.Mqtt.Hardening.BrokerRefusalLog>();
            services.AddSingleton<EmbeddedBrokerService>();
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBrokerService>());
        }
        services.AddSingleton<StoredBeforeAck>();
        services.AddSingleton<GatewayMqttClient>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayMqttClient>());

        services.AddSingleton<TelemetryRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryRecorder>());
        services.AddSingleton<TelemetryPruneService>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryPruneService>());
    }
}
