using System.Net;
using System.Security.Cryptography.X509Certificates;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt.Hardening;
using DispenseStation.Protocol;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// The MQTTnet broker inside the gateway process. Its hooks authenticate every connection and
/// apply <see cref="TopicAccessPolicy"/> to every publish (will messages included) and subscription.
/// Its listeners (<see cref="GuardedTcpServerAdapter"/>) bound every packet's size before it is read;
/// plain MQTT only on loopback, TLS with the configured certificate on any other address.
/// </summary>
public sealed class EmbeddedBrokerService : IHostedService, IAsyncDisposable
{
    private const string IdentityKey = "dispense.identity";
    private readonly LoginGate _logins;
    private readonly BrokerRefusalLog _refusals;
    private readonly PublishRateLimiter _publishRate;
    private readonly ILogger<EmbeddedBrokerService> _log;
    private readonly MqttServer _server;
    private readonly GuardedTcpServerAdapter _listeners;
    private readonly StoredBeforeAck? _storedBeforeAck;

    public EmbeddedBrokerService(IOptions<GatewayOptions> options, BrokerAuthenticator authenticator, ILogger<EmbeddedBrokerService> log,
        BrokerRefusalLog? refusals = null, TimeProvider? clock = null, ILoggerFactory? loggers = null, StoredBeforeAck? storedBeforeAck = null)
    {
        _storedBeforeAck = storedBeforeAck;
        clock ??= TimeProvider.System;
        loggers ??= Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        _refusals = refusals ?? new BrokerRefusalLog(loggers.CreateLogger<BrokerRefusalLog>(), clock, options);
        _logins = new LoginGate(options, authenticator, _refusals, clock);
        _dropLog = new LogThrottle(clock, TimeSpan.FromSeconds(options.Value.Mqtt.Limits.LogSummaryIntervalSeconds));
        _log = log;
        var mqtt = options.Value.Mqtt;
        _publishRate = new PublishRateLimiter(clock, mqtt.Limits.PublishesPerSecond, mqtt.Limits.PublishBurst);
        var serverOptions = new MqttServerFactory().CreateServerOptionsBuilder()
            // Sessions outlive a dropped link, so QoS 1 messages wait for a client that reconnects
            // (the gateway's client asks for this with CleanStart=false and a session expiry).
            .WithPersistentSessions(true)
            .WithMaxPendingMessagesPerClient(MaxPendingMessagesPerClient)
            // Said explicitly (it is MQTTnet's default): a client that reads too slowly loses its oldest queued messages,
            // never the latest, and each loss raises QueuedApplicationMessageOverwrittenAsync, which is counted below.
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();
        _listeners = new GuardedTcpServerAdapter(Listeners(mqtt), mqtt.Limits, _refusals, log);
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [_listeners]);
        _server.ValidatingConnectionAsync += OnValidatingConnection;
        _server.InterceptingPublishAsync += OnInterceptingPublish;
        _server.InterceptingSubscriptionAsync += OnInterceptingSubscription;
        _server.QueuedApplicationMessageOverwrittenAsync += e =>
        {
            Interlocked.Increment(ref _dropped);
            _dropsByClient.AddOrUpdate(e.ReceiverClientId, 1, (_, n) => n + 1);
            if (_dropLog.ShouldLog(e.ReceiverClientId, "queue overflow") is { } leftOut)
                _log.LogWarning("MQTT dropped the oldest queued message for {Client}: more than {Max} messages waiting for it (it reads too slowly); {LeftOut} more since the last line",
                    e.ReceiverClientId, MaxPendingMessagesPerClient, leftOut);
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += e =>
        {
            _publishRate.Forget(e.ClientId);
            return Task.CompletedTask;
        };
        Endpoint = new IPEndPoint(IPAddress.Parse(mqtt.ListenAddress), mqtt.Port);
    }

    /// <summary>Messages the broker holds for one client before it drops that client's oldest (2 s of a 1000-station fleet at 5 Hz).</summary>
    public const int MaxPendingMessagesPerClient = 10_000;

    private long _dropped;
    private readonly LogThrottle _dropLog;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _dropsByClient = new(StringComparer.Ordinal);

    public IPEndPoint Endpoint { get; }

    /// <summary>
    /// Messages dropped since start because their receiver's queue was full (the receiver read too slowly). A loss the
    /// broker would otherwise keep to itself: counted here, per receiving client in <see cref="DroppedFor"/>, and logged
    /// as a warning (one line per client per interval, with the count left out since).
    /// </summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>Messages dropped for one receiving client (its client id) since start.</summary>
    public long DroppedFor(string clientId) => _dropsByClient.TryGetValue(clientId, out var n) ? n : 0;

    /// <summary>Drops per receiving client since start.</summary>
    public IReadOnlyDictionary<string, long> DropsByClient => new Dictionary<string, long>(_dropsByClient, StringComparer.Ordinal);

    /// <summary>The broker, for server-side injection of messages (retained state clean-up, discovery).</summary>
    public MqttServer Server => _server;

    /// <summary>Refusals (logins, publishes, packets) counted since start.</summary>
    public BrokerRefusalLog Refusals => _refusals;

