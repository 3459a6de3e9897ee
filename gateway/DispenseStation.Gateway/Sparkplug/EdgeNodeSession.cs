using DispenseStation.Gateway.Commissioning;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Sparkplug.Proto;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>
/// The Sparkplug state of the edge node for one MQTT session, without I/O: turns the station registry's changes into
/// NBIRTH, DBIRTH, DDATA and DDEATH in the order they must be published. One reader thread owns it
/// (<see cref="SparkplugEdgeNode"/>'s loop); tests drive it directly.
/// Rules kept here (Sparkplug 3.0 sections 6.4.x, 7): seq 0 on NBIRTH, then +1 per message up to 255 and back to 0;
/// NDEATH carries bdSeq and no seq; no DDATA for a device before its DBIRTH, none after its DDEATH; a rebirth repeats
/// NBIRTH with the session's bdSeq and every online device's DBIRTH.
/// Telemetry is reported by exception in two steps, the cheap one first: a sample that moves no metric beyond its deadband
/// ends there (no payload, no allocation); one that does is paced per device (<see cref="SparkplugOptions.DataMinIntervalMilliseconds"/>):
/// sent at once when the device's interval is over, else held until <see cref="TakeDue"/> at the interval's end, which
/// sends one DDATA with the latest values. Only then are a payload built and a seq taken.
/// </summary>
public sealed class EdgeNodeSession(SparkplugOptions options, TimeProvider time)
{
    public const string BdSeqMetric = "bdSeq";
    public const string RebirthMetric = "Node Control/Rebirth";
    public const ulong RebirthAlias = 1;

    private readonly Dictionary<string, Device> _devices = new(StringComparer.Ordinal);
    private int _nextOrdinal = 1;
    // Telemetry's candidate values, reused by every sample (one thread owns the session).
    private readonly object?[] _scratch = new object?[StationMetrics.Count];
    private ulong _seq;
    private readonly PublishPacing<string> _pacing = new(TimeSpan.FromMilliseconds(options.DataMinIntervalMilliseconds));
    private readonly List<string> _dueScratch = new();

    /// <summary>The bdSeq of the current MQTT session; null before the first connect.</summary>
    public byte? BdSeq { get; private set; }

    /// <summary>True between NBIRTH and the session's end: only then is anything but NDEATH published.</summary>
    public bool NodeBorn { get; private set; }

    public bool AcceptDeviceCommands => options.AcceptDeviceCommands;

    /// <summary>The NDEATH for the MQTT will of the CONNECT that uses <paramref name="bdSeq"/> (no seq, Sparkplug 3.0).</summary>
    public SparkplugMessage Death(byte bdSeq)
    {
        var p = PayloadFactory.New(Now(), seq: null);
        p.Metrics.Add(BdSeqMetricOf(bdSeq));
        return new SparkplugMessage(SparkplugTopics.Node(options.GroupId, SparkplugMessageType.NDEATH, options.EdgeNodeId), SparkplugMessageType.NDEATH, null, p);
    }

    /// <summary>The MQTT session with <paramref name="bdSeq"/> is up: NBIRTH, then a DBIRTH per online station.</summary>
    public List<SparkplugMessage> Connected(byte bdSeq, IEnumerable<StationSnapshot> stations)
    {
        BdSeq = bdSeq;
        return Birth(stations);
    }

    /// <summary>A host asked for a rebirth: same bdSeq, seq from 0 again, every device born anew.</summary>
    public List<SparkplugMessage> Rebirth(IEnumerable<StationSnapshot> stations) =>
        BdSeq is null ? [] : Birth(stations);

    /// <summary>The MQTT session ended (its NDEATH is the broker's will or was sent on purpose): nothing is born any more.</summary>
    public void Disconnected()
    {
        NodeBorn = false;
        foreach (var d in _devices.Values) d.Born = false;
    }

