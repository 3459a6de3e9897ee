using System.Collections.Concurrent;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Recipes;
using DispenseStation.Gateway.Live;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Bake;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.BakeJobs;

/// <summary>A bake job's request: which profile (latest version unless named) on which station, how many wafers, by whom.</summary>
public sealed record BakeJobRequest(string? Station, string? Profile, int? ProfileVersion, int? Wafers, string? ResistBatchId, string? Operator);

/// <summary>What the dashboard shows of a running job: the wafer and its phase, and the prompt waiting for the operator.</summary>
/// <summary>The running job's wafer and phase; DownTimeS (station seconds since the job started) is when the wafer on the
/// plate landed, for the live view's segment countdown (null before wafer-down and after it is done).</summary>
public sealed record BakeJobLive(int Wafer, string Phase, string? Prompt, double? DownTimeS = null);

/// <summary>
/// Runs bake jobs: submit (profile, station checks, record, bake-job command), pass the operator's wafer buttons and
/// abort/stop through, follow the station's bake-job and wafer events into per-wafer records (pass/fail against the
/// profile's version stored with the job) and the plate trace. Listens to MQTT itself, next to the station router.
/// </summary>
public sealed class BakeJobOrchestrator : IHostedService
{
    public const string LiveJob = "bake-job";
    public const string LiveWafer = "bake-wafer";

    private sealed class Active(BakeJobRecord record, BakeProfile profile)
    {
        public BakeJobRecord Record { get; } = record;
        public BakeProfile Profile { get; } = profile;
        public BakeJobLive Live { get; set; } = new(0, "starting", null);
        public List<BakeTracePoint> Trace { get; } = [];
        /// <summary>Station uptime when the job started (its "started" event); -1 until then.</summary>
        public long StartUptimeMs { get; set; } = -1;
        public long LastTraceUptimeMs { get; set; } = -1;
        /// <summary>The current wafer's withdrawn wafer-downs, for its record.</summary>
        public List<WaferWithdrawal> Withdrawn { get; } = [];
        public int WithdrawnWafer { get; set; } = -1;
    }

    private readonly ConcurrentDictionary<string, Active> _active = new(StringComparer.Ordinal);
    private readonly StationPreparation _preparation;
    private readonly GatewayMqttClient _mqtt;
    private readonly BakeJobStore _store;
    private readonly BakeProfileLibrary _profiles;
    private readonly RecipeLibrary _recipes;
    private readonly StationRegistry _registry;
    private readonly CommandSender _commands;
    private readonly IGatewayRepository _repository;
    private readonly LiveFeed _feed;
    private readonly TimeProvider _time;
    private readonly BakeJobOptions _options;
    private readonly ILogger<BakeJobOrchestrator> _log;
    private readonly TuningRegistry _tuning;
    /// <summary>With several gateway instances, only the station's owner writes its bake job records (jobs are not yet
    /// replayed on a takeover: deploy/README.md, 'Several gateways').</summary>
    private readonly Fleet.IStationOwnership? _ownership;

    public BakeJobOrchestrator(GatewayMqttClient mqtt, BakeJobStore store, BakeProfileLibrary profiles, StationRegistry registry, CommandSender commands,
        IGatewayRepository repository, LiveFeed feed, TimeProvider time, IOptions<BakeJobOptions> options, StationPreparation preparation,
        RecipeLibrary recipes, TuningRegistry tuning, ILogger<BakeJobOrchestrator> log, Fleet.IStationOwnership? ownership = null)
    {
        _ownership = ownership;
        _tuning = tuning;
        _recipes = recipes;
        _mqtt = mqtt; _store = store; _profiles = profiles; _registry = registry; _commands = commands; _repository = repository;
        _feed = feed; _time = time; _options = options.Value; _preparation = preparation; _log = log;
        _preparation.AddOccupancy("bake job", station => _active.Values.FirstOrDefault(a => a.Record.StationId == station) is { } a ? "bake job " + a.Record.Id : null);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        await _profiles.ImportFilesAsync(ct);
        foreach (var j in await _store.ListJobsAsync(1000, ct))
        {
            if (j.State != BakeJobStates.Running) continue;
            var p = await _profiles.FindAsync(j.ProfileName, j.ProfileVersion, ct);
            if (p is not null) _active[j.Id] = new Active(j, p);
        }
        _mqtt.MessageReceived += OnMessageAsync;
    }

    public Task StopAsync(CancellationToken ct)
    {
        _mqtt.MessageReceived -= OnMessageAsync;
        return Task.CompletedTask;
    }

    /// <summary>The gains the station last reported: kept with the job, so runs can be compared with the gains each used.</summary>
    private GainsUsed? GainsNow(string station) =>
        _tuning.Find(station) is { Kp: { } kp, Ti: { } ti, Td: { } td } && !double.IsNaN(kp) && !double.IsNaN(ti) && !double.IsNaN(td)
            ? new GainsUsed(kp, ti, td) : null;

