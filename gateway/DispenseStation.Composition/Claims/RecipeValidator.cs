using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Claims;

/// <summary>
/// Checks a recipe against the claim set it names. Independent claims first (alternatives resolved), then each
/// dependent claim under a met parent. A figure the catalog lacks (a molecular weight for a molar ratio, a resin's
/// Mw) makes only the claims that need it undecidable, naming the figure and the material.
/// </summary>
public static class RecipeValidator
{
    public static ValidationReport Validate(Recipe recipe) => Validate(recipe, ClaimSets.Get(recipe.ClaimSetId));

    /// <summary>The recipe against every claim set the station knows, side by side (in <see cref="ClaimSets.All"/> order).</summary>
    public static IReadOnlyList<ValidationReport> ValidateAll(Recipe recipe) => ClaimSets.All.Select(set => Validate(recipe, set)).ToList();

    public static ValidationReport Validate(Recipe recipe, ClaimSet claimSet)
    {
        var facts = new RecipeFacts(recipe);
        var outcomes = new Dictionary<int, ClaimOutcome>();

        foreach (var rule in claimSet.Rules.Where(r => r.IsIndependent))
            outcomes[rule.Number] = rule.Evaluate(facts);
        ResolveAlternatives(claimSet.Rules.Where(r => r.IsIndependent), outcomes);

        var dependents = claimSet.Rules.Where(r => !r.IsIndependent).ToList();
        foreach (var rule in dependents)
            outcomes[rule.Number] = EvaluateUnderParent(rule, outcomes[rule.Parent!.Value], facts);
        foreach (var siblings in dependents.GroupBy(r => r.Parent))
            ResolveAlternatives(siblings, outcomes);

        var results = claimSet.Rules
            .Select(r => new ClaimResult(r.Number, r.Parent, r.Quote, outcomes[r.Number].Status, outcomes[r.Number].Message)
            {
                Elements = outcomes[r.Number].Elements,
            })
            .ToList();
        return new ValidationReport(claimSet.Id, recipe.Name, DecideVerdict(claimSet, outcomes), results);
    }

    private static ClaimOutcome EvaluateUnderParent(ClaimRule rule, ClaimOutcome parent, RecipeFacts facts) => parent.Status switch
    {
        ClaimStatus.Satisfied => rule.Evaluate(facts),
        ClaimStatus.Undecidable => ClaimOutcome.Undecidable($"depends on claim {rule.Parent}, which is undecidable"),
        _ => ClaimOutcome.NotApplicable($"depends on claim {rule.Parent}, which the recipe is not under"),
    };

    /// <summary>Within a group of alternatives, one met claim makes its violated siblings not applicable.</summary>
    private static void ResolveAlternatives(IEnumerable<ClaimRule> rules, Dictionary<int, ClaimOutcome> outcomes)
    {
        foreach (var group in rules.Where(r => r.AlternativeGroup is not null).GroupBy(r => r.AlternativeGroup))
        {
            var met = group.FirstOrDefault(r => outcomes[r.Number].Status == ClaimStatus.Satisfied);
            if (met is null) continue;
            foreach (var rule in group.Where(r => outcomes[r.Number].Status == ClaimStatus.Violated))
                outcomes[rule.Number] = ClaimOutcome.NotApplicable(
                    $"alternative to claim {met.Number}, which the recipe meets ({outcomes[rule.Number].Message})") with { Elements = outcomes[rule.Number].Elements };
        }
    }

    private static Verdict DecideVerdict(ClaimSet claimSet, Dictionary<int, ClaimOutcome> outcomes)
    {
        var independents = claimSet.Rules.Where(r => r.IsIndependent).Select(r => outcomes[r.Number].Status).ToList();
        if (!independents.Contains(ClaimStatus.Satisfied))
            return independents.Contains(ClaimStatus.Undecidable)
                ? Verdict.Indeterminate
                : Verdict.NonCompliant;
        return outcomes.Values.Any(o => o.Status == ClaimStatus.Violated) ? Verdict.NonCompliant : Verdict.Compliant;
    }
}
