using static System.FormattableString;
using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Planning.Compliance;

/// <summary>What the planner does when a dose inside its tolerance could take the recipe out of a claim.</summary>
public enum ClaimCornerPolicy
{
    /// <summary>Shrink the solids doses' tolerances (never below the scale floor) until every corner holds; refuse if the floor cannot.</summary>
    Tighten,
    /// <summary>Refuse the plan, naming the claim and the corner.</summary>
    Refuse,
}

/// <summary>One tolerance corner that leaves a claim: which doses sit high (+) and low (-), and what the claim then says.</summary>
public sealed record CornerBreach(int Claim, ClaimStatus Status, string Message, string Corner);

/// <summary>
/// Holds a plan's claims over its whole tolerance band. Every claim limit on doses is a ratio of sums of solids masses
/// (wt% of solids, a molar ratio), a linear-fractional function of the doses, so its extremes over the box of doses
/// within tolerance lie at corners of the box: each solids dose at setpoint + tolerance or setpoint - tolerance.
/// Up to <see cref="MaxEnumeratedDoses"/> solids doses every corner is checked; above that the doses are grouped by
/// role (and crosslinker kind) and every corner of the groups is checked, which covers all sums the packs take.
/// Pure solvent doses do not move fractions of solids and are not part of the corners.
/// </summary>
public static class ClaimCornerCheck
{
    public const int MaxEnumeratedDoses = 10;

    /// <summary>Claims met at the setpoints that some corner of the tolerance band does not meet (empty: the band holds).</summary>
    public static IReadOnlyList<CornerBreach> Breaches(Recipe recipe, IReadOnlyList<Dose> doses)
    {
        var solids = doses.Where(d => d.SolidsGrams > 0).ToList();
        if (solids.Count == 0) return Array.Empty<CornerBreach>();
        var claimSet = ClaimSets.Get(recipe.ClaimSetId);
        var nominal = RecipeValidator.Validate(recipe, claimSet);
        if (nominal.Verdict != Verdict.Compliant) return Array.Empty<CornerBreach>();

        var breaches = new Dictionary<int, CornerBreach>();
        // The setpoints themselves are rounded to the scale: at a claim limit the rounding alone can cross it.
        var atSetpoints = RecipeValidator.Validate(SolidsAsDosed.Apply(recipe, Grams(solids, _ => 0)), claimSet);
        foreach (var c in atSetpoints.Claims.Where(c => c.Status == ClaimStatus.Violated && nominal.Claim(c.Claim).Status != ClaimStatus.Violated))
            breaches[c.Claim] = new CornerBreach(c.Claim, c.Status, c.Message, "setpoints as rounded to the scale");

        var groups = Groups(solids);
        for (var mask = 0; mask < 1 << groups.Count; mask++)
        {
            var m = mask;
            int Sign(Dose d) => (m >> groups.FindIndex(g => g.Contains(d)) & 1) == 1 ? 1 : -1;
            var corner = RecipeValidator.Validate(SolidsAsDosed.Apply(recipe, Grams(solids, Sign)), claimSet);
            foreach (var c in corner.Claims)
            {
                if (c.Status != ClaimStatus.Violated || nominal.Claim(c.Claim).Status == ClaimStatus.Violated || breaches.ContainsKey(c.Claim)) continue;
                var text = string.Join(", ", solids.Select(d => $"{d.Material.Id} {(Sign(d) > 0 ? "+" : "-")}"));
                breaches[c.Claim] = new CornerBreach(c.Claim, c.Status, c.Message, text);
            }
        }
        return breaches.Values.OrderBy(b => b.Claim).ToList();
    }

    /// <summary>
    /// Returns the doses with tolerances that keep every claim at every corner: unchanged when the band holds; with the
    /// solids tolerances scaled down (never below <paramref name="floorGrams"/>) under <see cref="ClaimCornerPolicy.Tighten"/>;
    /// otherwise adds an error naming the claim and the corner and returns the doses unchanged.
    /// </summary>
    public static IReadOnlyList<Dose> Hold(Recipe recipe, IReadOnlyList<Dose> doses, double floorGrams, ClaimCornerPolicy policy,
        List<InputError> errors, List<string> warnings)
    {
        var breaches = Breaches(recipe, doses);
        if (breaches.Count == 0) return doses;
        if (policy == ClaimCornerPolicy.Tighten)
        {
            var floor = Scaled(doses, 0, floorGrams);
            if (Breaches(recipe, floor).Count == 0)
            {
                // Largest scale that holds, to 1/1024: tolerances as loose as the claims allow.
                double lo = 0, hi = 1;
                for (var i = 0; i < 10; i++)
                {
                    var mid = (lo + hi) / 2;
                    if (Breaches(recipe, Scaled(doses, mid, floorGrams)).Count == 0) lo = mid; else hi = mid;
                }
                var held = Scaled(doses, lo, floorGrams);
                warnings.Add(Invariant($"tolerances of solids doses tightened to {100 * lo:0.#} % of the planned band (floor {floorGrams:0.###} g) so that no dose within tolerance leaves claim(s) {string.Join(", ", breaches.Select(b => b.Claim))}: ") +
                    string.Join("; ", held.Zip(doses).Where(p => p.First.ToleranceGrams < p.Second.ToleranceGrams)
                        .Select(p => Invariant($"{p.First.Material.Id} ±{p.Second.ToleranceGrams:0.###} -> ±{p.First.ToleranceGrams:0.###} g"))));
                return held;
            }
            breaches = Breaches(recipe, floor);
        }
        foreach (var b in breaches)
            errors.Add(new InputError(recipe.File, recipe.BatchLine, $"claims[{b.Claim}]",
                $"a dose within tolerance can leave claim {b.Claim} of {recipe.ClaimSetId}" +
                (policy == ClaimCornerPolicy.Tighten ? Invariant($" even at the {floorGrams:0.###} g tolerance floor") : "") +
                $": at corner ({b.Corner}) {b.Message}; move the recipe away from the claim limit or use a finer scale"));
        return doses;
    }

    private static Dictionary<string, double> Grams(IReadOnlyList<Dose> solids, Func<Dose, int> sign) =>
        solids.ToDictionary(d => d.Material.Id, d => SolidsAsDosed.SolidsOf(d, d.SetpointGrams + sign(d) * d.ToleranceGrams));

    private static List<HashSet<Dose>> Groups(List<Dose> solids) =>
        solids.Count <= MaxEnumeratedDoses
            ? solids.Select(d => new HashSet<Dose> { d }).ToList()
            : solids.GroupBy(d => (d.Material.Role, d.Material.Crosslinker?.Kind)).Select(g => g.ToHashSet()).ToList();

    private static List<Dose> Scaled(IReadOnlyList<Dose> doses, double scale, double floorGrams) =>
        doses.Select(d => d.SolidsGrams <= 0 ? d : Tolerance(d, Math.Max(floorGrams, Math.Min(d.ToleranceGrams, scale * d.ToleranceGrams)))).ToList();

    private static Dose Tolerance(Dose d, double grams) => d with { ToleranceGrams = grams, TolerancePercent = 100 * grams / d.TargetGrams };
}