    public BakeJobLive? LiveOf(string jobId) => _active.TryGetValue(jobId, out var a) ? a.Live : null;

    public async Task<BakeJobRecord> SubmitAsync(BakeJobRequest r, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.Station)) throw RequestRejectedException.BadRequest("station", "is required");
        if (string.IsNullOrWhiteSpace(r.Profile)) throw RequestRejectedException.BadRequest("profile", "is required");
        if (r.Wafers is not { } wafers) throw RequestRejectedException.BadRequest("wafers", "is required: 1 to " + BakeJobSpec.MaxWafers);
        if (wafers < 1 || wafers > BakeJobSpec.MaxWafers) throw RequestRejectedException.BadRequest("wafers", $"{wafers} is outside 1 to {BakeJobSpec.MaxWafers}");
        string who = r.Operator?.Trim() ?? "";
        if (who.Length is 0 or > 64) throw RequestRejectedException.BadRequest("operator", "is required: 1 to 64 characters");
        var profile = await _profiles.FindAsync(r.Profile, r.ProfileVersion, ct)
            ?? throw RequestRejectedException.NotFound("profile", r.ProfileVersion is null ? $"no bake profile '{r.Profile}'" : $"no bake profile '{r.Profile}' version {r.ProfileVersion}");
        if (r.ResistBatchId is { } batch)
        {
            var resist = await _repository.GetBatchAsync(batch, ct) ?? throw RequestRejectedException.BadRequest("resistBatchId", $"no batch '{batch}'");
            if (ProcessBakeCheck.JobFitsResist(profile.Name, batch, ResistBakes(resist)) is { } misfit)
                throw RequestRejectedException.BadRequest("profile", misfit);
        }

        using (await _preparation.EnterAsync(ct))
        {
            var station = await _preparation.CheckReadyAsync(r.Station, ct: ct);
            await _preparation.MakeIdleAsync(station, ct);
            var now = _time.GetUtcNow();
            var id = $"J-{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
            var record = new BakeJobRecord(id, station.Id, profile.Name, profile.Version, wafers, r.ResistBatchId, who, BakeJobStates.Running, null, now, null,
                GainsNow(station.Id));
            await _repository.UpsertStationAsync(station.Id, station.Firmware, now, ct);
            await _store.CreateJobAsync(record, ct);
            var active = new Active(record, profile);
            _active[id] = active;
            CommandOutcome outcome;
            try
            {
                outcome = await _commands.SendAsync(station.Id, CommandNames.BakeJob, ct: ct, arguments: m => m.Job = Spec(id, profile, wafers));
            }
            catch (RequestRejectedException e)
            {
                await EndAsync(active, BakeJobStates.Refused, e.Message, ct);
                throw;
            }
            if (!outcome.Accepted)
            {
                await EndAsync(active, BakeJobStates.Refused, outcome.Reason, ct);
                throw new RequestRejectedException(409, "bake job refused by the station", [new ApiError("station", $"{station.Id} refused the bake job: {outcome.Reason}")]);
            }
            return record;
        }
    }

    /// <summary>wafer-down / wafer-removed (with the wafer index the operator saw), abort or stop. wafer-down with
    /// <paramref name="alreadyDown"/>: the wafer was down when the station withdrew its wafer-down (back-dated to it).</summary>
    public async Task<CommandOutcome> CommandAsync(string jobId, string command, int? wafer, CancellationToken ct, bool alreadyDown = false)
    {
        if (!_active.TryGetValue(jobId, out var a))
        {
            if (await _store.GetJobAsync(jobId, ct) is null) throw RequestRejectedException.NotFound("id", $"no bake job '{jobId}'");
            throw RequestRejectedException.Conflict("id", $"bake job '{jobId}' has ended");
        }
        bool button = command is CommandNames.WaferDown or CommandNames.WaferRemoved;
        if (button && wafer is null) throw RequestRejectedException.BadRequest("wafer", "is required: the index of the wafer the operator handles");
        if (alreadyDown && command != CommandNames.WaferDown)
            throw RequestRejectedException.BadRequest("alreadyDown", $"applies to wafer-down only, not {command}");
        return await _commands.SendAsync(a.Record.StationId, command, ct: ct, arguments: m =>
        {
            if (button) m.Wafer = wafer!.Value;
            m.AlreadyDown = alreadyDown;
        });
    }

    /// <summary>The bake profiles a resist batch's recipe names (none when its stored text cannot be read any more).</summary>
    private ProcessBakes ResistBakes(BatchRecord resist)
    {
        try { return _recipes.ParseRecipe(resist.RecipeBody, resist.RecipeName, RecipeReading.StoredRecord).Bakes; }
        catch (CompositionException e)
        {
            _log.LogWarning("Resist batch {Batch}: its recipe text cannot be read ({Error}); the bake job is not checked against it", resist.Id, e.Message);
            return ProcessBakes.None;
        }
    }

    public static BakeJobSpec Spec(string id, BakeProfile p, int wafers) => new()
    {
        JobId = id, Profile = p.Name, ProfileVersion = p.Version, Wafers = wafers,
        Segments = p.Segments.Select(s => new BakeSegment(s.SetpointC, 0, s.HoldS, s.BandC)).ToArray(),
        WaferHeatCapacityJPerK = p.WaferHeatCapacityJPerK, WaferTauS = p.WaferTauS, StableS = p.StableS,
        PlaceTimeoutS = p.PlaceTimeoutS, RemoveGraceS = p.RemoveGraceS, MaxBackdateS = p.MaxBackdateS ?? double.NaN,
    };

    internal async Task OnMessageAsync(GatewayMessage message)
    {
        if (!TopicParser.TryParse(message.Topic, out var topic, out _)) return;
        if (_ownership?.Owns(topic.StationId) == false) return;
        var p = message.Payload;
        var ct = CancellationToken.None;
        try
        {
            if (topic.Kind == TopicKind.Event && BakeJobEvent.TryParse(p, 0, p.Length, out var e, out _)) await OnBakeEventAsync(topic.StationId, e, ct);
            else if (topic.Kind == TopicKind.Telemetry && TelemetryMessage.TryParse(p, 0, p.Length, out var t, out _)) await OnTelemetryAsync(topic.StationId, t, ct);
            else if (topic.Kind == TopicKind.State && StateMessage.TryParse(p, 0, p.Length, out var s, out _)) await OnStateAsync(topic.StationId, s, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogError(ex, "Bake job handling of {Topic} failed", message.Topic);
        }
    }

    private async Task OnBakeEventAsync(string stationId, BakeJobEvent e, CancellationToken ct)
    {
        if (!_active.TryGetValue(e.JobId, out var a) || a.Record.StationId != stationId) return;
        var now = _time.GetUtcNow();
        if (e.Kind == EventKinds.BakeJob)
        {
            if (e.JobStatus == BakeJobStatuses.Completed) await EndAsync(a, BakeJobStates.Complete, null, ct);
            else if (e.JobStatus == BakeJobStatuses.Aborted) await EndAsync(a, BakeJobStates.Aborted, e.Message, ct);
            else
            {
                if (e.JobStatus == BakeJobStatuses.Started) a.StartUptimeMs = e.UptimeMs;
                Publish(a);
            }
            return;
        }
        string? prompt = PromptFor(e.Phase, e.Wafer, a.Record.Wafers);
        double? down = e.Phase == WaferPhases.Down && e.DownAtMs >= 0 && a.StartUptimeMs >= 0 ? (e.DownAtMs - a.StartUptimeMs) / 1000.0
            : e.Phase == WaferPhases.Remove && a.Live?.Wafer == e.Wafer ? a.Live.DownTimeS : null;
        a.Live = new BakeJobLive(e.Wafer, e.Phase, prompt, down);
        if (e.Phase == WaferPhases.DownWithdrawn)
        {
            if (a.WithdrawnWafer != e.Wafer) a.Withdrawn.Clear();
            a.WithdrawnWafer = e.Wafer;
            a.Withdrawn.Add(WithdrawalOf(e, now, a.StartUptimeMs));
        }
        if (e.Phase == WaferPhases.Done)
        {
            double? Opt(double v) => double.IsNaN(v) ? null : v;
            var (passed, failures) = WaferEvaluation.Evaluate(a.Profile, e.Removal, e.TimeOnPlateS, Opt(e.DipC), Opt(e.RecoverS), Opt(e.DoseCs), Opt(e.IdealDoseCs));
            var downAt = now - TimeSpan.FromMilliseconds(e.UptimeMs - e.DownAtMs);
            double downT = a.StartUptimeMs < 0 ? 0 : (e.DownAtMs - a.StartUptimeMs) / 1000.0;
            var wafer = new WaferRecord(a.Record.Id, e.Wafer, a.Record.ProfileVersion, downAt, downT, e.Source, Opt(e.DetectLagS) ?? 0, Opt(e.PlannedS) ?? a.Profile.PlannedS,
                e.TimeOnPlateS, e.Removal, Opt(e.DipC), Opt(e.RecoverS), Opt(e.DoseCs), Opt(e.IdealDoseCs), passed, failures)
            {
                Withdrawals = a.WithdrawnWafer == e.Wafer ? a.Withdrawn.ToList() : [],
            };
            a.Withdrawn.Clear();
            a.WithdrawnWafer = -1;
            await FlushTraceAsync(a, ct);
            await _store.AddWaferAsync(wafer, ct);
            _feed.Publish(LiveWafer, wafer);
        }
        Publish(a);
    }

    /// <summary>A down-withdrawn event as the wafer's record keeps it: when (gateway time; station seconds since the job
    /// started) and the landing it had estimated.</summary>
    public static WaferWithdrawal WithdrawalOf(BakeJobEvent e, DateTimeOffset now, long startUptimeMs)
    {
        double? Since(long uptimeMs) => startUptimeMs < 0 ? null : (uptimeMs - startUptimeMs) / 1000.0;
        return new WaferWithdrawal(now, Since(e.UptimeMs), e.DownAtMs >= 0 ? Since(e.DownAtMs) : null, e.Message);
    }

    /// <summary>What the operator is asked to do in a wafer phase (null: nothing to do).</summary>
    public static string? PromptFor(string phase, int wafer, int wafers) => phase switch
    {
        WaferPhases.Place => $"Place wafer {wafer + 1} of {wafers}",
        WaferPhases.DownTimeout => $"No wafer-down seen for wafer {wafer + 1}: place it, or press 'wafer down' if it is on the plate",
        // The station took back a signature wafer-down (a lasting loss: a draught, the open lid): if the wafer is on the
        // plate after all, only the operator can say so.
        WaferPhases.DownWithdrawn => $"Wafer-down for wafer {wafer + 1} taken back (the plate saw a draught or the open lid, not a wafer): "
            + "place it, or press 'wafer was already down' if it has been on the plate since (timed from the withdrawn wafer-down), "
            + "or 'wafer down' to time it from now",
        WaferPhases.Remove => $"Remove wafer {wafer + 1}",
        _ => null,
    };

    private async Task OnTelemetryAsync(string stationId, TelemetryMessage t, CancellationToken ct)
    {
        var a = _active.Values.FirstOrDefault(x => x.Record.StationId == stationId);
        if (a is null || a.StartUptimeMs < 0) return;
        var now = _time.GetUtcNow();
        for (int i = 0; i < t.SampleCount; i++)
        {
            var s = t.Samples[i];
            if (double.IsNaN(s.PlateC) || s.UptimeMs < a.StartUptimeMs) continue;
            // Thinned on the station's clock, so the trace has the same density at any simulation speed.
            if (a.LastTraceUptimeMs >= 0 && s.UptimeMs - a.LastTraceUptimeMs < _options.TraceMilliseconds) continue;
            a.LastTraceUptimeMs = s.UptimeMs;
            var at = now - TimeSpan.FromMilliseconds(t.UptimeMs - s.UptimeMs);
            lock (a.Trace) a.Trace.Add(new BakeTracePoint(at, (s.UptimeMs - a.StartUptimeMs) / 1000.0, s.PlateC, double.IsNaN(s.SetpointC) ? null : s.SetpointC, double.IsNaN(s.HeaterDuty) ? null : s.HeaterDuty));
        }
        if (a.Trace.Count >= 20) await FlushTraceAsync(a, ct);
    }

    // A station that comes back Idle (a reboot) or names another job has lost this one: nothing more will come.
    private async Task OnStateAsync(string stationId, StateMessage s, CancellationToken ct)
    {
        if (!s.Online) return;
        var a = _active.Values.FirstOrDefault(x => x.Record.StationId == stationId);
        if (a is null || (_time.GetUtcNow() - a.Record.CreatedAt).TotalSeconds < 2) return;
        if (s.BatchId != a.Record.Id && s.PackMlState == PackMlStates.Idle)
            await EndAsync(a, BakeJobStates.Aborted, "the station came back Idle without the job (restarted?)", ct);
    }

    private async Task FlushTraceAsync(Active a, CancellationToken ct)
    {
        List<BakeTracePoint> points;
        lock (a.Trace)
        {
            points = [.. a.Trace];
            a.Trace.Clear();
        }
        await _store.AddTraceAsync(a.Record.Id, points, ct);
    }

    private async Task EndAsync(Active a, string state, string? reason, CancellationToken ct)
    {
        if (!_active.TryRemove(a.Record.Id, out _)) return;
        await FlushTraceAsync(a, ct);
        await _store.EndJobAsync(a.Record.Id, state, reason, _time.GetUtcNow(), ct);
        _feed.Publish(LiveJob, new { id = a.Record.Id, state, reason });
        _log.LogInformation("Bake job {Job} {State}{Reason}", a.Record.Id, state, reason is null ? "" : ": " + reason);
    }

    private void Publish(Active a) => _feed.Publish(LiveJob, new { id = a.Record.Id, state = BakeJobStates.Running, live = a.Live });
}
