using DispenseStation.Gateway.Configuration;
using DispenseStation.Protocol;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// The gateway's own MQTT client, used with the embedded and with an external broker. It holds two sessions
/// (<see cref="GatewaySession"/>): one for what a batch record is built from and what the gateway sends (states, events,
/// command results, commands, the views' topics), and one for telemetry alone. A broker bounds what it holds for one
/// session (Mosquitto: max_inflight_messages and max_queued_messages, the embedded broker
/// <see cref="EmbeddedBrokerService.MaxPendingMessagesPerClient"/>) and drops what comes on top, whatever its topic,
/// after it has acknowledged it to the station. Telemetry is a thousand times the rate of events: on one session, a
/// gateway falling behind on telemetry had events dropped with it (bench/results/fleet-failover.md, 1000 stations).
/// On its own session a telemetry backlog costs only telemetry, which is lossy by design (the live view and the stored
/// rows show the gaps). Telemetry stays at QoS 1: MQTTnet's client queues QoS 0 messages it has read without bound, so
/// QoS 0 would move the backlog from the broker's bounded queue into this process's memory.
/// </summary>
public sealed class GatewayMqttClient : BackgroundService
{
    private readonly GatewaySession _session;
    private readonly GatewaySession _telemetry;
    private readonly TimeSpan _retryDelay;
    private readonly ILogger<GatewayMqttClient> _log;
    private readonly StoredBeforeAck? _storedBeforeAck;
    // The handlers were written for one receive loop: messages of both sessions go through them one at a time (waiters in
    // arrival order), so an event waits for at most the telemetry message being handled, never for a backlog.
    private readonly SemaphoreSlim _handlersGate = new(1, 1);

    public GatewayMqttClient(IOptions<GatewayOptions> options, GatewayCredentials credentials, ILogger<GatewayMqttClient> log,
        StoredBeforeAck? storedBeforeAck = null)
    {
        _log = log;
        _storedBeforeAck = storedBeforeAck;
        var mqtt = options.Value.Mqtt;
        _retryDelay = TimeSpan.FromMilliseconds(mqtt.ReconnectDelayMilliseconds);
        // A station's event is acknowledged by the embedded broker only once handled (StoredBeforeAck): events arrive on this session.
        _session = new GatewaySession("events", MqttClientOptionsFactory.Create(mqtt, credentials), log, e => OnMessage(e, fromTelemetrySession: false),
            onUp: () => { if (_storedBeforeAck is not null) _storedBeforeAck.ReceiverReady = true; },
            onDown: () => { if (_storedBeforeAck is not null) _storedBeforeAck.ReceiverReady = false; });
        _telemetry = new GatewaySession("telemetry", MqttClientOptionsFactory.CreateTelemetry(mqtt, credentials), log, e => OnMessage(e, fromTelemetrySession: true));
    }

    /// <summary>Raised for every message on a subscribed topic, one message at a time; handlers hold up both sessions' receive loops, so keep them short.</summary>
    public event Func<GatewayMessage, Task>? MessageReceived;

    /// <summary>The session that carries events, states, command results and the gateway's publishes is connected.</summary>
    public bool IsConnected => _session.IsConnected;

    /// <summary>The telemetry session is connected.</summary>
    public bool IsTelemetryConnected => _telemetry.IsConnected;

    /// <summary>Number of successful connects of the events session so far (the first one included).</summary>
    public int ConnectCount => _session.ConnectCount;

    /// <summary>Number of successful connects of the telemetry session so far.</summary>
    public int TelemetryConnectCount => _telemetry.ConnectCount;

    /// <summary>Completes when both sessions are connected and subscribed.</summary>
    public Task WaitUntilConnectedAsync(CancellationToken ct) =>
        Task.WhenAll(_session.WaitUntilConnectedAsync(ct), _telemetry.WaitUntilConnectedAsync(ct));

    /// <summary>
    /// Adds a subscription that is kept across reconnects: a filter for telemetry topics only goes to the telemetry
    /// session, any other to the events session.
    /// </summary>
    public Task SubscribeAsync(string topicFilter, CancellationToken ct) =>
        (IsTelemetryFilter(topicFilter) ? _telemetry : _session).SubscribeAsync(topicFilter, ct);

    /// <summary>Publishes at QoS 1 on the events session; false when the link is down or the broker refused it.</summary>
    public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken ct)
    {
        if (!_session.IsConnected) return false;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            var result = await _session.Client.PublishAsync(message, ct);
            return result.IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
        {
            _log.LogWarning("Publish to {Topic} failed: {Error}", topic, e.Message);
            return false;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_session.SuperviseAsync(_retryDelay, stoppingToken), _telemetry.SuperviseAsync(_retryDelay, stoppingToken));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _telemetry.StopAsync("gateway stopping");
        await _session.StopAsync("gateway stopping");
    }

    public override void Dispose()
    {
        base.Dispose();
        _telemetry.Dispose();
        _session.Dispose();
    }

    /// <summary>A filter that matches telemetry topics and nothing else: the root, one level (a station or '+'), the telemetry level.</summary>
    internal static bool IsTelemetryFilter(string filter)
    {
        var levels = filter.Split('/');
        return filter.StartsWith(Topics.Root + "/", StringComparison.Ordinal) && levels.Length == Topics.Root.Split('/').Length + 2
            && levels[^1] == Topics.TelemetryLevel;
    }

    private async Task OnMessage(MqttApplicationMessageReceivedEventArgs e, bool fromTelemetrySession)
    {
        var m = e.ApplicationMessage;
        // A broad filter on the events session (dispense/v1/#) matches telemetry too: the telemetry session delivers that copy.
        var duplicate = !fromTelemetrySession && _telemetry.HasSubscriptions && TopicParser.TryParse(m.Topic, out var topic, out _) && topic.Kind == TopicKind.Telemetry;
        var handlers = MessageReceived;
        if (handlers is not null && !duplicate)
        {
            var message = new GatewayMessage(m.Topic, System.Buffers.BuffersExtensions.ToArray(m.Payload), m.Retain);
            await _handlersGate.WaitAsync();
            try
            {
                foreach (Func<GatewayMessage, Task> handler in handlers.GetInvocationList())
                {
                    try { await handler(message); }
                    catch (Exception ex) { _log.LogError(ex, "Handler failed for message on {Topic}", m.Topic); }
                }
            }
            finally
            {
                _handlersGate.Release();
            }
        }
        // Handled (stored or spooled): the station's PUBACK may go now.
        if (!fromTelemetrySession) _storedBeforeAck?.Handled(m);
    }
}
