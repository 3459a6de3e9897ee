using DispenseStation.Composition.Claims;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Orchestration;

namespace DispenseStation.Gateway.Api;

/// <summary>Body of POST /api/recipes/validate and /api/plan: an example id or recipe text, optional batch size and station.</summary>
public sealed record RecipeCheckRequest(string? Recipe, string? RecipeYaml, double? BatchGrams, string? Station);

/// <summary>GET /api/recipes, /api/recipes/{id}, /api/claim-sets; POST /api/recipes/validate, /api/plan.</summary>
public static class RecipesApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/recipes", (RecipeLibrary library) => library.Recipes().Select(r => new { r.Id, r.ClaimSet, r.FileName }));

        api.MapGet("/recipes/{**id}", (string id, RecipeLibrary library) =>
        {
            var entry = library.FindRecipe(id) ?? throw RequestRejectedException.NotFound("id", $"no example recipe '{id}'");
            return Results.Text(File.ReadAllText(entry.Path), "text/yaml; charset=utf-8");
        });

        api.MapGet("/claim-sets", () => ClaimSets.All.Select(c => new
        {
            c.Id, c.Title, c.SeedFile,
            claims = c.Rules.Select(r => new { claim = r.Number, parent = r.Parent, r.Quote }),
        }));

        // The claim-by-claim report. A non-compliant recipe is a valid answer (200); unreadable recipes are 400.
        api.MapPost("/recipes/validate", (RecipeCheckRequest? request, BatchOrchestrator batches, Guards.InputLimits limits) =>
        {
            if (request is null) throw RequestRejectedException.BadRequest("body", "a JSON request is required");
            limits.CheckRecipe(request.RecipeYaml);
            var (recipe, _) = batches.ReadRecipe(new BatchRequest(request.Recipe, request.RecipeYaml, null, null, null, null));
            var report = RecipeValidator.Validate(recipe);
            return new
            {
                recipe = recipe.Name, claimSet = report.ClaimSetId, verdict = report.Verdict.ToString(),
                batchGrams = recipe.BatchGrams, solidsWtPercent = recipe.SolidsWtPercent,
                components = recipe.Components.Select(c => new { material = c.Material.Id, role = c.Material.Role.ToString(), wtPercentOfSolids = c.WtPercentOfSolids }),
                claims = report.Claims.Select(c => new { c.Claim, c.Parent, status = c.Status.ToString(), c.Quote, c.Message }),
            };
        }).RequireAuthorization(GatewayRoles.Viewer).RequireRateLimiting(Guards.HeavyRequests.Policy);

        api.MapPost("/plan", (RecipeCheckRequest? request, BatchOrchestrator batches, Guards.InputLimits limits) =>
        {
            if (request is null) throw RequestRejectedException.BadRequest("body", "a JSON request is required");
            limits.CheckRecipe(request.RecipeYaml);
            // A station id names a file of the library: an identifier, never a path.
            if (request.Station is { } st && DispenseStation.Protocol.StationId.Check(st) is { } why) throw RequestRejectedException.BadRequest("station", why);
            var plan = batches.Plan(request.Recipe, request.RecipeYaml, request.Station, request.BatchGrams);
            return new
            {
                plan.RecipeName, plan.ClaimSetId, plan.Station, plan.BatchGrams, plan.SolidsGrams, plan.EstimatedVolumeMl, plan.Warnings,
                doses = plan.Doses.Select(d => new { d.Order, d.Channel, material = d.Material.Id, d.StockId, d.TargetGrams, d.SetpointGrams, d.ToleranceGrams, d.Minor }),
                bakeProfiles = new { postApply = plan.BakeProfiles.PostApply, postExposure = plan.BakeProfiles.PostExposure },
            };
        }).RequireAuthorization(GatewayRoles.Viewer).RequireRateLimiting(Guards.HeavyRequests.Policy);
    }
}
