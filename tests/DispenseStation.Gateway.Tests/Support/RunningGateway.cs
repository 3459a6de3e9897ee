using System.Text;
using System.Threading.Channels;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Security;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>The real gateway app started in-process (HTTP on a random port, SQLite in a temp dir), with its MQTT traffic recorded.</summary>
public sealed class RunningGateway : IAsyncDisposable
{
    private readonly TempDir _dir;
    private readonly Channel<(string Topic, string Payload)> _seen = Channel.CreateUnbounded<(string, string)>();

    private RunningGateway(WebApplication app, TempDir dir, int mqttPort, RecentLogLines warnings, RecentLogLines received)
    {
        Warnings = warnings;
        Received = received;
        App = app;
        _dir = dir;
        MqttPort = mqttPort;
        Mqtt = app.Services.GetRequiredService<GatewayMqttClient>();
        Mqtt.MessageReceived += m =>
        {
            var text = Encoding.UTF8.GetString(m.Payload);
            _seen.Writer.TryWrite((m.Topic, text));
            Received.Add(m.Topic + " " + (text.Length > 160 ? text[..160] + "..." : text));
            return Task.CompletedTask;
        };
    }

    public WebApplication App { get; }
    public GatewayMqttClient Mqtt { get; }
    public int MqttPort { get; }
    public ChannelReader<(string Topic, string Payload)> Seen => _seen.Reader;
    /// <summary>The gateway's last warnings and errors (for a timed-out test to quote).</summary>
    public RecentLogLines Warnings { get; }
    /// <summary>The last messages the gateway's MQTT client received (for a timed-out test to quote).</summary>
    public RecentLogLines Received { get; }

    /// <summary>Station credentials hashed the way an operator would configure them (fewer PBKDF2 rounds to keep tests fast).</summary>
    public static Dictionary<string, string?> StationSettings(IReadOnlyDictionary<string, string> stations)
    {
        var settings = new Dictionary<string, string?>();
        var i = 0;
        foreach (var (id, pw) in stations)
        {
            settings[$"Gateway:Stations:{i}:Id"] = id;
            settings[$"Gateway:Stations:{i}:PasswordHash"] = PasswordHash.Create(pw, 10_000);
            i++;
        }
        return settings;
    }

    /// <summary>How long a started gateway may take to connect to its embedded broker.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Setting read by the test host only: "false" starts the gateway without the default test user (real sign-in only).</summary>
    public const string DefaultUserSetting = "Test:DefaultUser";

    /// <param name="settings">Configuration on top of the defaults; null values are ignored.
    /// Unless <see cref="DefaultUserSetting"/> is "false", callers without credentials are <see cref="TestUserHandler.Name"/> with every role.</param>
    public static async Task<RunningGateway> StartAsync(IDictionary<string, string?> settings, string subscribeFilter = "dispense/v1/#")
    {
        var dir = new TempDir("ds-gw-");
        var mqttPort = FreePort.Next();
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Gateway:Mqtt:Port"] = mqttPort.ToString(),
            ["Gateway:Mqtt:ReconnectDelayMilliseconds"] = "100",
            ["Gateway:Storage:ConnectionString"] = $"Data Source={dir.File("gateway.db")}",
        };
        foreach (var (k, v) in settings) all[k] = v;
        var warnings = new RecentLogLines(60);
        var app = GatewayApp.Create([], b =>
        {
            b.Configuration.AddInMemoryCollection(all);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Logging.AddProvider(warnings);
            if (!string.Equals(all.GetValueOrDefault(DefaultUserSetting), "false", StringComparison.OrdinalIgnoreCase)) TestUserHandler.Install(b);
        });
        var gw = new RunningGateway(app, dir, mqttPort, warnings, new RecentLogLines(60));
        await gw.Mqtt.SubscribeAsync(subscribeFilter, CancellationToken.None);
        await app.StartAsync();
        // Start-up patience, not a message's: a loaded machine took over 10 s from StartAsync to the gateway's own
        // client on its embedded broker (loaded run, EmbeddedBrokerTests); a gateway that never connects still fails.
        await gw.Mqtt.WaitUntilConnectedAsync(new CancellationTokenSource(StartTimeout).Token);
        return gw;
    }

    private bool _crashed;

    /// <summary>Ends the gateway the way a killed process ends: no orderly stop (hosted services are not stopped, so
    /// nothing is handed over or flushed), its services and connections simply disposed.</summary>
    public async Task CrashAsync()
    {
        _crashed = true;
        await App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_crashed)
        {
            _dir.Dispose();
            return;
        }
        await App.StopAsync();
        await App.DisposeAsync();
        _dir.Dispose();
    }
}
