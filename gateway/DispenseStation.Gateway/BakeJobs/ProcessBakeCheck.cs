using DispenseStation.Composition.Recipes;
using DispenseStation.Gateway.Orchestration;

namespace DispenseStation.Gateway.BakeJobs;

/// <summary>
/// The link between a resist and its bakes, checked both ways: the profiles a recipe names exist and are of the right
/// process (a profile of process "other" fits either), and a bake job that names a resist batch runs one of the profiles
/// that batch's recipe names (when it names any).
/// </summary>
public static class ProcessBakeCheck
{
    /// <summary>Throws a 400 naming each bakeProfiles field whose profile is unknown or of the other process.</summary>
    public static async Task CheckRecipeAsync(ProcessBakes bakes, BakeProfileLibrary profiles, CancellationToken ct)
    {
        var errors = new List<ApiError>();
        foreach (var (field, name) in bakes.Named())
        {
            var profile = await profiles.FindAsync(name, null, ct);
            string wanted = field.EndsWith("postApply", StringComparison.Ordinal) ? "post-apply" : "post-exposure";
            if (profile is null)
            {
                var known = (await profiles.LatestAsync(ct)).Select(p => p.Name).Order();
                errors.Add(new ApiError(field, $"no bake profile '{name}' (known: {string.Join(", ", known)})"));
            }
            else if (profile.Process != wanted && profile.Process != "other")
            {
                errors.Add(new ApiError(field, $"bake profile '{name}' is a {profile.Process} bake, not {wanted}"));
            }
        }
        if (errors.Count > 0) throw new RequestRejectedException(400, "recipe names bake profiles that do not fit", errors);
    }

    /// <summary>Null when <paramref name="profile"/> fits the resist batch's recipe; otherwise the rule it breaks.</summary>
    public static string? JobFitsResist(string profile, string batchId, ProcessBakes bakes)
    {
        var named = bakes.Named().ToList();
        if (named.Count == 0 || named.Any(n => n.Profile == profile)) return null;
        return $"batch {batchId}'s recipe names the bake profiles {string.Join(", ", named.Select(n => $"{n.Profile} ({n.Field["bakeProfiles.".Length..]})"))}; '{profile}' is not one of them";
    }
}