    /// <summary>A station's state changed: DBIRTH when it came online, DDATA for what changed, DDEATH when it went offline.</summary>
    public List<SparkplugMessage> OnStation(StationSnapshot s)
    {
        var device = DeviceOf(s.Id);
        device.State = s;
        var result = new List<SparkplugMessage>(1);
        if (!NodeBorn) return result;
        if (!s.Online)
        {
            if (device.Born) result.Add(DeviceDeath(device));
            return result;
        }
        if (!device.Born)
        {
            result.Add(DeviceBirth(device));
            return result;
        }
        var now = StationMetrics.ValuesOf(s, device.Telemetry);
        if (Data(device, now, Now()) is { } data) result.Add(data);
        return result;
    }

    /// <summary>
    /// A telemetry sample: DDATA with the metrics that moved beyond their deadband, or null (nothing moved, the device is
    /// not born, or its pacing interval is not over: then the latest values go out from <see cref="TakeDue"/>).
    /// </summary>
    public SparkplugMessage? OnTelemetry(string stationId, TelemetryPoint t)
    {
        var device = DeviceOf(stationId);
        device.Telemetry = t;
        if (!NodeBorn || !device.Born || device.State is null) return null;
        if (!StationMetrics.TelemetryMoved(device.Sent, t, options)) return null;
        var now = time.GetUtcNow();
        if (!_pacing.Offer(stationId, now)) return null;
        return TelemetryData(device, now);
    }

    /// <summary>When the earliest held-back device's interval ends (the owner calls <see cref="TakeDue"/> then); null when none waits.</summary>
    public DateTimeOffset? NextDue => _pacing.NextDue;

    /// <summary>Devices whose telemetry waits for the end of their pacing interval.</summary>
    public int PendingDevices => _pacing.PendingCount;

    /// <summary>DDATA for every device whose pacing interval has ended, each with its latest values (none for a device
    /// that died meanwhile or whose values came back inside their deadbands).</summary>
    public List<SparkplugMessage> TakeDue()
    {
        var now = time.GetUtcNow();
        _dueScratch.Clear();
        _pacing.TakeDue(now, _dueScratch);
        var result = new List<SparkplugMessage>(_dueScratch.Count);
        foreach (var id in _dueScratch)
            if (NodeBorn && _devices.TryGetValue(id, out var device) && device.Born && device.State is not null && TelemetryData(device, now) is { } data)
                result.Add(data);
        return result;
    }

    private SparkplugMessage? TelemetryData(Device device, DateTimeOffset now)
    {
        if (device.Telemetry is not { } t) return null;
        Array.Copy(device.Sent, _scratch, StationMetrics.Count);
        StationMetrics.WriteTelemetry(_scratch, t);
        var data = Data(device, _scratch, (ulong)t.At.ToUnixTimeMilliseconds());
        if (data is not null) _pacing.Published(device.Id, now);
        return data;
    }

    /// <summary>A station was retired: DDEATH if it was born; it is forgotten (its aliases are not reused in this process).</summary>
    public SparkplugMessage? OnRetired(string stationId)
    {
        if (!_devices.TryGetValue(stationId, out var device)) return null;
        var death = NodeBorn && device.Born ? DeviceDeath(device) : null;
        _pacing.Forget(stationId);
        device.State = null;
        device.Telemetry = null;
        device.Born = false;
        return death;
    }

    /// <summary>Whether <paramref name="stationId"/> is a device that is born now (commands are accepted only for those).</summary>
    public bool IsBorn(string stationId) => NodeBorn && _devices.TryGetValue(stationId, out var d) && d.Born;

    /// <summary>The station's alias ordinal, for resolving a DCMD metric given by alias.</summary>
    public int? OrdinalOf(string stationId) => _devices.TryGetValue(stationId, out var d) ? d.Ordinal : null;

    public StationSnapshot? StateOf(string stationId) => _devices.TryGetValue(stationId, out var d) ? d.State : null;

