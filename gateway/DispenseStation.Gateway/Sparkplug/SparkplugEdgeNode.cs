using System.Threading.Channels;
using DispenseStation.Gateway.Commissioning;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Registry;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>
/// The gateway as a Sparkplug B edge node. It has its own MQTT session, because Sparkplug needs what the gateway's
/// main session must not have: a clean start and the NDEATH (with this connect's bdSeq) as the will. Registry changes,
/// telemetry, host commands and link changes are queued and handled by one loop that owns the
/// <see cref="EdgeNodeSession"/>, so seq numbers go out in the order the messages are published.
/// Telemetry is coalesced per station: the ingestion path (the registry's event) puts the sample in the station's slot
/// with one exchange, replacing a sample the loop has not taken yet, and never waits for this loop. With pacing on
/// (DataMinIntervalMilliseconds above 0, the default) it queues nothing more: a <see cref="ViewTicker"/> wakes the loop
/// every few tens of milliseconds to take every slot's sample and send what is due. With pacing off a slot is queued
/// when it fills, so the queue never holds more than one telemetry entry per station. Either way a slow view never
/// grows memory and never delays ingestion. The loop reports by exception: deadband first, then the device's pacing
/// interval (see <see cref="EdgeNodeSession"/>).
/// </summary>
public sealed class SparkplugEdgeNode : BackgroundService
{
    private readonly SparkplugOptions _options;
    private readonly MqttOptions _mqtt;
    private readonly GatewayCredentials _credentials;
    private readonly StationRegistry _registry;
    private readonly SparkplugDeviceCommands _commands;
    private readonly ViewJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger<SparkplugEdgeNode> _log;
    private readonly EdgeNodeSession _session;
    private readonly BdSeqStore _bdSeq;
    private readonly IMqttClient _client;
    private readonly Channel<Input> _inputs = Channel.CreateUnbounded<Input>(new UnboundedChannelOptions { SingleReader = true });
    private DateTimeOffset? _lastRebirth;
    private volatile bool _stopping;
    // Completed when the last opened MQTT session has fully ended. MQTTnet refuses a CONNECT while a disconnect is
    // still in progress (it raises DisconnectedAsync last); waiting for this keeps a bdSeq from being spent on a
    // CONNECT that was never sent.
    private TaskCompletionSource _sessionEnded = Ended();
    private long _published;
    private long _coalesced;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TelemetryDue> _telemetry = new(StringComparer.Ordinal);
    private readonly ViewTicker? _ticker;