    /// <summary>
    /// Hands a message the gateway publishes about its stations (Home Assistant discovery and states) straight to the
    /// broker's dispatch: retained store and subscribers as if the gateway's client had sent it, without the loopback
    /// round trip (packet encode, socket, decode, PUBACK). Only messages that need no MQTT session of their own may go
    /// this way; it carries no client id, which the publish hook admits as the gateway's own. False when the broker is not running.
    /// </summary>
    public async Task<bool> InjectAsync(MqttApplicationMessage message, CancellationToken ct)
    {
        if (!_server.IsStarted) return false;
        try
        {
            await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message), ct);
            return true;
        }
        catch (InvalidOperationException) when (!_server.IsStarted)
        {
            return false;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _server.StartAsync();
        _log.LogInformation("Embedded MQTT broker listening on {Endpoints}", string.Join(", ", _listeners.Bound));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await _server.StopAsync();
    }

    /// <summary>How long a stopping broker waits for messages already queued to connected clients.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Lets what the gateway published as it stopped (the Sparkplug NDEATH, a station's last command) reach the clients
    /// still connected before their connections are closed; bounded, because a stalled client must not hold up a stop.
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + DrainLimit;
        while (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            var clients = await _server.GetClientsAsync();
            if (clients.All(c => c.Session is not { PendingApplicationMessagesCount: > 0 })) return;
            try { await Task.Delay(10, cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server.IsStarted) await _server.StopAsync();
        _server.Dispose();
    }

    /// <summary>
    /// Plain MQTT on ListenAddress when it is loopback, else on loopback only (a gateway and tools on the
    /// same host); TLS on ListenAddress when a certificate is configured. Each address gets its IPv6/IPv4 twin.
    /// </summary>
    internal static IReadOnlyList<GuardedTcpServerAdapter.Listener> Listeners(MqttOptions mqtt)
    {
        var listen = IPAddress.Parse(mqtt.ListenAddress);
        var plain = IPAddress.IsLoopback(listen) ? listen : IPAddress.Loopback;
        var (p4, p6) = BindAddresses(plain);
        var list = new List<GuardedTcpServerAdapter.Listener>
        {
            new(new IPEndPoint(p4, mqtt.Port), null, false),
            new(new IPEndPoint(p6, mqtt.Port), null, true),
        };
        if (mqtt.Tls.Enabled)
        {
            var certificate = X509Certificate2.CreateFromPemFile(mqtt.Tls.CertificateFile!, mqtt.Tls.KeyFile);
            var (t4, t6) = BindAddresses(listen);
            list.Add(new(new IPEndPoint(t4, mqtt.Tls.Port), certificate, false));
            list.Add(new(new IPEndPoint(t6, mqtt.Tls.Port), certificate, true));
        }
        return list;
    }

    /// <summary>
    /// Each listener has an IPv4 and an IPv6 socket; the other family gets the matching "any"
    /// or loopback address so a loopback-only gateway stays loopback-only.
    /// </summary>
    internal static (IPAddress V4, IPAddress V6) BindAddresses(IPAddress listen)
    {
        if (listen.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            return (listen.Equals(IPAddress.IPv6Any) ? IPAddress.Any : IPAddress.Loopback, listen);
        return (listen, listen.Equals(IPAddress.Any) ? IPAddress.IPv6Any : IPAddress.IPv6Loopback);
    }

    private async Task OnValidatingConnection(ValidatingConnectionEventArgs e)
    {
        var (identity, refusal) = await _logins.CheckAsync(e.UserName, e.Password, e.ClientId, e.RemoteEndPoint);
        if (identity is null)
        {
            e.ReasonCode = refusal;
            return;
        }
        e.SessionItems[IdentityKey] = identity;
    }

    private Task OnInterceptingPublish(InterceptingPublishEventArgs e)
    {
        var identity = e.SessionItems?[IdentityKey] as MqttIdentity;
        // Messages the gateway injects into its own broker have no client session.
        if (identity is null && string.IsNullOrEmpty(e.ClientId)) return Task.CompletedTask;
        if (identity is not null && TopicAccessPolicy.CanPublish(identity, e.ApplicationMessage.Topic))
        {
            // A station's event is acknowledged only once the gateway has handled it (see StoredBeforeAck).
            if (_storedBeforeAck is { } acks && acks.Applies(identity, e.ApplicationMessage)) return acks.DispatchAndWaitAsync(_server, e);
            // Only telemetry is rate-limited: events, command results and state carry the batch record
            // and are never dropped (their floods are bounded by the alarm cap and the throttled log).
            if (identity.IsGateway || !e.ApplicationMessage.Topic.EndsWith("/" + Topics.TelemetryLevel, StringComparison.Ordinal)
                || _publishRate.TryTake(e.ClientId)) return Task.CompletedTask;
            _refusals.Refused(e.ClientId, "publish rate limit", $"over {_publishRate} publishes");
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
            return Task.CompletedTask;
        }

        _refusals.Refused(e.ClientId, "publish not allowed for this identity", e.ApplicationMessage.Topic);
        e.ProcessPublish = false;
        e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        return Task.CompletedTask;
    }

    private Task OnInterceptingSubscription(InterceptingSubscriptionEventArgs e)
    {
        var identity = e.SessionItems?[IdentityKey] as MqttIdentity;
        if (identity is not null && TopicAccessPolicy.CanSubscribe(identity, e.TopicFilter.Topic)) return Task.CompletedTask;

        _refusals.Refused(e.ClientId, "subscription not allowed", e.TopicFilter.Topic);
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        return Task.CompletedTask;
    }
}
