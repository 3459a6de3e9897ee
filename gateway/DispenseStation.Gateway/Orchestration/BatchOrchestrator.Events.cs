using DispenseStation.Gateway.Live;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Orchestration;

public sealed partial class BatchOrchestrator
{
    /// <summary>Operator commands that pass through to the station running a batch.</summary>
    public static readonly string[] BatchCommands =
        [CommandNames.Hold, CommandNames.Unhold, CommandNames.Abort, CommandNames.Resume, CommandNames.Confirm, CommandNames.Stop];

    /// <summary>Sends hold/unhold/abort/resume/confirm/stop for a batch; the outcome carries the station's answer.</summary>
    public async Task<CommandOutcome> CommandAsync(string batchId, string command, int? stepIndex, CancellationToken ct)
    {
        var batch = await _repository.GetBatchAsync(batchId, ct) ?? throw RequestRejectedException.NotFound("batchId", $"no batch '{batchId}'");
        if (!BatchCommands.Contains(command))
            throw RequestRejectedException.BadRequest("command", $"unknown batch command '{command}' (expected one of {string.Join(", ", BatchCommands)})");
        if (BatchRecord.IsTerminal(batch.State))
            throw RequestRejectedException.Conflict("batchId", $"batch {batchId} is {batch.State}; it takes no more commands");
        if (command == CommandNames.Confirm && stepIndex is not >= 0)
            throw RequestRejectedException.BadRequest("stepIndex", "required for confirm: the index of the prompt step being confirmed");
        var station = _registry.Find(batch.StationId);
        if (station is not { Online: true })
            throw RequestRejectedException.Conflict("station", $"station '{batch.StationId}' is offline");
        var outcome = await _commands.SendAsync(batch.StationId, command, stepIndex: stepIndex ?? -1, ct: ct);
        if (outcome.Accepted && command == CommandNames.Confirm && _active.TryGetValue(batchId, out var a)) a.Prompt = null;
        _feed.Publish(LiveFeed.BatchEventUpdate, new { batchId, kind = "command", command, outcome.Accepted, outcome.Reason });
        return outcome;
    }

    /// <summary>Follows one station event into the batch record.</summary>
    public async Task OnEventAsync(string stationId, EventMessage e, CancellationToken ct)
    {
        if (e.BatchId is null || !_active.TryGetValue(e.BatchId, out var batch) || batch.Station != stationId) return;
        var now = _time.GetUtcNow();
        var step = e.StepIndex >= 0 ? e.StepIndex : (int?)null;
        switch (e.Kind)
        {
            case EventKinds.BatchStarted:
            case EventKinds.BatchResumed:
                await _repository.UpdateBatchStateAsync(batch.Id, BatchState.Running, now, null, ct);
                break;
            case EventKinds.StepStarted:
                await FlushBakeTraceAsync(batch, ct);
                batch.StepIndex = step;
                break;
            case EventKinds.StepCompleted:
                // A bake step's last partial second belongs to it, not to whatever comes next.
                await FlushBakeTraceAsync(batch, ct);
                break;
            case EventKinds.Prompt:
                batch.Prompt = e.Message;
                break;
            case EventKinds.DoseResult:
                await RecordDoseAsync(batch, e, now, ct);
                break;
            case EventKinds.BatchCompleted:
                // Before closing: a batch seen as Complete already has its as-dispensed claim report.
                await RecordAsDispensedClaimsAsync(batch.Id, ct);
                await CloseAsync(batch.Id, BatchState.Complete, null, ct);
                break;
            case EventKinds.BatchAborted:
                await CloseAsync(batch.Id, BatchState.Aborted, e.Message ?? "aborted on the station", ct);
                break;
            case EventKinds.BatchInterrupted:
                // Not closed: the station keeps the batch and waits for resume or abort.
                await _repository.UpdateBatchStateAsync(batch.Id, BatchState.Held, now, "interrupted by a station restart: resume or abort", ct);
                break;
        }
        _feed.Publish(LiveFeed.BatchEventUpdate, new
        {
            batchId = batch.Id, station = stationId, kind = e.Kind, stepIndex = step, message = e.Message,
            channel = e.Channel >= 0 ? e.Channel + 1 : (int?)null,
            targetGrams = Opt(e.TargetGrams), actualGrams = Opt(e.ActualGrams), errorGrams = Opt(e.ErrorGrams),
            success = e.Kind == EventKinds.DoseResult ? e.Success : (bool?)null,
            alarmCode = e.AlarmCode, severity = e.Severity, setpointC = Opt(e.SetpointC), secondsOutsideBand = Opt(e.SecondsOutsideBand),
        });
        await PublishBatchAsync(batch.Id, ct);
    }

