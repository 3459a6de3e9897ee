using DispenseStation.Composition.Errors;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.BakeJobs;
using DispenseStation.Gateway.Orchestration;

namespace DispenseStation.Gateway.Editor;

/// <summary>Body of POST /api/bake-profiles/validate: profile text to check as it would be saved.</summary>
public sealed record CheckProfileRequest(string? Yaml);

/// <summary>
/// The editor's additions to the bake-profile API (list, versions and save are in <see cref="BakeJobsApi"/>): a line diff
/// between two stored versions, and the check a save runs, without saving (validation as you type).
/// </summary>
public static class BakeProfileVersionsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/bake-profiles/{name}/diff", async (string name, int? from, int? to, BakeProfileLibrary library, CancellationToken ct) =>
        {
            var (a, b) = DiffRange.Check(from, to);
            var versions = await library.VersionsAsync(name, ct);
            if (versions.Count == 0) throw RequestRejectedException.NotFound("name", $"no bake profile '{name}'");
            BakeProfileVersion Find(int v, string field) => versions.FirstOrDefault(x => x.Profile.Version == v)
                ?? throw RequestRejectedException.NotFound(field, $"bake profile '{name}' has no version {v} (it has {string.Join(", ", versions.Select(x => x.Profile.Version))})");
            var older = Find(a, "from");
            var newer = Find(b, "to");
            var diff = LineDiff.Of(older.Yaml, newer.Yaml);
            return new { name, from = Summary(older), to = Summary(newer), diff.Added, diff.Removed, diff.Lines };
        }).RequireAuthorization(GatewayRoles.Viewer).RequireRateLimiting(Guards.HeavyRequests.Policy);

        // A read in effect (nothing is stored), so every signed-in user may check a profile.
        api.MapPost("/bake-profiles/validate", (CheckProfileRequest? body, BakeProfileLibrary library, Guards.InputLimits limits) =>
        {
            if (body?.Yaml is null) throw RequestRejectedException.BadRequest("yaml", "is required: the profile as YAML text");
            Guards.YamlGuard.Check(body.Yaml, "yaml", limits.Options);
            try { return library.Check(body.Yaml); }
            catch (CompositionException e) { throw RequestRejectedException.From(e, "invalid bake profile"); }
        }).RequireAuthorization(GatewayRoles.Viewer).RequireRateLimiting(Guards.HeavyRequests.Policy);
    }

    private static object Summary(BakeProfileVersion v) => new { v.Profile.Version, v.Author, v.At, v.Note, v.Sha256, v.Shipped };
}
