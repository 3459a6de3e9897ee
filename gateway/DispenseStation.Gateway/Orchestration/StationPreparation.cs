using System.Collections.Concurrent;
using DispenseStation.Gateway.Registry;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>
/// Gets a station ready for a job, whatever the job: a dispense batch (<see cref="BatchOrchestrator"/>) or a bake job.
/// One gate serialises every submission, so a batch and a bake job submitted together cannot both find the same station
/// free; the readiness check asks every orchestrator whether it holds the station, then the registry for what the
/// station itself reports. <see cref="MakeIdleAsync"/> brings a finished station back to Idle and waits on the state
/// the station reports, not on a delay.
/// </summary>
public sealed class StationPreparation(StationRegistry registry, CommandSender commands, IOptions<OrchestrationOptions> options,
    Fleet.IStationOwnership? ownership = null)
{
    /// <summary>States from which a station takes a new job after the gateway resets it (PackML start is legal only in Idle).</summary>
    private static readonly string[] FinishedStates = [PackMlStates.Idle, PackMlStates.Complete, PackMlStates.Stopped, PackMlStates.Aborted];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, Func<string, string?>> _occupancy = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers an orchestrator's view of the stations it holds: for a station id, what holds it ("batch b-1",
    /// "bake job J-1") or null. Keyed, so registering again replaces.
    /// </summary>
    public void AddOccupancy(string kind, Func<string, string?> occupiedBy) => _occupancy[kind] = occupiedBy;

    /// <summary>Holds the submission gate until the returned handle is disposed.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    /// <summary>The station, if it can take a job now; otherwise a 409 naming the reason (never connected, offline, busy, interrupted,
    /// alarmed unless <paramref name="allowAlarms"/>: a maintenance run the station checks against its own alarms).</summary>
    public StationSnapshot CheckReady(string stationId, bool allowAlarms = false)
    {
        var s = registry.Find(stationId);
        if (s is null || !s.Known) throw RequestRejectedException.Conflict("station", $"station '{stationId}' has never connected");
        // Before anything is stored: a job another instance would have to run is refused here, not half-created.
        if (ownership is not null) Fleet.OwnershipRefusal.ThrowUnlessOwned(ownership, stationId);
        if (!s.Online) throw RequestRejectedException.Conflict("station", $"station '{stationId}' is offline");
        foreach (var occupiedBy in _occupancy.Values)
        {
            if (occupiedBy(stationId) is { } holder) throw RequestRejectedException.Conflict("station", $"station '{stationId}' is busy with {holder}");
        }
        if (s.Interrupted) throw RequestRejectedException.Conflict("station", $"station '{stationId}' holds interrupted batch {s.BatchId}: resume or abort it first");
        if (!FinishedStates.Contains(s.PackMlState))
            throw RequestRejectedException.Conflict("station", $"station '{stationId}' is busy (PackML {s.PackMlState}{(s.BatchId is null ? "" : ", job/batch " + s.BatchId)})");
        if (s.ActiveAlarms.Count > 0 && !allowAlarms)
            throw RequestRejectedException.Conflict("station", $"station '{stationId}' has active alarms: {string.Join(", ", s.ActiveAlarms)}");
        return s;
    }

    /// <summary>How long a station that still reports a job no orchestrator holds any more gets to report that job's end.</summary>
    public static readonly TimeSpan JobEndGrace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// <see cref="CheckReady"/>, after giving a station that still reports a job the gateway has already closed up to
    /// <see cref="JobEndGrace"/> to report its end. The job's last event closes the record; the state that says Complete is
    /// another topic and may come a moment later, and a technician who submits in that gap should not be told "busy".
    /// </summary>
    public async Task<StationSnapshot> CheckReadyAsync(string stationId, bool allowAlarms = false, CancellationToken ct = default)
    {
        var s = registry.Find(stationId);
        if (s is { Online: true, BatchId: not null } && !FinishedStates.Contains(s.PackMlState)
            && _occupancy.Values.All(occupiedBy => occupiedBy(stationId) is null))
            await WaitForFinishedAsync(stationId, ct);
        return CheckReady(stationId, allowAlarms);
    }

    private async Task WaitForFinishedAsync(string station, CancellationToken ct)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(StationSnapshot after, StationSnapshot? _)
        {
            if (after.Id == station && (!after.Online || FinishedStates.Contains(after.PackMlState))) finished.TrySetResult();
        }
        registry.StationChanged += Watch;
        try
        {
            if (registry.Find(station) is { } now && (!now.Online || FinishedStates.Contains(now.PackMlState))) return;
            // Still busy after the grace: CheckReady then refuses it with the state the station reports.
            try { await finished.Task.WaitAsync(JobEndGrace, ct); }
            catch (TimeoutException) { }
        }
        finally
        {
            registry.StationChanged -= Watch;
        }
    }

    /// <summary>Brings a finished station back to Idle (Aborted: clear then reset; Complete/Stopped: reset).</summary>
    public async Task MakeIdleAsync(StationSnapshot station, CancellationToken ct)
    {
        if (station.PackMlState == PackMlStates.Idle) return;
        if (station.PackMlState == PackMlStates.Aborted)
        {
            await RequireAsync(station.Id, CommandNames.Clear, ct);
            await WaitForStateAsync(station.Id, PackMlStates.Stopped, ct);
        }
        await RequireAsync(station.Id, CommandNames.Reset, ct);
        await WaitForStateAsync(station.Id, PackMlStates.Idle, ct);
    }

    private async Task RequireAsync(string station, string command, CancellationToken ct)
    {
        var outcome = await commands.SendAsync(station, command, ct: ct);
        if (!outcome.Accepted)
            throw new RequestRejectedException(409, "station not ready", [new ApiError("station", $"{station} rejected {command}: {outcome.Reason}")]);
    }

    private async Task WaitForStateAsync(string station, string state, CancellationToken ct)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(StationSnapshot after, StationSnapshot? _)
        {
            if (after.Id == station && after.PackMlState == state) reached.TrySetResult();
        }
        registry.StationChanged += Watch;
        try
        {
            if (registry.Find(station)?.PackMlState == state) return;
            int seconds = options.Value.ReadyTimeoutSeconds;
            try { await reached.Task.WaitAsync(TimeSpan.FromSeconds(seconds), ct); }
            catch (TimeoutException)
            {
                throw new RequestRejectedException(504, "station not ready",
                    [new ApiError("station", $"{station} did not reach {state} within {seconds} s (now {registry.Find(station)?.PackMlState})")]);
            }
        }
        finally
        {
            registry.StationChanged -= Watch;
        }
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }
}
