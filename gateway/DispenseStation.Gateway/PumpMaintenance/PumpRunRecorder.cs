using System.Collections.Concurrent;
using System.Globalization;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Records;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;

namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>
/// Follows the pump runs the gateway started: holds the station while one runs (a batch or bake job submitted meanwhile
/// is refused as busy), stores each station's pump-run event as the run's result and audits it in the station's history
/// (a completed calibration with the channel's table before and after). A run whose result never comes (the station
/// rebooted) stops holding the station once its longest possible time has passed.
/// </summary>
public sealed class PumpRunRecorder : IHostedService
{
    /// <summary>Beyond the run's own time: the stable start, the settle and the link.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    private readonly GatewayMqttClient _mqtt;
    private readonly PumpRunStore _store;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<PumpRunRecorder> _log;
    /// <summary>With several gateway instances, only the station's owner (the one that started the run) records it.</summary>
    private readonly Fleet.IStationOwnership? _ownership;
    private readonly ConcurrentDictionary<string, (string CommandId, DateTimeOffset Until)> _running = new(StringComparer.Ordinal);

    public PumpRunRecorder(GatewayMqttClient mqtt, PumpRunStore store, AuditTrail audit, TimeProvider time, StationPreparation preparation,
        ILogger<PumpRunRecorder> log, Fleet.IStationOwnership? ownership = null)
    {
        _ownership = ownership;
        _mqtt = mqtt; _store = store; _audit = audit; _time = time; _log = log;
        preparation.AddOccupancy("pump run", station => RunningOn(station) is { } id ? "pump run " + id : null);
    }

    public Task StartAsync(CancellationToken ct)
    {
        _mqtt.MessageReceived += OnMessageAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        _mqtt.MessageReceived -= OnMessageAsync;
        return Task.CompletedTask;
    }

    /// <summary>The command id of the run going on <paramref name="station"/>, or null.</summary>
    public string? RunningOn(string station) =>
        _running.TryGetValue(station, out var r) && r.Until > _time.GetUtcNow() ? r.CommandId : null;

    /// <summary>Called once the station accepted the command: store who asked for what, audit it, hold the station.</summary>
    public async Task StartedAsync(PumpRunRequest r, CancellationToken ct)
    {
        // A calibration runs once per speed, each with its own stable start and settle.
        int runs = r.Speeds?.Count ?? 1;
        double longest = (r.SecondsAsked ?? PumpCommands.MaxSeconds) * runs;
        _running[r.StationId] = (r.CommandId, r.RequestedAt + TimeSpan.FromSeconds(longest) + Grace * runs);
        await _store.AddRequestAsync(r, ct);
        await _audit.AppendAsync(new AuditAction(r.User, AuditEntity.Parameter, EntityId(r.StationId, r.Channel), r.Procedure, null, null,
            StationId: r.StationId, Details: Describe(r)), ct);
    }

    public static string EntityId(string station, int channel) => station + "/pump-" + channel.ToString(CultureInfo.InvariantCulture);

    private static string Describe(PumpRunRequest r) => string.Create(CultureInfo.InvariantCulture,
        $"channel {r.Channel} {(r.Speeds is { } speeds ? "at speeds " + string.Join(", ", speeds.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture))) : $"at speed {r.Speed:0.###}")}{(r.SecondsAsked is { } s ? $", up to {s:0.###} s" : "")}{(r.GramsAsked is { } g ? $", up to {g:0.####} g" : "")}{(r.Speeds is null ? "" : " each")} (command {r.CommandId})");

    internal async Task OnMessageAsync(GatewayMessage message)
    {
        if (!TopicParser.TryParse(message.Topic, out var topic, out _) || topic.Kind != TopicKind.Event) return;
        if (_ownership?.Owns(topic.StationId) == false) return;
        var p = message.Payload;
        // Cheap filter first: most events are not pump runs.
        if (p.AsSpan().IndexOf("\"pump-run\""u8) < 0) return;
        if (!PumpRunEvent.TryParse(p, 0, p.Length, out var e, out var error))
        {
            _log.LogWarning("Dropped malformed pump-run event from {Station}: {Error}", topic.StationId, error);
            return;
        }
        try
        {
            await OnRunAsync(topic.StationId, e, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogError(ex, "Storing pump run {CommandId} of {Station} failed", e.CommandId, topic.StationId);
        }
    }

    private async Task OnRunAsync(string station, PumpRunEvent e, CancellationToken ct)
    {
        if (_running.TryGetValue(station, out var r) && r.CommandId == e.CommandId) _running.TryRemove(station, out _);
        var now = _time.GetUtcNow();
        double? flow = double.IsNaN(e.FlowGramsPerS) ? null : e.FlowGramsPerS;
        var table = Enumerable.Range(0, e.PointCount).Select(i => new PumpCalibrationPoint(e.PointSpeeds[i], e.PointSeconds[i], e.PointGrams[i], e.PointFlows[i])).ToList();
        var result = new PumpRunResult(e.CommandId, station, e.RunStatus, e.Seconds, e.Grams, flow, e.Message, now, table);
        bool stored = e.Procedure == CommandNames.CalibratePump && e.RunStatus == PumpRunStatuses.Completed;
        // The table the channel dosed with until now, read before this result becomes the current one.
        var before = stored ? (await _store.CurrentCalibrationsAsync(station, ct)).FirstOrDefault(c => c.Channel == e.Channel)?.Table : null;
        if (await _store.HasResultAsync(e.CommandId, ct)) return;
        string rows = table.Count == 0 ? "" : "; g/s by speed: " + string.Join(", ", table.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"at {p.Speed:0.###}: {p.FlowGramsPerS:0.####} ({p.Grams:0.####} g in {p.Seconds:0.###} s)")));
        string details = string.Create(CultureInfo.InvariantCulture,
            $"{e.Procedure} {e.RunStatus}: {e.Grams:0.####} g in {e.Seconds:0.###} s{(flow is { } f ? $" = {f:0.####} g/s at speed {e.Speed:0.###}" : "")}{rows}{(e.Message is null ? "" : " (" + e.Message + ")")}");
        await _audit.AppendAsync(new AuditAction("station " + station, AuditEntity.Parameter, EntityId(station, e.Channel), "pump-run",
            before, stored ? table : null, StationId: station, Details: details), ct);
        // The audit row before the result: whoever sees the run finished (API, dashboard) finds its audit too.
        if (!await _store.AddResultAsync(result, ct)) return;
        _log.LogInformation("{Station} pump run {CommandId}: {Details}", station, e.CommandId, details);
    }
}
