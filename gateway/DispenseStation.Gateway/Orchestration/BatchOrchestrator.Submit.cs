using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Planning;
using DispenseStation.Composition.Recipes;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Orchestration;

public sealed partial class BatchOrchestrator
{
    public const int MaxOperatorLength = 64;
    public const int MaxLotLength = 64;

    /// <summary>
    /// Validates the request, the recipe against its claim set and the station, plans it, stores the batch and
    /// sends the start command. Throws <see cref="RequestRejectedException"/> (nothing stored, nothing sent) when
    /// anything is wrong before dispatch; a start the station rejects closes the stored batch as Aborted.
    /// </summary>
    public Task<BatchSummary> SubmitAsync(BatchRequest request, CancellationToken ct) => SubmitAsync(request, null, ct);

    /// <param name="source">The saved recipe version the text came from (stored with the batch), or null for inline text.</param>
    public async Task<BatchSummary> SubmitAsync(BatchRequest request, Editor.RecipeSource? source, CancellationToken ct)
    {
        var (recipe, yaml) = ReadRecipe(request);
        var stationId = CheckFields(request, recipe);
        recipe = recipe with { BatchGrams = request.BatchGrams ?? recipe.BatchGrams };

        if (ComplianceRefusal.Of(RecipeValidator.Validate(recipe)) is { } refusal) throw refusal;

        await BakeJobs.ProcessBakeCheck.CheckRecipeAsync(recipe.Bakes, _bakeProfiles, ct);

        var map = _library.ChannelMapFor(stationId)
            ?? throw RequestRejectedException.Conflict("station", $"station '{stationId}' has no channel map ({stationId}.yaml in the stations folder)");
        CheckMaterialsLoaded(recipe, map);

        DispensePlan plan;
        try { plan = DispensePlanner.Plan(recipe, map, PlanOptions(map)); }
        catch (CompositionException e) { throw RequestRejectedException.From(e, "recipe cannot be planned on " + stationId); }

        using (await _preparation.EnterAsync(ct))
        {
            var station = await _preparation.CheckReadyAsync(stationId, ct: ct);
            var now = _time.GetUtcNow();
            var batchId = $"b-{now:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
            var (control, steps) = ControlRecipeBuilder.Build(batchId, plan);
            ControlRecipeBuilder.CheckStationAccepts(control); // refused before the batch is stored

            // The station's calibrations and latest scale check as they are now: kept with the record (issue 17 part 5).
            var calibration = _calibration is null ? null : await _calibration.TakeAsync(station, now, ct);
            var record = new BatchRecord(batchId, stationId, recipe.Name, yaml, recipe.BatchGrams, request.Operator!.Trim(),
                request.Lots ?? new Dictionary<string, string>(), BatchState.Created, null, now, null, null, calibration);
            await _repository.CreateBatchAsync(record, ct);
            if (source is not null && _recipeVersions is not null) await _recipeVersions.LinkBatchAsync(batchId, source, ct);
            await _repository.AppendAuditAsync(now, record.Operator, AuditEntity.Recipe, recipe.Name, "dispatched", JsonSerializer.Serialize(new
            {
                batchId, station = stationId, batchGrams = recipe.BatchGrams, recipeId = source?.RecipeId, recipeVersion = source?.Version,
                recipeSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))),
                doses = plan.Doses.Select(d => new { channel = d.Channel, material = d.Material.Id, grams = d.SetpointGrams, tolerance = d.ToleranceGrams }),
                bakeProfiles = new { postApply = plan.BakeProfiles.PostApply, postExposure = plan.BakeProfiles.PostExposure },
            }), ct);
            var active = new ActiveBatch(batchId, stationId, steps, BakeInterval);
            _active[batchId] = active;

            try
            {
                await _preparation.MakeIdleAsync(station, ct);
                // Dispatched before the start goes out: the station's events may overtake the answer.
                await _repository.UpdateBatchStateAsync(batchId, BatchState.Dispatched, _time.GetUtcNow(), null, ct);
                var outcome = await _commands.SendAsync(stationId, CommandNames.Start, control, ct: ct);
                if (!outcome.Accepted)
                    throw RequestRejectedException.Conflict("station", $"{stationId} rejected the batch: {outcome.Reason}");
            }
            catch (Exception e)
            {
                // The record stays, closed, so the attempt is traceable; nothing runs on the station.
                await CloseAsync(batchId, BatchState.Aborted, "not started: " + e.Message, CancellationToken.None);
                throw;
            }
            await PublishBatchAsync(batchId, ct);
            return Summarize((await _repository.GetBatchAsync(batchId, ct))!);
        }
    }

    /// <summary>Plans without dispatching (the CLI's and dashboard's "plan" view).</summary>
    public DispensePlan Plan(string? recipeId, string? recipeYaml, string? stationId, double? batchGrams)
    {
        var (recipe, _) = ReadRecipe(new BatchRequest(recipeId, recipeYaml, stationId, batchGrams, "plan", null));
        if (batchGrams is { } g && !(g > 0 && g <= RecipeParser.MaxBatchGrams))
            throw RequestRejectedException.BadRequest("batchGrams", $"must be greater than 0 and at most {RecipeParser.MaxBatchGrams} g");
        if (string.IsNullOrWhiteSpace(stationId)) throw RequestRejectedException.BadRequest("station", "required");
        var map = _library.ChannelMapFor(stationId) ?? throw RequestRejectedException.BadRequest("station", $"no channel map for station '{stationId}'");
        try { return DispensePlanner.Plan(recipe with { BatchGrams = batchGrams ?? recipe.BatchGrams }, map, PlanOptions(map)); }
        catch (CompositionException e) { throw RequestRejectedException.From(e, "recipe cannot be planned on " + stationId); }
    }

    /// <summary>Planner settings for a station: tolerances no tighter than the firmware accepts.</summary>
    public DispenseOptions PlanOptions(ChannelMap map) => PlanOptionsFor(map, _options.MinimumToleranceGrams);

    public static DispenseOptions PlanOptionsFor(ChannelMap map, double minimumToleranceGrams) => new()
    {
        MinimumToleranceSteps = Math.Max(new DispenseOptions().MinimumToleranceSteps, Math.Ceiling(minimumToleranceGrams / map.ScaleResolutionGrams - 1e-9)),
    };

    /// <summary>Example recipes that plan on a station (all materials loaded, fits bottle and hotplate).</summary>
    public IReadOnlyList<string> RecipesFitting(string stationId)
    {
        var map = _library.ChannelMapFor(stationId);
        if (map is null) return [];
        var fitting = new List<string>();
        foreach (var entry in _library.Recipes())
        {
            try
            {
                DispensePlanner.Plan(_library.ParseRecipe(File.ReadAllText(entry.Path), entry.Id), map, PlanOptions(map));
                fitting.Add(entry.Id);
            }
            catch (CompositionException) { }
        }
        return fitting;
    }

    /// <summary>Parses the recipe named by id or given as text; errors name the field and rule.</summary>
    public (Recipe Recipe, string Yaml) ReadRecipe(BatchRequest request)
    {
        string yaml, file;
        if (!string.IsNullOrWhiteSpace(request.Recipe) == !string.IsNullOrWhiteSpace(request.RecipeYaml))
            throw RequestRejectedException.BadRequest("recipe", "give exactly one of 'recipe' (an example recipe id) or 'recipeYaml' (recipe text)");
        if (!string.IsNullOrWhiteSpace(request.Recipe))
        {
            var entry = _library.FindRecipe(request.Recipe)
                ?? throw RequestRejectedException.BadRequest("recipe", $"unknown example recipe '{request.Recipe}'");
            yaml = File.ReadAllText(entry.Path);
            file = entry.Id + ".yaml";
        }
        else
        {
            yaml = request.RecipeYaml!;
            file = "recipeYaml";
        }
        try { return (_library.ParseRecipe(yaml, file), yaml); }
        catch (CompositionException e) { throw RequestRejectedException.From(e); }
    }

    private static string CheckFields(BatchRequest request, Recipe recipe)
    {
        var errors = new List<ApiError>();
        var station = request.Station?.Trim();
        if (string.IsNullOrEmpty(station)) errors.Add(new ApiError("station", "required"));
        else if (StationId.Check(station) is { } why) errors.Add(new ApiError("station", why));
        if (request.BatchGrams is { } g && !(g > 0 && g <= RecipeParser.MaxBatchGrams))
            errors.Add(new ApiError("batchGrams", $"must be greater than 0 and at most {RecipeParser.MaxBatchGrams} g (got {g})"));
        var op = request.Operator?.Trim();
        if (string.IsNullOrEmpty(op)) errors.Add(new ApiError("operator", "required: who runs this batch"));
        else if (op.Length > MaxOperatorLength) errors.Add(new ApiError("operator", $"at most {MaxOperatorLength} characters"));
        var materials = recipe.Components.Select(c => c.Material.Id).Concat(recipe.Solvents.Select(s => s.Material.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var (material, lot) in request.Lots ?? [])
        {
            if (!materials.Contains(material))
                errors.Add(new ApiError($"lots.{material}", $"'{material}' is not a material of recipe '{recipe.Name}' ({string.Join(", ", materials.Order())})"));
            else if (string.IsNullOrWhiteSpace(lot) || lot.Length > MaxLotLength)
                errors.Add(new ApiError($"lots.{material}", $"lot number must be 1 to {MaxLotLength} characters"));
        }
        if (errors.Count > 0) throw new RequestRejectedException(400, "invalid batch request", errors);
        return station!;
    }

    /// <summary>Every solid and solvent of the recipe must be on a pump channel of the station.</summary>
    private static void CheckMaterialsLoaded(Recipe recipe, ChannelMap map)
    {
        var missing = recipe.Components.Select(c => ("components", c.Material))
            .Concat(recipe.Solvents.Select(s => ("solvents", s.Material)))
            .Where(x => map.ChannelFor(x.Material) is null)
            .Select(x => new ApiError($"{x.Item1}[{x.Material.Id}]", $"material '{x.Material.Id}' is not loaded on any channel of station {map.Station}"))
            .ToList();
        if (missing.Count > 0) throw new RequestRejectedException(409, $"station {map.Station} lacks materials", missing);
    }
}