    /// <summary>Stores bake-trace points while a batch's current step is a bake.</summary>
    public async Task OnTelemetryAsync(string stationId, IReadOnlyList<TelemetryPoint> points, CancellationToken ct)
    {
        if (!_ownership.Owns(stationId)) return;
        var batch = _active.Values.FirstOrDefault(a => a.Station == stationId);
        if (batch?.CurrentStep is not { Kind: StepKinds.Bake } bake) return;
        var trace = new List<BakeTracePoint>();
        foreach (var p in points)
        {
            if (p.PlateC is not { } plate) continue;
            // Between segments the station reports no setpoint; the step's own setpoint keeps the trace continuous.
            var bucket = batch.BakeTrace.Add(p.At, [p.SetpointC ?? bake.SetpointC ?? plate, plate, p.HeaterDuty ?? 0]);
            if (bucket is { } b) trace.Add(new BakeTracePoint(batch.Id, bake.Index, b.At, b.Values[0], b.Values[1], b.Values[2]));
        }
        if (trace.Count > 0) await _repository.AddBakeTraceAsync(trace, ct);
    }

    private async Task RecordDoseAsync(ActiveBatch batch, EventMessage e, DateTimeOffset now, CancellationToken ct)
    {
        var planned = e.StepIndex >= 0 && e.StepIndex < batch.Steps.Count ? batch.Steps[e.StepIndex] : null;
        var sequence = e.StepIndex >= 0 ? e.StepIndex : batch.DosesDone + 1000;
        batch.DosesDone++;
        try
        {
            await _repository.AddDoseAsync(new DoseRecord(batch.Id, sequence, e.Channel + 1, planned?.Material ?? $"channel {e.Channel + 1}",
                e.TargetGrams, e.ActualGrams, TimeSpan.FromMilliseconds(Math.Max(0, e.DurationMs)), now), ct);
        }
        catch (System.Data.Common.DbException ex)
        {
            // A re-delivered dose result (same step) is already recorded.
            _log.LogWarning("Dose of batch {Batch} step {Step} not stored: {Error}", batch.Id, e.StepIndex, ex.Message);
        }
    }

    /// <summary>Mirrors the station's PackML state and link into the record of its running batch.</summary>
    private async Task FollowStationAsync(StationSnapshot after, StationSnapshot? before)
    {
        try
        {
            if (!_ownership.Owns(after.Id)) return;
            var batch = _active.Values.FirstOrDefault(a => a.Station == after.Id);
            if (batch is null) return;
            var now = _time.GetUtcNow();
            if (!after.Online)
            {
                if (before?.Online == true)
                    await _repository.UpdateBatchStateAsync(batch.Id, BatchState.Held, now, "station went offline", CancellationToken.None);
            }
            else if (after.BatchId == batch.Id)
            {
                if (after.PackMlState is PackMlStates.Held or PackMlStates.Holding or PackMlStates.Suspended)
                    await _repository.UpdateBatchStateAsync(batch.Id, BatchState.Held, now, after.Interrupted ? "interrupted: resume or abort" : "held", CancellationToken.None);
                else if (after.PackMlState is PackMlStates.Execute)
                    await _repository.UpdateBatchStateAsync(batch.Id, BatchState.Running, now, null, CancellationToken.None);
            }
            else if (after.BatchId is null && after.PackMlState == PackMlStates.Idle && before?.Online == false)
            {
                // Back online without the batch: the station lost it; the record says so instead of waiting forever.
                await CloseAsync(batch.Id, BatchState.Interrupted, "station came back online without the batch", CancellationToken.None);
            }
            else return;
            await PublishBatchAsync(batch.Id, CancellationToken.None);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Following station {Station} failed", after.Id);
        }
    }

    private async Task FlushBakeTraceAsync(ActiveBatch batch, CancellationToken ct)
    {
        if (batch.BakeTrace.Flush() is { } last && batch.CurrentStep is { Kind: StepKinds.Bake } bake)
            await _repository.AddBakeTraceAsync([new BakeTracePoint(batch.Id, bake.Index, last.At, last.Values[0], last.Values[1], last.Values[2])], ct);
    }

    private async Task CloseAsync(string batchId, BatchState state, string? reason, CancellationToken ct)
    {
        if (_active.TryRemove(batchId, out var batch)) await FlushBakeTraceAsync(batch, ct);
        await _repository.UpdateBatchStateAsync(batchId, state, _time.GetUtcNow(), reason, ct);
        await PublishBatchAsync(batchId, ct);
    }

    private static double? Opt(double v) => double.IsNaN(v) ? null : v;
}
