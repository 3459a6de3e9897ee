namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// A real Mosquitto for the test run, started from deploy/mosquitto/mosquitto.conf as shipped (only
/// paths and ports substituted, <see cref="ShippedMosquittoConfig"/>) with the shipped acl file, on
/// free ports: the plain loopback listener and the TLS listener (certificate for localhost).
/// </summary>
public sealed class MosquittoServer : IAsyncLifetime
{
    public const string GatewayUser = MosquittoProcess.GatewayUser;
    public const string GatewayPassword = MosquittoProcess.GatewayPassword;
    public static IReadOnlyDictionary<string, string> Stations => MosquittoProcess.Stations;

    /// <summary>Users of the Sparkplug and Home Assistant views (deploy/mosquitto/acl grants them their topics).</summary>
    public static readonly IReadOnlyDictionary<string, string> ViewUsers = new Dictionary<string, string>
    {
        ["dispense-sparkplug"] = "pw-edge-node",
        ["scada"] = "pw-scada",
        ["homeassistant"] = "pw-ha",
    };

    private TempDir? _dir;
    private MosquittoProcess? _process;

    public string? Unavailable { get; private set; }
    public int Port { get; private set; }
    public int TlsPort { get; private set; }
    public string CaCertificateFile { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Unavailable = MosquittoProcess.Unavailable;
        if (Unavailable is not null) return;
        _dir = new TempDir("ds-mosquitto-");
        var data = await MosquittoProcess.PrepareDirectoryAsync(_dir);
        CaCertificateFile = _dir.File("ca.crt");
        Port = FreePort.Next();
        TlsPort = FreePort.Next();
        var conf = _dir.File("mosquitto.conf");
        await File.WriteAllTextAsync(conf, ShippedMosquittoConfig.Render(await File.ReadAllTextAsync(ShippedMosquittoConfig.ShippedPath), _dir.Path, data, TlsPort, Port));
        _process = MosquittoProcess.Start(conf);
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10), () => Log);
        await FreePort.WaitUntilListeningAsync(TlsPort, TimeSpan.FromSeconds(10), () => Log);
    }

    public string Log => _process?.Log ?? "";

    public Task DisposeAsync()
    {
        _process?.Dispose();
        _dir?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class MosquittoCollection : ICollectionFixture<MosquittoServer>
{
    public const string Name = "mosquitto";
}
