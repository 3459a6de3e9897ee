using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// One MQTT session of the gateway (<see cref="GatewayMqttClient"/> holds two): its client, its connection options, the
/// subscriptions it restores after every connect, and a signal for "connected and subscribed". <see cref="SuperviseAsync"/>
/// pings and, when the link is down, connects and re-subscribes; the disconnect handler only records the loss
/// (reconnecting from inside it would deadlock MQTTnet).
/// </summary>
internal sealed class GatewaySession : IDisposable
{
    private readonly MqttClientOptions _options;
    private readonly ILogger _log;
    private readonly Action? _onUp;
    private readonly List<string> _subscriptions = new();
    private readonly object _gate = new();
    private TaskCompletionSource _connected = NewSignal();
    private int _connectCount;
    private volatile bool _stopping;

    /// <param name="name">Names the session in the log ("events", "telemetry").</param>
    /// <param name="onMessage">Runs for every message; the broker's PUBACK (QoS 1) goes only after it returns.</param>
    /// <param name="onUp">After each connect and re-subscribe.</param>
    /// <param name="onDown">When the link is lost.</param>
    public GatewaySession(string name, MqttClientOptions options, ILogger log, Func<MqttApplicationMessageReceivedEventArgs, Task> onMessage,
        Action? onUp = null, Action? onDown = null)
    {
        Name = name;
        _options = options;
        _log = log;
        _onUp = onUp;
        Client = new MqttClientFactory().CreateMqttClient();
        Client.ApplicationMessageReceivedAsync += onMessage;
        Client.DisconnectedAsync += e =>
        {
            onDown?.Invoke();
            lock (_gate)
                if (_connected.Task.IsCompleted) _connected = NewSignal();
            if (e.ClientWasConnected && !_stopping) _log.LogWarning("MQTT {Session} session lost: {Reason}", Name, e.Reason);
            return Task.CompletedTask;
        };
    }

    public string Name { get; }
    public IMqttClient Client { get; }
    public bool IsConnected => Client.IsConnected;
    public int ConnectCount => Volatile.Read(ref _connectCount);

    public bool HasSubscriptions
    {
        get { lock (_gate) return _subscriptions.Count > 0; }
    }

    public Task WaitUntilConnectedAsync(CancellationToken ct)
    {
        lock (_gate) return _connected.Task.WaitAsync(ct);
    }

    /// <summary>Adds a subscription (QoS 1) that is kept across reconnects.</summary>
    public async Task SubscribeAsync(string topicFilter, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_subscriptions.Contains(topicFilter)) return;
            _subscriptions.Add(topicFilter);
        }
        if (Client.IsConnected) await SubscribeOneAsync(topicFilter, ct);
    }

    public async Task SuperviseAsync(TimeSpan retryDelay, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await Client.TryPingAsync(stoppingToken))
                {
                    await Client.ConnectAsync(_options, stoppingToken);
                    string[] filters;
                    lock (_gate) filters = _subscriptions.ToArray();
                    foreach (var f in filters) await SubscribeOneAsync(f, stoppingToken);
                    Interlocked.Increment(ref _connectCount);
                    _onUp?.Invoke();
                    lock (_gate) _connected.TrySetResult();
                    _log.LogInformation("MQTT {Session} session up (connect #{Count})", Name, ConnectCount);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _log.LogWarning("MQTT {Session} session: connect failed, retrying in {Delay}: {Error}", Name, retryDelay, e.Message);
            }
            try { await Task.Delay(retryDelay, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public async Task StopAsync(string reason)
    {
        _stopping = true;
        if (Client.IsConnected) await Client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection, reason);
    }

    public void Dispose() => Client.Dispose();

    private async Task SubscribeOneAsync(string filter, CancellationToken ct)
    {
        var result = await Client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, ct);
        foreach (var item in result.Items)
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                _log.LogError("Broker refused subscription {Filter} of the {Session} session: {Code}", item.TopicFilter.Topic, Name, item.ResultCode);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
