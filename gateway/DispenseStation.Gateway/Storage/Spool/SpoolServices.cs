namespace DispenseStation.Gateway.Storage.Spool;

/// <summary>Puts the <see cref="SpoolingRepository"/> in front of the SQL repository and starts the replay.</summary>
public static class SpoolServices
{
    /// <summary>Call after IGatewayRepository is registered: the later registration is the one resolved.</summary>
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<SpoolFile>();
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<StorageSetup>();
            return new SqlGatewayRepository(storage.Dialect, storage.ConnectionString);
        });
        services.AddSingleton<IGatewayRepository>(sp => SpoolingRepository.Create(
            sp.GetRequiredService<SqlGatewayRepository>(), sp.GetRequiredService<SpoolFile>().Spool,
            sp.GetRequiredService<StorageHealth>(), sp.GetRequiredService<ILogger<SpoolingRepository>>()));
        services.AddSingleton<SpoolReplayService>();
        services.AddHostedService(sp => sp.GetRequiredService<SpoolReplayService>());
        services.AddHostedService<Capacity.RetentionWatch>();
    }
}
