using DispenseStation.Composition.Claims;
using DispenseStation.Gateway.Orchestration;

namespace DispenseStation.Gateway.Api;

/// <summary>
/// POST /api/recipes/validate-all: a recipe against every claim set side by side, each claim with its elements (which
/// components meet each element, which are also present). Same body as /api/recipes/validate.
/// </summary>
public static class ClaimReportApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/recipes/validate-all", (RecipeCheckRequest? request, BatchOrchestrator batches, Guards.InputLimits limits) =>
        {
            if (request is null) throw RequestRejectedException.BadRequest("body", "a JSON request is required");
            limits.CheckRecipe(request.RecipeYaml);
            var (recipe, _) = batches.ReadRecipe(new BatchRequest(request.Recipe, request.RecipeYaml, null, null, null, null));
            var reports = RecipeValidator.ValidateAll(recipe);
            return new
            {
                recipe = recipe.Name,
                namedClaimSet = recipe.ClaimSetId,
                compliantWith = reports.Where(r => r.Verdict == Verdict.Compliant).Select(r => r.ClaimSetId),
                claimSets = reports.Select(Report),
            };
        }).RequireAuthorization(Auth.GatewayRoles.Viewer).RequireRateLimiting(Guards.HeavyRequests.Policy);
    }

    /// <summary>One claim set's report with element findings, as JSON.</summary>
    public static object Report(ValidationReport report) => new
    {
        claimSet = report.ClaimSetId,
        verdict = report.Verdict.ToString(),
        claims = report.Claims.Select(c => new
        {
            c.Claim, c.Parent, status = c.Status.ToString(), c.Quote, c.Message,
            elements = c.Elements.Select(e => new { e.Element, status = e.Status.ToString(), e.Meeting, e.AlsoPresent, e.Detail, e.Basis }),
        }),
    };
}
