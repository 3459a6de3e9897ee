using System.Buffers;
using System.Collections.Concurrent;
using DispenseStation.Firmware.Ports;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.VirtualStation.Mqtt;

/// <summary>
/// The station's MQTT link over MQTTnet 5. A background loop owns the connection: connect with
/// credentials and the retained offline will, subscribe to the station's command filter, ping while
/// connected, reconnect with exponential backoff when lost (never from inside the disconnect
/// callback). Publishes are queued and sent in order by one sender, QoS 1 except telemetry; a
/// message whose send failed is retried after the reconnect, so accepted messages keep their order.
/// Received commands are queued for the station loop to poll.
/// </summary>
public sealed class MqttMessageLink : IMessageLink, IAsyncDisposable
{
    private readonly MqttLinkSettings _settings;
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _inbox = new();
    private readonly ConcurrentQueue<Outgoing> _outbox = new();
    private readonly SemaphoreSlim _sendSignal = new(0);
    private readonly string _telemetryTopic;
    private readonly byte[] _will;
    private readonly Action<string> _log;
    private CancellationTokenSource? _stop;
    private Task? _connectionLoop;
    private Task? _senderLoop;
    private volatile bool _connected;
    private int _epoch;
    private int _droppedReceived;

    private sealed record Outgoing(string Topic, byte[] Payload, bool Retain);

    public MqttMessageLink(MqttLinkSettings settings, Action<string>? log = null)
    {
        string? idProblem = StationId.Check(settings.StationId);
        if (idProblem != null) throw new ArgumentException("stationId: " + idProblem);
        if (settings.Port is < 1 or > 65535) throw new ArgumentException("port: must be 1..65535");
        _settings = settings;
        _log = log ?? (_ => { });
        _telemetryTopic = Topics.Telemetry(settings.StationId);
        _will = StateMessage.OfflineWill(settings.StationId);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            // Bounded: a command flood must not eat the host's memory; the station answers what it takes.
            if (_inbox.Count >= _settings.ReceiveQueueCapacity) Interlocked.Increment(ref _droppedReceived);
            else _inbox.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += _ =>
        {
            // Only note it: the connection loop reconnects.
            _connected = false;
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => _connected && _client.IsConnected;

    public int ConnectionEpoch => Volatile.Read(ref _epoch);

    /// <summary>Received messages dropped because the receive queue was full.</summary>
    public int DroppedReceived => Volatile.Read(ref _droppedReceived);

    /// <summary>Messages accepted but not yet acknowledged by the broker.</summary>
    public int PendingSends => _outbox.Count;

    public void Start()
    {
        if (_stop != null) throw new InvalidOperationException("already started");
        _stop = new CancellationTokenSource();
        _connectionLoop = Task.Run(() => ConnectionLoop(_stop.Token));
        _senderLoop = Task.Run(() => SenderLoop(_stop.Token));
    }

    public bool Publish(string topic, byte[] payload, int length, bool retain)
    {
        if (!IsConnected || _outbox.Count >= _settings.SendQueueCapacity) return false;
        _outbox.Enqueue(new Outgoing(topic, payload.AsSpan(0, length).ToArray(), retain));
        _sendSignal.Release();
        return true;
    }

    public bool TryReceive(out string topic, out byte[] payload)
    {
        if (_inbox.TryDequeue(out var m))
        {
            topic = m.Topic;
            payload = m.Payload;
            return true;
        }
        topic = null!;
        payload = null!;
        return false;
    }

    private async Task ConnectionLoop(CancellationToken ct)
    {
        TimeSpan backoff = _settings.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected || !await _client.TryPingAsync(ct))
                {
                    _connected = false;
                    await ConnectAsync(ct);
                    backoff = _settings.MinBackoff;
                    _log($"connected to {_settings.Host}:{_settings.Port}");
                }
                await Task.Delay(_settings.KeepAlive / 3, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _connected = false;
                _log($"link down ({ex.GetType().Name}: {ex.Message}); retry in {backoff.TotalSeconds:F1} s");
                try { await Task.Delay(backoff, ct); } catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _settings.MaxBackoff.Ticks));
            }
        }
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithClientId("station-" + _settings.StationId)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(_settings.KeepAlive)
            .WithWillTopic(Topics.State(_settings.StationId))
            .WithWillPayload(_will)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_settings.Username != null) builder = builder.WithCredentials(_settings.Username, _settings.Password);
        if (_client.IsConnected) await _client.DisconnectAsync(cancellationToken: ct);
        await _client.ConnectAsync(builder.Build(), ct);
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(Topics.CommandFilter(_settings.StationId)).WithAtLeastOnceQoS())
            .Build();
        await _client.SubscribeAsync(subscribe, ct);
        _connected = true;
        Interlocked.Increment(ref _epoch);
        _sendSignal.Release();
    }

    private async Task SenderLoop(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _sendSignal.WaitAsync(TimeSpan.FromMilliseconds(200), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            while (IsConnected && _outbox.TryPeek(out var next))
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(next.Topic)
                    .WithPayload(next.Payload)
                    .WithRetainFlag(next.Retain)
                    .WithQualityOfServiceLevel(next.Topic == _telemetryTopic
                        ? MqttQualityOfServiceLevel.AtMostOnce
                        : MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                try
                {
                    await _client.PublishAsync(message, ct);
                    _outbox.TryDequeue(out _);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // Keep it at the head; the reconnect signals the sender again.
                    _log($"publish to {next.Topic} failed ({ex.Message}); will retry after reconnect");
                    break;
                }
            }
        }
    }

    /// <summary>Publishes the offline state itself (a clean stop does not fire the will), then disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop != null)
        {
            // Let queued messages out first (bounded wait).
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (IsConnected && !_outbox.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(10);
            _stop.Cancel();
            try { await Task.WhenAll(_connectionLoop!, _senderLoop!); } catch (OperationCanceledException) { }
        }
        if (_client.IsConnected)
        {
            try
            {
                await _client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(Topics.State(_settings.StationId)).WithPayload(_will).WithRetainFlag(true)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                await _client.DisconnectAsync();
            }
            catch (Exception ex)
            {
                _log("clean disconnect failed: " + ex.Message);
            }
        }
        _client.Dispose();
        _stop?.Dispose();
    }
}
