using System.Text.Json;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Planning;
using DispenseStation.Composition.Planning.Compliance;
using DispenseStation.Composition.Recipes;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Orchestration;

public sealed partial class BatchOrchestrator
{
    private readonly ClaimReportStore? _claimReports;

    /// <summary>
    /// After a batch completes: the claims judged on the weights actually dispensed (re-planned exactly as dispatched
    /// for the stock concentrations), stored with the batch record. A failure is logged and stored as the summary,
    /// never thrown: closing the batch has already happened.
    /// </summary>
    private async Task RecordAsDispensedClaimsAsync(string batchId, CancellationToken ct)
    {
        if (_claimReports is null) return;
        try
        {
            var b = await _repository.GetBatchAsync(batchId, ct);
            if (b is null) return;
            var recipe = _library.ParseRecipe(b.RecipeBody, b.RecipeName, RecipeReading.StoredRecord) with { BatchGrams = b.BatchGrams };
            BatchClaimReport record;
            var map = _library.ChannelMapFor(b.StationId);
            try
            {
                if (map is null) throw new InvalidOperationException($"no channel map for station '{b.StationId}'");
                var plan = DispensePlanner.Plan(recipe, map, PlanOptions(map) with { AllowNonCompliant = true });
                var doses = await _repository.GetDosesAsync(batchId, ct);
                var result = AsDispensedClaims.Evaluate(recipe, plan, doses.Select(d => (d.Material, d.ActualGrams)));
                var json = JsonSerializer.Serialize(new
                {
                    components = result.Components,
                    notDispensed = result.NotDispensed,
                    verdict = result.Report.Verdict.ToString(),
                    claims = result.Report.Claims.Select(c => new
                    {
                        c.Claim, c.Parent, status = c.Status.ToString(), c.Message,
                        elements = c.Elements.Select(e => new { e.Element, status = e.Status.ToString(), e.Meeting, e.AlsoPresent, e.Detail, e.Basis }),
                    }),
                }, JsonSerializerOptions.Web);
                record = new BatchClaimReport(batchId, recipe.ClaimSetId, result.Report.Verdict.ToString(), result.Summary, json, _time.GetUtcNow());
            }
            catch (Exception e) when (e is CompositionException or InvalidOperationException)
            {
                record = new BatchClaimReport(batchId, recipe.ClaimSetId, "Undecidable",
                    $"as dispensed: no claim report, the batch cannot be re-planned: {e.Message}", "{}", _time.GetUtcNow());
            }
            await _claimReports.SaveAsync(record, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "As-dispensed claim report of batch {Batch} not stored", batchId);
        }
    }
}
