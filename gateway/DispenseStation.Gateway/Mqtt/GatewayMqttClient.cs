using DispenseStation.Gateway.Configuration;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// The gateway's own MQTT client, used with the embedded and with an external broker.
/// A supervision loop pings and, when the link is down, connects and re-subscribes; the
/// disconnect handler only records the loss (reconnecting from inside it would deadlock MQTTnet).
/// </summary>
public sealed class GatewayMqttClient : BackgroundService
{
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly TimeSpan _retryDelay;
    private readonly ILogger<GatewayMqttClient> _log;
    private readonly List<string> _subscriptions = new();
    private readonly StoredBeforeAck? _storedBeforeAck;
    private readonly object _gate = new();
    private TaskCompletionSource _connected = NewSignal();
    private volatile bool _stopping;

    public GatewayMqttClient(IOptions<GatewayOptions> options, GatewayCredentials credentials, ILogger<GatewayMqttClient> log,
        StoredBeforeAck? storedBeforeAck = null)
    {
        _log = log;
        _storedBeforeAck = storedBeforeAck;
        _options = MqttClientOptionsFactory.Create(options.Value.Mqtt, credentials);
        _retryDelay = TimeSpan.FromMilliseconds(options.Value.Mqtt.ReconnectDelayMilliseconds);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessage;
        _client.DisconnectedAsync += e =>
        {
            if (_storedBeforeAck is not null) _storedBeforeAck.ReceiverReady = false;
            lock (_gate)
                if (_connected.Task.IsCompleted) _connected = NewSignal();
            if (e.ClientWasConnected && !_stopping) _log.LogWarning("MQTT link lost: {Reason}", e.Reason);
            return Task.CompletedTask;
        };
    }

    /// <summary>Raised for every message on a subscribed topic; handlers run on MQTTnet's receive loop, so keep them short.</summary>
    public event Func<GatewayMessage, Task>? MessageReceived;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Number of successful connects so far (the first one included).</summary>
    public int ConnectCount => Volatile.Read(ref _connectCount);
    private int _connectCount;

    /// <summary>Completes when the client is connected and subscribed.</summary>
    public Task WaitUntilConnectedAsync(CancellationToken ct)
    {
        lock (_gate) return _connected.Task.WaitAsync(ct);
    }

    /// <summary>Adds a subscription that is kept across reconnects.</summary>
    public async Task SubscribeAsync(string topicFilter, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_subscriptions.Contains(topicFilter)) return;
            _subscriptions.Add(topicFilter);
        }
        if (_client.IsConnected) await SubscribeOneAsync(topicFilter, ct);
    }

    /// <summary>Publishes at QoS 1; false when the link is down or the broker refused it.</summary>
    public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken ct)
    {
        if (!_client.IsConnected) return false;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            var result = await _client.PublishAsync(message, ct);
            return result.IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
        {
            _log.LogWarning("Publish to {Topic} failed: {Error}", topic, e.Message);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await _client.TryPingAsync(stoppingToken))
                {
                    await _client.ConnectAsync(_options, stoppingToken);
                    string[] filters;
                    lock (_gate) filters = _subscriptions.ToArray();
                    foreach (var f in filters) await SubscribeOneAsync(f, stoppingToken);
                    Interlocked.Increment(ref _connectCount);
                    if (_storedBeforeAck is not null) _storedBeforeAck.ReceiverReady = true;
                    lock (_gate) _connected.TrySetResult();
                    _log.LogInformation("MQTT link up (connect #{Count})", ConnectCount);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _log.LogWarning("MQTT connect failed, retrying in {Delay}: {Error}", _retryDelay, e.Message);
            }
            try { await Task.Delay(_retryDelay, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await base.StopAsync(cancellationToken);
        if (_client.IsConnected)
            await _client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection, "gateway stopping");
    }

    public override void Dispose()
    {
        base.Dispose();
        _client.Dispose();
    }

    private async Task SubscribeOneAsync(string filter, CancellationToken ct)
    {
        var result = await _client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, ct);
        foreach (var item in result.Items)
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                _log.LogError("Broker refused subscription {Filter}: {Code}", item.TopicFilter.Topic, item.ResultCode);
    }

    private async Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        var handlers = MessageReceived;
        var m = e.ApplicationMessage;
        if (handlers is not null)
        {
            var message = new GatewayMessage(m.Topic, System.Buffers.BuffersExtensions.ToArray(m.Payload), m.Retain);
            foreach (Func<GatewayMessage, Task> handler in handlers.GetInvocationList())
            {
                try { await handler(message); }
                catch (Exception ex) { _log.LogError(ex, "Handler failed for message on {Topic}", m.Topic); }
            }
        }
        // Handled (stored or spooled): the station's PUBACK may go now.
        _storedBeforeAck?.Handled(m);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
