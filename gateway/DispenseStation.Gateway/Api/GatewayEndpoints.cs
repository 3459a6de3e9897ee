using DispenseStation.Gateway.Live;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Registry;
using Microsoft.Extensions.FileProviders;

namespace DispenseStation.Gateway.Api;

/// <summary>Registers registry, orchestration and API services, and maps the API and the dashboard.</summary>
public static class GatewayEndpoints
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LibraryOptions>().Bind(configuration.GetSection(LibraryOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LibraryOptions>, LibraryOptionsValidator>();
        services.AddOptions<OrchestrationOptions>().Bind(configuration.GetSection(OrchestrationOptions.Section))
            .Validate(o => o.CommandTimeoutSeconds is >= 1 and <= 600, $"{OrchestrationOptions.Section}:CommandTimeoutSeconds: must be between 1 and 600")
            .Validate(o => o.ReadyTimeoutSeconds is >= 1 and <= 600, $"{OrchestrationOptions.Section}:ReadyTimeoutSeconds: must be between 1 and 600")
            .Validate(o => o.MinimumToleranceGrams is > 0 and <= 1, $"{OrchestrationOptions.Section}:MinimumToleranceGrams: must be greater than 0 and at most 1")
            .Validate(o => o.BakeTraceMilliseconds is >= 10 and <= 60_000, $"{OrchestrationOptions.Section}:BakeTraceMilliseconds: must be between 10 and 60000")
            .ValidateOnStart();
        Auth.AuthSetup.AddServices(services, configuration);
        services.AddSingleton<Records.AuditTrail>();
        services.AddSingleton<Records.Bundles.RecordSeal>();
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<Storage.StorageSetup>();
            return new Signatures.SignatureStore(storage.Dialect, storage.ConnectionString);
        });
        Guards.InputLimits.AddServices(services, configuration);
        services.AddSingleton<RecipeLibrary>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<StationRegistry>();
        services.AddSingleton<CommandSender>();
        services.AddSingleton<StationPreparation>();
        services.AddSingleton<BatchOrchestrator>();
        services.AddSingleton<TuningRegistry>();
        services.AddHostedService<StationMessageRouter>();
        BakeJobs.BakeJobsSetup.AddServices(services, configuration);
        Alarms.AlarmsSetup.AddServices(services, configuration);
        PumpMaintenance.PumpMaintenanceSetup.AddServices(services);
        Editor.EditorSetup.AddServices(services);
        Maintenance.MaintenanceSetup.AddServices(services, configuration);
        Storage.History.TelemetryHistorySetup.AddServices(services, configuration);
        // After the message router: the lease rounds start once the registry has loaded the stations.
        Fleet.FleetSetup.AddServices(services, configuration);
        // Unreadable bodies reach ApiErrorMiddleware as exceptions, so they get the same field/rule answer as other errors.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals);
    }

    public static void Map(WebApplication app)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<Guards.BodySizeMiddleware>();
        var web = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(web))
        {
            var files = new PhysicalFileProvider(web);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }
        Auth.AuthSetup.Use(app);
        var api = app.MapGroup("/api");
        Auth.AuthApi.Map(api);
        Auth.UsersApi.Map(api);
        Signatures.SignaturesApi.Map(api);
        Records.ExportsApi.Map(api);
        Records.Bundles.RecordBundleApi.Map(api);
        StationsApi.Map(api);
        BatchesApi.Map(api);
        RecipesApi.Map(api);
        ClaimReportApi.Map(api);
        BatchClaimsApi.Map(api);
        AuditApi.Map(api);
        TuningApi.Map(api);
        EventsApi.Map(api);
        Storage.Spool.StorageApi.Map(api);
        BakeJobs.BakeJobsSetup.Map(api);
        Alarms.AlarmsSetup.Map(api);
        PumpMaintenance.PumpMaintenanceSetup.Map(api);
        Editor.EditorSetup.Map(api);
        Maintenance.MaintenanceSetup.Map(api);
        Storage.History.TelemetryHistorySetup.Map(api);
        api.MapFallback(() => Results.Json(new ApiErrorBody("not found", 404, [new ApiError("path", "no such API endpoint")]), statusCode: 404))
            .RequireAuthorization(Auth.GatewayRoles.Viewer);
    }
}