    private List<SparkplugMessage> Birth(IEnumerable<StationSnapshot> stations)
    {
        var now = Now();
        _seq = 0;
        NodeBorn = true;
        foreach (var d in _devices.Values) d.Born = false;
        var nbirth = PayloadFactory.New(now, NextSeq());
        nbirth.Metrics.Add(BdSeqMetricOf(BdSeq!.Value));
        var rebirth = new Payload.Types.Metric
        {
            Name = RebirthMetric, Alias = RebirthAlias, Timestamp = now, Datatype = (uint)DataType.Boolean, BooleanValue = false,
        };
        nbirth.Metrics.Add(rebirth);
        var result = new List<SparkplugMessage>
        {
            new(SparkplugTopics.Node(options.GroupId, SparkplugMessageType.NBIRTH, options.EdgeNodeId), SparkplugMessageType.NBIRTH, null, nbirth),
        };
        foreach (var s in stations.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var device = DeviceOf(s.Id);
            device.State = s;
            device.Telemetry = s.LastTelemetry ?? device.Telemetry;
            if (s.Online) result.Add(DeviceBirth(device));
        }
        return result;
    }

    private SparkplugMessage DeviceBirth(Device device)
    {
        var now = Now();
        var values = StationMetrics.ValuesOf(device.State!, device.Telemetry);
        var p = PayloadFactory.New(now, NextSeq());
        foreach (var m in StationMetrics.Reported)
            p.Metrics.Add(PayloadFactory.Birth(m, StationMetrics.Alias(device.Ordinal, m.Index), now, values[m.Index]));
        if (options.AcceptDeviceCommands)
            foreach (var (m, _) in StationMetrics.Commands)
                p.Metrics.Add(PayloadFactory.Birth(m, StationMetrics.Alias(device.Ordinal, m.Index), now, false));
        device.Sent = values;
        device.Born = true;
        return Message(SparkplugMessageType.DBIRTH, device, p);
    }

    private SparkplugMessage DeviceDeath(Device device)
    {
        device.Born = false;
        return Message(SparkplugMessageType.DDEATH, device, PayloadFactory.New(Now(), NextSeq()));
    }

    private SparkplugMessage? Data(Device device, object?[] now, ulong timestampMs)
    {
        Payload? p = null;
        foreach (var m in StationMetrics.Reported)
        {
            if (!StationMetrics.Changed(m, device.Sent[m.Index], now[m.Index], options)) continue;
            p ??= PayloadFactory.New(Now(), null);
            p.Metrics.Add(PayloadFactory.Data(m, StationMetrics.Alias(device.Ordinal, m.Index), timestampMs, now[m.Index]));
            device.Sent[m.Index] = now[m.Index];
        }
        if (p is null) return null;
        p.Seq = NextSeq();
        return Message(SparkplugMessageType.DDATA, device, p);
    }

    private SparkplugMessage Message(SparkplugMessageType type, Device device, Payload p)
    {
        // DDATA goes out for every sample: its topic is built once per device.
        var topic = type == SparkplugMessageType.DDATA
            ? device.DataTopic ??= SparkplugTopics.Device(options.GroupId, type, options.EdgeNodeId, device.Id)
            : SparkplugTopics.Device(options.GroupId, type, options.EdgeNodeId, device.Id);
        return new(topic, type, device.Id, p);
    }

    private static Payload.Types.Metric BdSeqMetricOf(byte bdSeq) =>
        // Sparkplug 3.0: bdSeq is an Int64 metric (long_value), named "bdSeq", without alias.
        new() { Name = BdSeqMetric, Datatype = (uint)DataType.Int64, LongValue = bdSeq };

    private ulong NextSeq()
    {
        var s = _seq;
        _seq = (_seq + 1) % 256;
        return s;
    }

    private ulong Now() => (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();

    private Device DeviceOf(string id)
    {
        if (!_devices.TryGetValue(id, out var d)) _devices[id] = d = new Device(id, _nextOrdinal++);
        return d;
    }

    private sealed class Device(string id, int ordinal)
    {
        public string Id { get; } = id;
        public int Ordinal { get; } = ordinal;
        public bool Born { get; set; }
        public StationSnapshot? State { get; set; }
        public TelemetryPoint? Telemetry { get; set; }
        public string? DataTopic { get; set; }
        /// <summary>What the host was last told, per metric index (the reference for report by exception).</summary>
        public object?[] Sent { get; set; } = new object?[StationMetrics.Count];
    }
}
