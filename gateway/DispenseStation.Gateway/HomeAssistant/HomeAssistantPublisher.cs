using System.Text;
using System.Threading.Channels;
using DispenseStation.Gateway.Commissioning;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Sparkplug;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.HomeAssistant;

/// <summary>
/// Publishes Home Assistant discovery for every station that speaks: retained configs (again when its firmware
/// changes), retained availability mirroring the station's online/offline, plain state values, and the station's
/// telemetry values in one JSON message (<see cref="DiscoveryConfig.TelemetryTopic"/>). Telemetry is reported by
/// exception (only when the message's text changed) and paced per station: at most one publish per
/// TelemetryIntervalMilliseconds, a change inside the interval waits for its end and then goes out with the latest values,
/// so the last value of a burst always reaches HA (<see cref="PublishPacing{TKey}"/>).
/// Telemetry is coalesced per station before the loop sees it (one slot per station holding its latest sample, taken by
/// the loop on each <see cref="ViewTicker"/> tick, or queued when it fills if the interval is 0), so the registry's 5 Hz
/// per station costs the ingestion path one exchange and never waits for this loop, and a slow broker never grows the
/// queue: what it delays is merged into the next value, never lost as a final value.
/// A retired station's configs, states and availability are cleared (empty retained messages), which removes the
/// device from HA. A config topic that carries another publisher's origin is left alone: that station's discovery is
/// refused (logged once per interval) until the collision is resolved, never overwritten halfway.
/// </summary>
public sealed class HomeAssistantPublisher : BackgroundService
{
    private readonly HomeAssistantOptions _options;
    private readonly GatewayMqttClient _mqtt;
    private readonly StationRegistry _registry;
    private readonly ViewJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger<HomeAssistantPublisher> _log;
    private readonly Channel<Input> _inputs = Channel.CreateUnbounded<Input>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Station> _stations = new(StringComparer.Ordinal);
    private long _published;
    private long _statesPublished;
    private int _configured;
    private readonly PublishPacing<string> _pacing;
    private readonly ViewTicker? _ticker;
    private readonly List<string> _dueScratch = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TelemetryDue> _telemetry = new(StringComparer.Ordinal);

    private readonly EmbeddedBrokerService? _broker;

    /// <param name="broker">The embedded broker, when the gateway runs one: telemetry state values are injected into it instead of
    /// sent through the gateway's client (which also carries the stations' telemetry in).</param>
    public HomeAssistantPublisher(IOptions<HomeAssistantOptions> options, IOptions<GatewayOptions> gateway, GatewayMqttClient mqtt,
        StationRegistry registry, ViewJournal journal, TimeProvider time, ILogger<HomeAssistantPublisher> log,
        EmbeddedBrokerService? broker = null)
    {
        _broker = broker;
        _options = options.Value;
        _mqtt = mqtt;
        _registry = registry;
        _journal = journal;
        _time = time;
        _log = log;
        Config = new DiscoveryConfig(_options, gateway.Value.Mqtt.GatewayUsername + "@" + Environment.MachineName);
        Refusals = new RefusalLog(log, time, TimeSpan.FromSeconds(_options.RefusalLogIntervalSeconds));
        _pacing = new PublishPacing<string>(TimeSpan.FromMilliseconds(_options.TelemetryIntervalMilliseconds));
        if (_options.TelemetryIntervalMilliseconds > 0)
            _ticker = new ViewTicker(time, ViewTicker.PeriodFor(TimeSpan.FromMilliseconds(_options.TelemetryIntervalMilliseconds)), () => _inputs.Writer.TryWrite(Tick.Instance));
        registry.StationChanged += (after, _) => _inputs.Writer.TryWrite(new StationInput(after));
        registry.TelemetryReceived += OnTelemetry;
        mqtt.MessageReceived += OnMessage;
    }

    public DiscoveryConfig Config { get; }

    /// <summary>Refused discovery (collisions), counted and logged once per interval.</summary>
    public RefusalLog Refusals { get; }

    /// <summary>Messages published so far.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Telemetry messages (each a station's plate temperature, setpoint, weight and duty) published so far.</summary>
    public long StatesPublished => Interlocked.Read(ref _statesPublished);

    /// <summary>Stations whose discovery configs are published (a bench waits for the whole fleet before it measures).</summary>
    public int ConfiguredStations => Volatile.Read(ref _configured);

    /// <summary>Stations whose telemetry change waits for the end of their interval (read on the publisher's loop; for tests).</summary>
    internal int PendingStates => _pacing.PendingCount;

