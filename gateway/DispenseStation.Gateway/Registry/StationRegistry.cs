using System.Collections.Concurrent;
using DispenseStation.Gateway.Live;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Registry;

/// <summary>
/// The fleet as seen over MQTT: stations appear from their retained state, go offline with their last will,
/// and carry their latest telemetry and active alarms. Stores stations and alarm records.
/// </summary>
public sealed class StationRegistry
{
    private readonly ConcurrentDictionary<string, StationSnapshot> _stations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Station, string Code), long> _openAlarms = new();
    private readonly ConcurrentDictionary<string, ClockAnchor> _clocks = new(StringComparer.Ordinal);
    private readonly IGatewayRepository _repository;
    private readonly RecipeLibrary _library;
    private readonly LiveFeed _feed;
    private readonly TimeProvider _time;
    private readonly ILogger<StationRegistry> _log;

    public StationRegistry(IGatewayRepository repository, RecipeLibrary library, LiveFeed feed, TimeProvider time,
        ILogger<StationRegistry> log, Microsoft.Extensions.Options.IOptions<Configuration.GatewayOptions>? options = null)
    {
        _repository = repository;
        _library = library;
        _feed = feed;
        _time = time;
        _log = log;
        var limits = options?.Value.Mqtt.Limits ?? new Mqtt.Hardening.BrokerLimitsOptions();
        _maxOpenAlarms = limits.MaxOpenAlarmsPerStation;
        _alarmOverflowLog = new Mqtt.Hardening.LogThrottle(time, TimeSpan.FromSeconds(limits.LogSummaryIntervalSeconds));
    }

    private readonly int _maxOpenAlarms;
    private readonly Mqtt.Hardening.LogThrottle _alarmOverflowLog;

    /// <summary>Raised after a station's snapshot changed (state or alarms; not for every telemetry sample).</summary>
    public event Action<StationSnapshot, StationSnapshot?>? StationChanged;

    /// <summary>Raised with the newest sample of every telemetry message (the Sparkplug and Home Assistant views follow it).</summary>
    public event Action<string, TelemetryPoint>? TelemetryReceived;

    /// <summary>Awaited after every state change, in message order (the orchestrator mirrors state into batch records here).</summary>
    public Func<StationSnapshot, StationSnapshot?, Task>? FollowStation { get; set; }

    public IReadOnlyList<StationSnapshot> All() => _stations.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    public StationSnapshot? Find(string id) => _stations.TryGetValue(id, out var s) ? s : null;

    /// <summary>Loads stations the database remembers and stations that have a channel map, all offline until they speak.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        foreach (var record in await _repository.ListStationsAsync(ct))
        {
            _stations.TryAdd(record.Id, StationSnapshot.Unknown(record.Id, ChannelsOf(record.Id)) with
            {
                Firmware = record.FirmwareVersion, LastSeen = record.LastSeen,
            });
        }
        foreach (var id in _library.StationsWithMaps())
            _stations.TryAdd(id, StationSnapshot.Unknown(id, ChannelsOf(id)));
        foreach (var alarm in await _repository.ListAlarmsAsync(null, null, activeOnly: true, ct))
            _openAlarms[(alarm.StationId, alarm.Code)] = alarm.Id;
    }

    /// <summary>Reads the station's open alarms again (on taking it over: another instance raised and cleared them meanwhile).</summary>
    public async Task ReloadAlarmsAsync(string stationId, CancellationToken ct)
    {
        foreach (var key in _openAlarms.Keys.Where(k => k.Station == stationId).ToList()) _openAlarms.TryRemove(key, out _);
        foreach (var alarm in await _repository.ListAlarmsAsync(stationId, null, activeOnly: true, ct))
            _openAlarms[(alarm.StationId, alarm.Code)] = alarm.Id;
    }

    public async Task OnStateAsync(string stationId, StateMessage m, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var before = Find(stationId);
        var channels = before?.Channels ?? ChannelsOf(stationId);
        var after = m.Online
            ? new StationSnapshot(stationId, true, true, m.Firmware ?? before?.Firmware, m.PackMlState, m.BatchId,
                m.StepIndex >= 0 ? m.StepIndex : null, m.StepCount >= 0 ? m.StepCount : null, m.StepName, m.Interrupted,
                m.ActiveAlarms?.Where(a => a is not null).ToArray() ?? [], now, before?.LastTelemetry, channels,
                // A state without the facts (one too long to carry them) keeps the last ones reported.
                StationCalibration.From(m) ?? before?.Calibration, before?.TelemetryReceivedAt)
            : (before ?? StationSnapshot.Unknown(stationId, channels)) with { Online = false, Known = true, LastSeen = now };
        // Stored before it is visible: anyone who sees the station online may reference it in a batch record.
        await EnsureStoredAsync(stationId, m.Firmware, now, ct);
        _stations[stationId] = after;
        _feed.Publish(LiveFeed.StationUpdate, after);
        if (FollowStation is { } follow) await follow(after, before);
        StationChanged?.Invoke(after, before);
    }

    /// <summary>Updates the latest values and fans the samples out live (Storage/TelemetryRecorder stores them). Returns them with UTC times.</summary>
    public IReadOnlyList<TelemetryPoint> OnTelemetry(string stationId, TelemetryMessage m)
    {
        var now = _time.GetUtcNow();
        var clock = AnchorClock(stationId, m.UptimeMs, now);
        var points = new List<TelemetryPoint>(m.SampleCount);
        for (var i = 0; i < m.SampleCount; i++)
        {
            var s = m.Samples[i];
            if (!UptimeBounds.SampleFits(s.UptimeMs, m.UptimeMs)) continue;
            var at = clock.ToTime(s.UptimeMs);
            points.Add(new TelemetryPoint(at, Opt(s.ScaleGrams), s.ScaleStable, Opt(s.PlateC), Opt(s.SetpointC), Opt(s.HeaterDuty), s.PumpRates ?? []));
        }
        if (points.Count == 0) return points;

        var last = points[^1];
        _stations.AddOrUpdate(stationId,
            id => StationSnapshot.Unknown(id, ChannelsOf(id)) with { LastTelemetry = last, LastSeen = now, TelemetryReceivedAt = now },
            (_, s) => s with { LastTelemetry = last, LastSeen = now, TelemetryReceivedAt = now });
        foreach (var p in points) _feed.Publish(LiveFeed.TelemetryUpdate, new { station = stationId, sample = p });
        TelemetryReceived?.Invoke(stationId, last);

        return points;
    }

    /// <summary>Keeps alarm records: raised opens one (with the batch it hit), cleared closes the open one of that code.</summary>
    public async Task OnAlarmEventAsync(string stationId, EventMessage e, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        await EnsureStoredAsync(stationId, null, now, ct);
        if (e.Kind == EventKinds.AlarmRaised)
        {
            if (_openAlarms.ContainsKey((stationId, e.AlarmCode))) return;
            // A station raising ever new codes (a fault or a flood) keeps its first open alarms, not a table of thousands.
            if (_openAlarms.Keys.Count(k => k.Station == stationId) >= _maxOpenAlarms)
            {
                if (_alarmOverflowLog.ShouldLog(stationId, "open alarm cap") is { } leftOut)
                    _log.LogWarning("Station {Station} has {Max} open alarms: alarm {Code} not stored ({LeftOut} more left out since the last line)", stationId, _maxOpenAlarms, e.AlarmCode, leftOut);
                return;
            }
            string? batch = e.BatchId is { } b && await _repository.GetBatchAsync(b, ct) is not null ? b : null;
            var id = await _repository.RaiseAlarmAsync(stationId, batch, e.AlarmCode, e.Severity ?? Severities.Warning, e.Message ?? "", now, ct);
            _openAlarms[(stationId, e.AlarmCode)] = id;
            _feed.Publish(LiveFeed.AlarmUpdate, new
            {
                id, station = stationId, batchId = batch, code = e.AlarmCode, severity = e.Severity ?? Severities.Warning, kind = e.Kind,
                message = e.Message, at = now,
            });
        }
        else if (e.Kind == EventKinds.AlarmCleared && _openAlarms.TryRemove((stationId, e.AlarmCode), out var open))
        {
            await _repository.ClearAlarmAsync(open, now, ct);
            _feed.Publish(LiveFeed.AlarmUpdate, new
            {
                id = open, station = stationId, batchId = (string?)null, code = e.AlarmCode, severity = e.Severity ?? Severities.Warning, kind = e.Kind,
                message = e.Message, at = now,
            });
        }
    }

    /// <summary>
    /// Samples are timed by the station's own uptime, mapped to UTC at the first message of its session: batched
    /// samples keep their spacing, and a simulated station running faster than real time keeps its time base.
    /// A reboot (uptime going backwards) starts a new anchor.
    /// </summary>
    private ClockAnchor AnchorClock(string stationId, long uptimeMs, DateTimeOffset now) =>
        _clocks.AddOrUpdate(stationId, _ => new ClockAnchor(now, uptimeMs, uptimeMs),
            (_, a) => uptimeMs < a.LastUptimeMs || uptimeMs - a.LastUptimeMs > UptimeBounds.MaxJumpMs
                ? new ClockAnchor(now, uptimeMs, uptimeMs)
                : a with { LastUptimeMs = uptimeMs });

    private sealed record ClockAnchor(DateTimeOffset At, long UptimeMs, long LastUptimeMs)
    {
        public DateTimeOffset ToTime(long uptimeMs) => At + TimeSpan.FromMilliseconds(uptimeMs - UptimeMs);
    }

    private async Task EnsureStoredAsync(string stationId, string? firmware, DateTimeOffset now, CancellationToken ct)
    {
        await _repository.UpsertStationAsync(stationId, firmware, now, ct);
    }

    private IReadOnlyList<LoadedChannel> ChannelsOf(string stationId)
    {
        try
        {
            var map = _library.ChannelMapFor(stationId);
            return map?.Channels.Select(c => new LoadedChannel(c.Number, c.Material.Id, c.StockId)).ToList() ?? [];
        }
        catch (Exception e) when (e is DispenseStation.Composition.Errors.CompositionException or IOException)
        {
            _log.LogError("Channel map of station {Station} is invalid: {Error}", stationId, e.Message);
            return [];
        }
    }

    private static double? Opt(double v) => double.IsNaN(v) ? null : v;
}
