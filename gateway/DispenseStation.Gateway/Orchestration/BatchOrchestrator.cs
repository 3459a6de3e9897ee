using System.Collections.Concurrent;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Planning;
using DispenseStation.Composition.Recipes;
using DispenseStation.Gateway.Live;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Messages;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>
/// Runs batches: submit (validate, plan, record, start), pass operator commands through, follow the station's
/// events into the batch record, and close it as Complete, Aborted or Interrupted.
/// </summary>
public sealed partial class BatchOrchestrator
{
    private readonly ConcurrentDictionary<string, ActiveBatch> _active = new(StringComparer.Ordinal);
    private readonly StationPreparation _preparation;
    private readonly BakeJobs.BakeProfileLibrary _bakeProfiles;
    private readonly IGatewayRepository _repository;
    private readonly StationRegistry _registry;
    private readonly RecipeLibrary _library;
    private readonly CommandSender _commands;
    private readonly LiveFeed _feed;
    private readonly TimeProvider _time;
    private readonly OrchestrationOptions _options;
    private readonly ILogger<BatchOrchestrator> _log;
    /// <summary>Where the saved recipe version each batch ran is recorded (null in tests that build the orchestrator bare).</summary>
    private readonly Editor.RecipeVersionStore? _recipeVersions;
    private readonly Maintenance.CalibrationSnapshots? _calibration;
    /// <summary>Which stations' records this instance writes (all of them unless several gateways share the stations).</summary>
    private readonly Fleet.IStationOwnership _ownership;

    public BatchOrchestrator(IGatewayRepository repository, StationRegistry registry, RecipeLibrary library, CommandSender commands,
        LiveFeed feed, TimeProvider time, IOptions<OrchestrationOptions> options, ILogger<BatchOrchestrator> log,
        StationPreparation preparation, BakeJobs.BakeProfileLibrary bakeProfiles, ClaimReportStore? claimReports = null,
        Editor.RecipeVersionStore? recipeVersions = null, Maintenance.CalibrationSnapshots? calibration = null,
        Fleet.IStationOwnership? ownership = null)
    {
        _ownership = ownership ?? new Fleet.SingleGatewayOwnership();
        _recipeVersions = recipeVersions;
        _calibration = calibration;
        _preparation = preparation;
        _bakeProfiles = bakeProfiles;
        _preparation.AddOccupancy("batch", station => _active.Values.FirstOrDefault(a => a.Station == station) is { } a ? "batch " + a.Id : null);
        _claimReports = claimReports;
        _repository = repository;
        _registry = registry;
        _library = library;
        _commands = commands;
        _feed = feed;
        _time = time;
        _options = options.Value;
        _log = log;
        _registry.FollowStation = FollowStationAsync;
    }

