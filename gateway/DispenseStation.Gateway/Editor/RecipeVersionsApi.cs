using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Orchestration;

namespace DispenseStation.Gateway.Editor;

/// <summary>
/// GET /api/recipe-versions (every recipe id with its latest version), GET /api/recipe-versions/{group}/{name} (its
/// versions), GET .../{version} (one, with its text), GET .../diff?from=&amp;to= (line diff); POST .../{group}/{name} saves
/// the next version (engineer). Version 0 is the shipped example file.
/// </summary>
public static class RecipeVersionsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/recipe-versions", async (RecipeEditor editor, CancellationToken ct) =>
            (await editor.IndexAsync(ct)).Select(Summary)).RequireAuthorization(GatewayRoles.Viewer);

        api.MapGet("/recipe-versions/{group}/{name}", async (string group, string name, RecipeEditor editor, CancellationToken ct) =>
            (await editor.VersionsAsync($"{group}/{name}", ct)).Select(Summary)).RequireAuthorization(GatewayRoles.Viewer);

        api.MapGet("/recipe-versions/{group}/{name}/{version:int}", async (string group, string name, int version, RecipeEditor editor, CancellationToken ct) =>
        {
            var v = await editor.GetAsync($"{group}/{name}", version, ct);
            return new { version = Summary(v), yaml = v.Yaml };
        }).RequireAuthorization(GatewayRoles.Viewer);

        api.MapGet("/recipe-versions/{group}/{name}/diff", async (string group, string name, int? from, int? to, RecipeEditor editor, CancellationToken ct) =>
        {
            var (a, b) = DiffRange.Check(from, to);
            var (older, newer, diff) = await editor.DiffAsync($"{group}/{name}", a, b, ct);
            return new { id = older.RecipeId, from = Summary(older), to = Summary(newer), diff.Added, diff.Removed, diff.Lines };
        }).RequireAuthorization(GatewayRoles.Viewer).RequireRateLimiting(Guards.HeavyRequests.Policy);

        api.MapPost("/recipe-versions/{group}/{name}", async (string group, string name, SaveRecipeVersion? body, HttpContext http, RecipeEditor editor, CancellationToken ct) =>
        {
            if (body is null) throw RequestRejectedException.BadRequest("body", "a JSON object with yaml and note is required");
            var saved = await editor.SaveAsync($"{group}/{name}", body, http.User.Name(), ct);
            return Results.Created($"/api/recipe-versions/{saved.RecipeId}/{saved.Version}", Summary(saved));
        }).RequireAuthorization(GatewayRoles.Engineer).RequireRateLimiting(Guards.HeavyRequests.Policy);
    }

    /// <summary>A version without its text (lists stay small); the text is one GET away.</summary>
    public static object Summary(RecipeVersion v) => new
    {
        id = v.RecipeId, v.Version, v.Shipped, v.Sha256, v.Author, v.Note, v.At, v.ClaimSet, v.Verdict, v.Draft,
    };
}

/// <summary>The from/to query of a diff: both required, versions are 0 or more.</summary>
public static class DiffRange
{
    public static (int From, int To) Check(int? from, int? to)
    {
        if (from is not { } a || a < 0) throw RequestRejectedException.BadRequest("from", "required: the older version to compare, 0 or more");
        if (to is not { } b || b < 0) throw RequestRejectedException.BadRequest("to", "required: the newer version to compare, 0 or more");
        return (a, b);
    }
}