    public override void Dispose()
    {
        _ticker?.Dispose();
        base.Dispose();
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _mqtt.SubscribeAsync(Config.ConfigFilter, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var input in _inputs.Reader.ReadAllAsync(ct))
            {
                try { await HandleAsync(input, ct); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                catch (Exception e) { _log.LogError(e, "Home Assistant discovery failed on {Input}", input.GetType().Name); }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Runs on the ingestion path (the registry's telemetry event): no allocation once the station has its slot.</summary>
    private void OnTelemetry(string station, TelemetryPoint point)
    {
        var due = _telemetry.GetOrAdd(station, static id => new TelemetryDue(id));
        // With pacing on, the loop's ticker takes the slot; without, the slot is queued when it fills.
        if (Interlocked.Exchange(ref due.Latest, point) is null && _ticker is null) _inputs.Writer.TryWrite(due);
    }

    private Task OnMessage(GatewayMessage m)
    {
        if (StationRetirement.IsRetirement(m, out var retired)) _inputs.Writer.TryWrite(new RetiredInput(retired));
        else if (m.Payload.Length > 0 && Config.StationOfConfigTopic(m.Topic) is { } station)
        {
            var origin = DiscoveryConfig.OriginOf(m.Payload);
            if (origin != Config.Origin) _inputs.Writer.TryWrite(new ForeignConfigInput(station, m.Topic, origin));
        }
        return Task.CompletedTask;
    }

    private async Task HandleAsync(Input input, CancellationToken ct)
    {
        switch (input)
        {
            case StationInput { Snapshot: var s }:
                await OnStationAsync(s, ct);
                break;
            case TelemetryDue t:
                if (Interlocked.Exchange(ref t.Latest, null) is { } point) await OnTelemetryAsync(t.Station, point, ct);
                break;
            case RetiredInput r:
                await RetireAsync(r.Station, ct);
                break;
            case Tick:
                await OnTickAsync(ct);
                break;
            case ForeignConfigInput f:
                var station = StationOf(f.Station);
                if (station.CollidesWith is null)
                    _log.LogError("Home Assistant discovery topic {Topic} holds a config from '{Origin}'; discovery of {Station} stops until it is removed",
                        f.Topic, f.Origin ?? "(no origin)", f.Station);
                station.CollidesWith = f.Origin ?? "(no origin)";
                break;
        }
    }

    private async Task OnStationAsync(StationSnapshot s, CancellationToken ct)
    {
        var station = StationOf(s.Id);
        station.Snapshot = s;
        if (Refused(station)) return;
        if (!station.Configured || station.Firmware != s.Firmware)
        {
            foreach (var e in HomeAssistantEntities.All) await PublishAsync(s.Id, Config.ConfigTopic(s.Id, e), Config.Payload(s, e), ct);
            if (!station.Configured) Interlocked.Increment(ref _configured);
            station.Configured = true;
            station.Firmware = s.Firmware;
        }
        await PublishIfChangedAsync(station, Config.AvailabilityTopic(s.Id), s.Online ? DiscoveryConfig.Online : DiscoveryConfig.Offline, ct);
        foreach (var e in HomeAssistantEntities.All)
            if (!e.FromTelemetry) await PublishIfChangedAsync(station, Config.StateTopic(s.Id, e), e.Value(s, null), ct);
    }

    private async Task OnTelemetryAsync(string id, TelemetryPoint t, CancellationToken ct)
    {
        if (!_stations.TryGetValue(id, out var station) || !station.Configured) return;
        station.Telemetry = t;
        if (Refused(station)) return;
        var now = _time.GetUtcNow();
        // The interval is checked before the values are formatted: inside it, the station is only marked pending, and its
        // values are taken from its latest sample when the interval ends.
        if (_pacing.Offer(id, now)) await PublishTelemetryAsync(station, now, ct);
    }

    /// <summary>
    /// Takes every station's waiting sample; then the stations whose interval ended publish the values of their latest
    /// sample, if they differ from what HA has.
    /// </summary>
    private async Task OnTickAsync(CancellationToken ct)
    {
        _ticker!.Taken();
        foreach (var (id, slot) in _telemetry)
            if (Interlocked.Exchange(ref slot.Latest, null) is { } sample) await OnTelemetryAsync(id, sample, ct);
        var now = _time.GetUtcNow();
        _dueScratch.Clear();
        _pacing.TakeDue(now, _dueScratch);
        foreach (var id in _dueScratch)
            if (_stations.TryGetValue(id, out var station) && station.Configured && !Refused(station))
                await PublishTelemetryAsync(station, now, ct);
    }

    private async Task PublishTelemetryAsync(Station station, DateTimeOffset now, CancellationToken ct)
    {
        if (await PublishIfChangedAsync(station, station.TelemetryTopic ??= Config.TelemetryTopic(station.Id),
                HomeAssistantEntities.TelemetryJson(station.Snapshot, station.Telemetry), ct, inject: true))
        {
            _pacing.Published(station.Id, now);
            Interlocked.Increment(ref _statesPublished);
        }
    }

    private async Task RetireAsync(string id, CancellationToken ct)
    {
        if (!_stations.Remove(id, out var station)) return;
        _pacing.Forget(id);
        if (!station.Configured) return;
        Interlocked.Decrement(ref _configured);
        // Empty retained messages delete the configs (HA removes the entities, then the device) and the retained values.
        foreach (var e in HomeAssistantEntities.All)
        {
            await PublishAsync(id, Config.ConfigTopic(id, e), [], ct);
            if (!e.FromTelemetry) await PublishAsync(id, Config.StateTopic(id, e), [], ct);
        }
        await PublishAsync(id, Config.TelemetryTopic(id), [], ct);
        await PublishAsync(id, Config.AvailabilityTopic(id), [], ct);
        _journal.Forget(id);
        _log.LogInformation("Home Assistant discovery of retired station {Station} removed", id);
    }

    private bool Refused(Station station)
    {
        if (station.CollidesWith is null) return false;
        Refusals.Refuse("discovery-collision", $"discovery of {station.Id} refused: its config topics under {_options.DiscoveryPrefix}/sensor/{_options.NodeId}/ hold configs from '{station.CollidesWith}'");
        return true;
    }

    /// <summary>True when the value was new and is published.</summary>
    private async Task<bool> PublishIfChangedAsync(Station station, string topic, string value, CancellationToken ct, bool inject = false)
    {
        if (station.Sent.TryGetValue(topic, out var sent) && sent == value) return false;
        if (!await PublishAsync(station.Id, topic, Encoding.UTF8.GetBytes(value), ct, inject)) return false;
        station.Sent[topic] = value;
        return true;
    }

    private async Task<bool> PublishAsync(string station, string topic, byte[] payload, CancellationToken ct, bool inject = false)
    {
        if (!await (inject ? SendAsync(topic, payload, ct) : _mqtt.PublishAsync(topic, payload, retain: true, ct))) return false;
        Interlocked.Increment(ref _published);
        _journal.Record(station, ViewJournal.HomeAssistantView, topic, true, () => Encoding.UTF8.GetString(payload));
        return true;
    }

    /// <summary>
    /// Telemetry messages (the steady stream, at most one per station per interval) are injected. Configs,
    /// availability and retirement stay on the client: they come in bursts (discovery of a whole fleet at start), and the
    /// client's round trip paces a burst that injection would drop into a subscriber's queue faster than it can read.
    /// </summary>
    private async Task<bool> SendAsync(string topic, byte[] payload, CancellationToken ct)
    {
        // The client's link stays the gate either way: while it is down the gateway does not see foreign configs.
        if (_broker is null || !_mqtt.IsConnected) return await _mqtt.PublishAsync(topic, payload, retain: true, ct);
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build();
        return await _broker.InjectAsync(message, ct);
    }

    private Station StationOf(string id)
    {
        if (!_stations.TryGetValue(id, out var s)) _stations[id] = s = new Station(id);
        return s;
    }

    private sealed class Station(string id)
    {
        public string Id { get; } = id;
        public StationSnapshot? Snapshot { get; set; }
        public bool Configured { get; set; }
        public string? Firmware { get; set; }
        public string? CollidesWith { get; set; }
        /// <summary>The latest sample taken from the queue: a pending entity publishes its value from this one.</summary>
        public TelemetryPoint? Telemetry { get; set; }
        public string? TelemetryTopic { get; set; }
        public Dictionary<string, string> Sent { get; } = new(StringComparer.Ordinal);
    }

    private abstract record Input;
    private sealed record StationInput(StationSnapshot Snapshot) : Input;
    /// <summary>A station's telemetry slot: queued while <see cref="Latest"/> holds a sample the loop has not taken.</summary>
    private sealed record TelemetryDue(string Station) : Input
    {
        public TelemetryPoint? Latest;
    }
    private sealed record RetiredInput(string Station) : Input;
    /// <summary>The <see cref="ViewTicker"/>: take every station's waiting sample, publish what is due.</summary>
    private sealed record Tick : Input
    {
        public static readonly Tick Instance = new();
    }
    private sealed record ForeignConfigInput(string Station, string Topic, string? Origin) : Input;
}
