using System.Globalization;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Planning.Compliance;

/// <summary>One solid as it reached the bottle: grams of solid (from the dose and its stock's concentration) and wt% of solids.</summary>
public sealed record ComponentAsDispensed(string Material, double SolidsGrams, double WtPercentOfSolids, double PlannedWtPercentOfSolids);

/// <summary>The claim report of the weights actually dispensed, with a one-line summary for batch records.</summary>
public sealed record AsDispensedClaimReport(
    ValidationReport Report,
    IReadOnlyList<ComponentAsDispensed> Components,
    IReadOnlyList<string> NotDispensed,
    string Summary);

/// <summary>
/// After a batch: judges the claims on the dispensed weights instead of the recipe's numbers. Each dose's grams carry
/// solids at the planned stock concentration; several results for one material (a top-up) add up; a solid with no
/// dispensed weight is absent from the composition and listed as not dispensed.
/// </summary>
public static class AsDispensedClaims
{
    public static AsDispensedClaimReport Evaluate(Recipe recipe, DispensePlan plan, IEnumerable<(string Material, double ActualGrams)> dispensed)
    {
        var byMaterial = dispensed.GroupBy(d => d.Material, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(d => d.ActualGrams), StringComparer.Ordinal);
        var solids = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var dose in plan.Doses.Where(d => d.SolidsGrams > 0))
            if (byMaterial.TryGetValue(dose.Material.Id, out var grams) && grams > 0)
                solids[dose.Material.Id] = SolidsAsDosed.SolidsOf(dose, grams);
        var asDispensed = SolidsAsDosed.Apply(recipe, solids);
        var report = RecipeValidator.Validate(asDispensed);
        var total = solids.Values.Sum();
        var components = recipe.Components
            .Where(c => solids.ContainsKey(c.Material.Id))
            .Select(c => new ComponentAsDispensed(c.Material.Id, solids[c.Material.Id], 100 * solids[c.Material.Id] / total, c.WtPercentOfSolids))
            .ToList();
        var missing = recipe.Components.Where(c => !solids.ContainsKey(c.Material.Id)).Select(c => c.Material.Id).ToList();
        return new AsDispensedClaimReport(report, components, missing, Summarize(report, components, missing));
    }

    private static string Summarize(ValidationReport report, IReadOnlyList<ComponentAsDispensed> components, IReadOnlyList<string> missing)
    {
        static string Word(ClaimStatus s) => s switch
        {
            ClaimStatus.Satisfied => "met",
            ClaimStatus.Violated => "VIOLATED",
            _ => "undecidable",
        };
        var claims = report.Claims.Where(c => c.Status != ClaimStatus.NotApplicable).Select(c => $"claim {c.Claim} {Word(c.Status)}: {c.Message}");
        var parts = components.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Material} {c.WtPercentOfSolids:0.00} wt% of solids (planned {c.PlannedWtPercentOfSolids:0.00})"));
        return $"as dispensed vs {report.ClaimSetId}: {report.Verdict}"
               + (missing.Count > 0 ? $"; not dispensed: {string.Join(", ", missing)}" : "")
               + "; " + string.Join("; ", parts)
               + Environment.NewLine + string.Join(Environment.NewLine, claims);
    }
}
