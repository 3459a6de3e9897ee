using System.Net;
using DispenseStation.Gateway.Configuration;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// The MQTTnet broker inside the gateway process. Its hooks authenticate every connection and
/// apply <see cref="TopicAccessPolicy"/> to every publish (will messages included) and subscription.
/// </summary>
public sealed class EmbeddedBrokerService : IHostedService, IAsyncDisposable
{
    private const string IdentityKey = "dispense.identity";
    private readonly BrokerAuthenticator _authenticator;
    private readonly ILogger<EmbeddedBrokerService> _log;
    private readonly MqttServer _server;

    public EmbeddedBrokerService(IOptions<GatewayOptions> options, BrokerAuthenticator authenticator, ILogger<EmbeddedBrokerService> log)
    {
        _authenticator = authenticator;
        _log = log;
        var mqtt = options.Value.Mqtt;
        var (v4, v6) = BindAddresses(IPAddress.Parse(mqtt.ListenAddress));
        var serverOptions = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(v4)
            .WithDefaultEndpointBoundIPV6Address(v6)
            .WithDefaultEndpointPort(mqtt.Port)
            // Sessions outlive a dropped link, so QoS 1 messages wait for a client that reconnects
            // (the gateway's client asks for this with CleanStart=false and a session expiry).
            .WithPersistentSessions(true)
            .WithMaxPendingMessagesPerClient(10_000)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += OnValidatingConnection;
        _server.InterceptingPublishAsync += OnInterceptingPublish;
        _server.InterceptingSubscriptionAsync += OnInterceptingSubscription;
        Endpoint = new IPEndPoint(IPAddress.Parse(mqtt.ListenAddress), mqtt.Port);
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>The broker, for server-side injection of messages (retained state clean-up, discovery).</summary>
    public MqttServer Server => _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _server.StartAsync();
        _log.LogInformation("Embedded MQTT broker listening on {Endpoint}", Endpoint);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server.IsStarted) await _server.StopAsync();
        _server.Dispose();
    }

    /// <summary>
    /// MQTTnet listens on IPv4 and IPv6 at once; the other family gets the matching "any"
    /// or loopback address so a loopback-only gateway stays loopback-only.
    /// </summary>
    internal static (IPAddress V4, IPAddress V6) BindAddresses(IPAddress listen)
    {
        if (listen.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            return (listen.Equals(IPAddress.IPv6Any) ? IPAddress.Any : IPAddress.Loopback, listen);
        return (listen, listen.Equals(IPAddress.Any) ? IPAddress.IPv6Any : IPAddress.IPv6Loopback);
    }

    private Task OnValidatingConnection(ValidatingConnectionEventArgs e)
    {
        var identity = _authenticator.Authenticate(e.UserName, e.Password, e.ClientId);
        if (identity is null)
        {
            _log.LogWarning("Refused MQTT login of user '{User}' client '{Client}' from {Remote}", e.UserName, e.ClientId, e.RemoteEndPoint);
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            return Task.CompletedTask;
        }
        e.SessionItems[IdentityKey] = identity;
        return Task.CompletedTask;
    }

    private Task OnInterceptingPublish(InterceptingPublishEventArgs e)
    {
        var identity = e.SessionItems?[IdentityKey] as MqttIdentity;
        // Messages the gateway injects into its own broker have no client session.
        if (identity is null && string.IsNullOrEmpty(e.ClientId)) return Task.CompletedTask;
        if (identity is not null && TopicAccessPolicy.CanPublish(identity, e.ApplicationMessage.Topic)) return Task.CompletedTask;

        _log.LogWarning("Dropped publish by '{Client}' to '{Topic}': not allowed for this identity", e.ClientId, e.ApplicationMessage.Topic);
        e.ProcessPublish = false;
        e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        return Task.CompletedTask;
    }

    private Task OnInterceptingSubscription(InterceptingSubscriptionEventArgs e)
    {
        var identity = e.SessionItems?[IdentityKey] as MqttIdentity;
        if (identity is not null && TopicAccessPolicy.CanSubscribe(identity, e.TopicFilter.Topic)) return Task.CompletedTask;

        _log.LogWarning("Refused subscription of '{Client}' to '{Filter}'", e.ClientId, e.TopicFilter.Topic);
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        return Task.CompletedTask;
    }
}