    public SparkplugEdgeNode(IOptions<SparkplugOptions> options, IOptions<GatewayOptions> gateway, GatewayCredentials credentials,
        StationRegistry registry, GatewayMqttClient mainClient, SparkplugDeviceCommands commands, ViewJournal journal, TimeProvider time,
        ILogger<SparkplugEdgeNode> log)
    {
        _options = options.Value;
        _mqtt = gateway.Value.Mqtt;
        _credentials = credentials;
        _registry = registry;
        _commands = commands;
        _journal = journal;
        _time = time;
        _log = log;
        _session = new EdgeNodeSession(_options, time);
        if (_options.DataMinIntervalMilliseconds > 0)
            _ticker = new ViewTicker(time, ViewTicker.PeriodFor(TimeSpan.FromMilliseconds(_options.DataMinIntervalMilliseconds)), () => Enqueue(Tick.Instance));
        _bdSeq = new BdSeqStore(Path.IsPathRooted(_options.BdSeqFile) ? _options.BdSeqFile : Path.Combine(AppContext.BaseDirectory, _options.BdSeqFile));
        Refusals = new RefusalLog(log, time, TimeSpan.FromSeconds(_options.RefusalLogIntervalSeconds));
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            Enqueue(new CommandInput(m.Topic, System.Buffers.BuffersExtensions.ToArray(m.Payload)));
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                Enqueue(new LinkDown());
                if (!_stopping) _log.LogWarning("Sparkplug edge node link lost: {Reason}", e.Reason);
                _sessionEnded.TrySetResult();
            }
            return Task.CompletedTask;
        };
        registry.StationChanged += (after, _) => Enqueue(new StationInput(after));
        registry.TelemetryReceived += OnTelemetry;
        mainClient.MessageReceived += m =>
        {
            if (StationRetirement.IsRetirement(m, out var station)) Enqueue(new RetiredInput(station));
            return Task.CompletedTask;
        };
    }

    /// <summary>Refused host commands and rebirths, counted and logged once per interval.</summary>
    public RefusalLog Refusals { get; }

    /// <summary>bdSeq of the current session (null before the first connect).</summary>
    public byte? BdSeq => _session.BdSeq;

    public bool IsConnected => _client.IsConnected;

    /// <summary>True once this session's NBIRTH is built (after the connect and its subscriptions): the node reports from here on.</summary>
    public bool IsBorn => _session.NodeBorn;

    /// <summary>MQTT client id of the edge node's session (the gateway's own, suffixed).</summary>
    public string ClientId => _credentials.ClientId + "-sparkplug";

    /// <summary>Sparkplug messages published so far (all types).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Telemetry samples replaced by a later sample of the same station before the loop took them (merged into a later DDATA).</summary>
    public long CoalescedSamples => Interlocked.Read(ref _coalesced);

    /// <summary>Inputs waiting for the edge node's loop (telemetry takes one per station at most).</summary>
    public int QueuedInputs => Volatile.Read(ref _queued);

    private int _queued;

    private void Enqueue(Input input)
    {
        if (_inputs.Writer.TryWrite(input)) Interlocked.Increment(ref _queued);
    }

    /// <summary>Raised after each Sparkplug message is published (tests and the bench count DDATA here).</summary>
    public event Action<SparkplugMessage>? MessagePublished;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SuperviseAsync(stoppingToken), ProcessAsync(stoppingToken));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await base.StopAsync(cancellationToken);
        if (_client.IsConnected && _session.BdSeq is { } bd)
        {
            // An intentional shutdown announces itself (Sparkplug 3.0: the edge node publishes NDEATH before disconnecting);
            // a normal DISCONNECT makes the broker drop the will.
            try { await PublishAsync(_session.Death(bd), cancellationToken); }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException) { }
            await _client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection, "gateway stopping");
        }
    }

    public override void Dispose()
    {
        _ticker?.Dispose();
        base.Dispose();
        _client.Dispose();
    }

    /// <summary>Connects with a fresh bdSeq whenever the link is down; a connect attempt uses up a bdSeq whether it succeeds or not.</summary>
    private async Task SuperviseAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(_options.ReconnectDelayMilliseconds);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await _client.TryPingAsync(ct))
                {
                    await _sessionEnded.Task.WaitAsync(ct);
                    await ConnectAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                _log.LogWarning("Sparkplug edge node connect failed, retrying in {Delay}: {Error}", delay, e.Message);
            }
            try { await Task.Delay(delay, ct); }
            catch (OperationCanceledException) { break; }
        }
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sessionEnded = ended;
        var bd = _bdSeq.Next();
        var opened = false;
        try
        {
            var result = await _client.ConnectAsync(ConnectOptions(bd), ct);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
                throw new MQTTnet.Exceptions.MqttCommunicationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
            opened = true;
            foreach (var filter in SparkplugTopics.CommandFilters(_options.GroupId, _options.EdgeNodeId))
                await _client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, ct);
        }
        catch
        {
            // A session that never opened has already ended; one that opened without its subscriptions is closed, so the
            // next attempt starts clean (its DisconnectedAsync completes `ended`).
            if (!opened) ended.TrySetResult();
            else await _client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection, "subscription failed");
            throw;
        }
        Enqueue(new LinkUp(bd));
        _log.LogInformation("Sparkplug edge node {Group}/{Node} online, bdSeq {BdSeq}", _options.GroupId, _options.EdgeNodeId, bd);
    }

    private static TaskCompletionSource Ended()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private MqttClientOptions ConnectOptions(byte bdSeq)
    {
        var o = MqttClientOptionsFactory.Create(_mqtt, _credentials);
        // The embedded broker admits gateway connections whose client id starts with the gateway's user name.
        o.ClientId = ClientId;
        if (_mqtt.Mode == BrokerMode.External && _options.Username is { } user)
            o.Credentials = new MqttClientCredentials(user, System.Text.Encoding.UTF8.GetBytes(_options.Password ?? ""));
        // Sparkplug 3.0 (MQTT 5): Clean Start true and Session Expiry 0; the will is the NDEATH, QoS 1, not retained.
        o.CleanSession = true;
        o.SessionExpiryInterval = 0;
        var death = _session.Death(bdSeq);
        o.WillTopic = death.Topic;
        o.WillPayload = death.ToBytes();
        o.WillQualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
        o.WillRetain = false;
        o.WillDelayInterval = 0;
        return o;
    }

    /// <summary>Runs on the ingestion path (the registry's telemetry event): no allocation once the station has its slot.</summary>
    private void OnTelemetry(string station, TelemetryPoint point)
    {
        var due = _telemetry.GetOrAdd(station, static id => new TelemetryDue(id));
        // The slot is queued when it goes from empty to full; the loop empties it when it takes the sample.
        if (Interlocked.Exchange(ref due.Latest, point) is null) { if (_ticker is null) Enqueue(due); }
        else Interlocked.Increment(ref _coalesced);
    }

    private async Task ProcessAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var input in _inputs.Reader.ReadAllAsync(ct))
            {
                Interlocked.Decrement(ref _queued);
                try { await HandleAsync(input, ct); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                catch (Exception e) { _log.LogError(e, "Sparkplug edge node failed on {Input}", input.GetType().Name); }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task HandleAsync(Input input, CancellationToken ct)
    {
        switch (input)
        {
            case LinkUp up:
                await PublishAllAsync(_session.Connected(up.BdSeq, _registry.All()), ct);
                break;
            case LinkDown:
                _session.Disconnected();
                break;
            case StationInput s:
                await PublishAllAsync(_session.OnStation(s.Snapshot), ct);
                break;
            case TelemetryDue t:
                if (Interlocked.Exchange(ref t.Latest, null) is { } point && _session.OnTelemetry(t.Station, point) is { } data)
                    await PublishAsync(data, ct);
                break;
            case Tick:
                _ticker!.Taken();
                foreach (var (_, slot) in _telemetry)
                    if (Interlocked.Exchange(ref slot.Latest, null) is { } sample && _session.OnTelemetry(slot.Station, sample) is { } paced)
                        await PublishAsync(paced, ct);
                await PublishAllAsync(_session.TakeDue(), ct);
                break;
            case RetiredInput r:
                if (_session.OnRetired(r.Station) is { } death) await PublishAsync(death, ct);
                break;
            case CommandInput c:
                await OnCommandAsync(c, ct);
                break;
        }
    }

    private async Task OnCommandAsync(CommandInput c, CancellationToken ct)
    {
        var command = SparkplugCommandParser.Parse(_session, _options, c.Topic, c.Payload);
        if (command.Refused)
        {
            Refusals.Refuse(command.RefusalKind!, command.Refusal!);
            return;
        }
        if (command.IsRebirth)
        {
            var now = _time.GetUtcNow();
            if (_lastRebirth is { } last && now - last < TimeSpan.FromSeconds(_options.RebirthMinIntervalSeconds))
            {
                Refusals.Refuse("rebirth-rate", $"rebirth requested {(now - last).TotalSeconds:0.###} s after the last one; at most one per {_options.RebirthMinIntervalSeconds} s");
                return;
            }
            _lastRebirth = now;
            _log.LogInformation("Sparkplug rebirth requested by a host");
            await PublishAllAsync(_session.Rebirth(_registry.All()), ct);
            return;
        }
        // Applied off the loop: the station's answer can take seconds, and telemetry must keep flowing meanwhile.
        _ = _commands.ApplyAsync(command.Station!, command.StationCommand!, Refusals);
    }

    private async Task PublishAllAsync(List<SparkplugMessage> messages, CancellationToken ct)
    {
        foreach (var m in messages) await PublishAsync(m, ct);
    }

    private async Task PublishAsync(SparkplugMessage m, CancellationToken ct)
    {
        if (!_client.IsConnected) return;
        // Sparkplug 3.0: NBIRTH, DBIRTH, DDATA and DDEATH at QoS 0, NDEATH at QoS 1; never retained.
        var qos = m.Type == SparkplugMessageType.NDEATH ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce;
        var message = new MqttApplicationMessageBuilder().WithTopic(m.Topic).WithPayload(m.ToBytes())
            .WithQualityOfServiceLevel(qos).WithRetainFlag(false).Build();
        try
        {
            await _client.PublishAsync(message, ct);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
        {
            _log.LogWarning("Sparkplug publish to {Topic} failed: {Error}", m.Topic, e.Message);
            return;
        }
        Interlocked.Increment(ref _published);
        _journal.Record(m.Device, ViewJournal.SparkplugView, m.Topic, false, () => JsonFormatter.Default.Format(m.Payload));
        MessagePublished?.Invoke(m);
    }

    private abstract record Input;
    private sealed record LinkUp(byte BdSeq) : Input;
    private sealed record LinkDown : Input;
    private sealed record StationInput(StationSnapshot Snapshot) : Input;
    /// <summary>A station's telemetry slot: queued while <see cref="Latest"/> holds a sample the loop has not taken.</summary>
    private sealed record TelemetryDue(string Station) : Input
    {
        public TelemetryPoint? Latest;
    }
    private sealed record RetiredInput(string Station) : Input;
    /// <summary>The <see cref="ViewTicker"/>: take every station's waiting sample, send what is due.</summary>
    private sealed record Tick : Input
    {
        public static readonly Tick Instance = new();
    }
    private sealed record CommandInput(string Topic, byte[] Payload) : Input;
}