    /// <summary>Takes up batches a previous run of the gateway left open, so their events keep landing in the record
    /// (of the stations this instance owns: with several instances, those it gains later are adopted then).</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        foreach (var b in await _repository.ListBatchesAsync(null, 1000, ct))
        {
            if (BatchRecord.IsTerminal(b.State) || !_ownership.Owns(b.StationId)) continue;
            _active[b.Id] = new ActiveBatch(b.Id, b.StationId, Replan(b), BakeInterval);
        }
    }

    /// <summary>
    /// Takes up the open batches of a station this instance has just become the owner of (another instance ran them):
    /// the step the station last reported and the doses already stored, so progress continues where it was.
    /// </summary>
    public async Task AdoptAsync(string stationId, CancellationToken ct)
    {
        Release(stationId);
        foreach (var b in await _repository.ListBatchesAsync(stationId, 1000, ct))
        {
            if (BatchRecord.IsTerminal(b.State)) continue;
            var batch = new ActiveBatch(b.Id, b.StationId, Replan(b), BakeInterval)
            {
                StepIndex = _registry.Find(stationId) is { } s && s.BatchId == b.Id ? s.StepIndex : null,
                DosesDone = (await _repository.GetDosesAsync(b.Id, ct)).Count,
            };
            _active[b.Id] = batch;
        }
    }

    /// <summary>Forgets the open batches of a station another instance owns now (its records are that instance's to write).</summary>
    public void Release(string stationId)
    {
        foreach (var a in _active.Values.Where(a => a.Station == stationId).ToList()) _active.TryRemove(a.Id, out _);
    }

    public BatchProgress? ProgressOf(string batchId) => _active.TryGetValue(batchId, out var a) ? a.Progress() : null;

    /// <summary>The stored batch with its live progress and the commands its station takes now.</summary>
    public BatchSummary Summarize(BatchRecord b)
    {
        var progress = ProgressOf(b.Id);
        return BatchSummary.Of(b, progress, CommandsOffered(b, progress));
    }

    /// <summary>
    /// The operator commands the station would accept for this batch now: none once the batch ended, while the station
    /// is offline or while it is not (or not yet) running this batch; otherwise those the station's rules allow in the
    /// state it last reported.
    /// </summary>
    public IReadOnlyList<string> CommandsOffered(BatchRecord b, BatchProgress? progress)
    {
        if (BatchRecord.IsTerminal(b.State)) return [];
        var station = _registry.Find(b.StationId);
        if (station is not { Online: true, PackMlState: not null } || station.BatchId != b.Id) return [];
        return BatchCommandRules.Offered(station.PackMlState, station.Interrupted, progress?.Prompt is not null);
    }

    public async Task<IReadOnlyList<BatchSummary>> ListAsync(string? station, int limit, CancellationToken ct) =>
        (await _repository.ListBatchesAsync(station, limit, ct)).Select(Summarize).ToList();

    public async Task<BatchDetail?> DetailAsync(string batchId, CancellationToken ct)
    {
        var b = await _repository.GetBatchAsync(batchId, ct);
        if (b is null) return null;
        var steps = _active.TryGetValue(batchId, out var a) ? a.Steps : Replan(b);
        var doses = (await _repository.GetDosesAsync(batchId, ct))
            .Select(d => new DoseView(d.Sequence, d.Channel, d.Material, d.TargetGrams, d.ActualGrams, d.ErrorGrams, d.Duration.TotalSeconds, d.CompletedAt))
            .ToList();
        var trace = (await _repository.GetBakeTraceAsync(batchId, ct))
            .Select(p => new BakePointView(p.Step, p.At, p.SetpointC, p.PlateC, p.HeaterDuty)).ToList();
        var alarms = await _repository.ListAlarmsAsync(null, batchId, activeOnly: false, ct);
        var source = _recipeVersions is null ? null : await _recipeVersions.SourceOfAsync(batchId, ct);
        return new BatchDetail(Summarize(b), b.Lots, b.RecipeBody, steps, doses, trace, alarms, source, Maintenance.CalibrationView.Of(b.Calibration));
    }

    private TimeSpan BakeInterval => TimeSpan.FromMilliseconds(_options.BakeTraceMilliseconds);

    /// <summary>The steps of a stored batch, planned again from its recipe text (history, or after a gateway restart).</summary>
    private IReadOnlyList<PlannedStep> Replan(BatchRecord b)
    {
        try
        {
            var map = _library.ChannelMapFor(b.StationId);
            if (map is null) return [];
            var recipe = _library.ParseRecipe(b.RecipeBody, b.RecipeName, RecipeReading.StoredRecord) with { BatchGrams = b.BatchGrams };
            var steps = ControlRecipeBuilder.Build(b.Id, DispensePlanner.Plan(recipe, map, PlanOptions(map))).Steps;
            return ControlRecipeBuilder.WithLegacyBakeSteps(steps, recipe.LegacyBake);
        }
        catch (CompositionException e)
        {
            _log.LogWarning("Cannot re-plan batch {Batch}: {Error}", b.Id, e.Message);
            return [];
        }
    }

    private async Task PublishBatchAsync(string batchId, CancellationToken ct)
    {
        var b = await _repository.GetBatchAsync(batchId, ct);
        if (b is not null) _feed.Publish(LiveFeed.BatchUpdate, Summarize(b));
    }
}
