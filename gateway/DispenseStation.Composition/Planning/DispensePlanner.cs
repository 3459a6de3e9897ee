using static System.FormattableString;
using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Planning.Compliance;
using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Planning;

/// <summary>
/// Turns a compliant recipe and a station's channel map into grams per channel. Each solid i needs
/// m_i = solids x w_i; a stock at concentration c doses m_i / c and carries m_i (1/c - 1) of its solvent, which the
/// pure-solvent channel then doses less of. Sum of doses = batch exactly (up to floating point).
/// </summary>
public static class DispensePlanner
{
    public static DispensePlan Plan(Recipe recipe, ChannelMap map, DispenseOptions? options = null)
    {
        options ??= new DispenseOptions();
        var errors = new List<InputError>();
        var warnings = new List<string>();

        var report = RecipeValidator.Validate(recipe);
        if (report.Verdict != Verdict.Compliant && !options.AllowNonCompliant)
            errors.Add(new InputError(recipe.File, 1, "claimSet",
                $"recipe is {report.Verdict} with {report.ClaimSetId} (violated: {string.Join(", ", report.ViolatedClaims)}); only compliant recipes are planned"));

        var draft = new List<Draft>();
        var carried = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var c in recipe.Components)
        {
            var channel = map.ChannelFor(c.Material);
            if (channel is null)
            {
                errors.Add(new InputError(recipe.File, c.Line, $"components[{c.Material.Id}]", $"material '{c.Material.Id}' is not loaded on any channel of station {map.Station} ({map.File})"));
                continue;
            }
            var solids = recipe.SolidsGrams * c.FractionOfSolids;
            var dose = solids / channel.SolidsFraction;
            var solvent = dose - solids;
            if (channel.Solvent is { } s)
            {
                if (!recipe.Solvents.Any(x => x.Material.Id == s.Id))
                    errors.Add(new InputError(map.File, channel.Line, $"channels[{channel.Number}]",
                        $"stock '{channel.StockId}' is dissolved in '{s.Id}', which recipe {recipe.Name} does not list as a solvent"));
                carried[s.Id] = carried.GetValueOrDefault(s.Id) + solvent;
            }
            draft.Add(new Draft(channel, c.Material, dose, solids, solvent, channel.Solvent, c.FractionOfSolids < options.MinorComponentFraction));
        }

        foreach (var s in recipe.Solvents)
        {
            var needed = recipe.SolventGrams * s.FractionOfSolvent;
            var fromStocks = carried.GetValueOrDefault(s.Material.Id);
            var dose = needed - fromStocks;
            // Stocks may bring all the solvent; a residue at floating-point level is zero, not a negative dose.
            if (Math.Abs(dose) <= 1e-12 * recipe.BatchGrams) continue;
            if (dose < 0)
            {
                errors.Add(new InputError(recipe.File, s.Line, $"solvents[{s.Material.Id}]",
                    Invariant($"stocks bring {fromStocks:0.###} g of '{s.Material.Id}' but the batch needs only {needed:0.###} g: raise solidsWtPercent or load more concentrated stocks")));
                continue;
            }
            var channel = map.ChannelFor(s.Material);
            if (channel is null)
            {
                errors.Add(new InputError(recipe.File, s.Line, $"solvents[{s.Material.Id}]",
                    Invariant($"solvent '{s.Material.Id}' ({dose:0.###} g) is not loaded on any channel of station {map.Station} ({map.File})")));
                continue;
            }
            draft.Add(new Draft(channel, s.Material, dose, 0, dose, s.Material, false));
        }

        var volume = recipe.Components.Sum(c => recipe.SolidsGrams * c.FractionOfSolids / c.Material.Density)
                     + recipe.Solvents.Sum(s => recipe.SolventGrams * s.FractionOfSolvent / s.Material.Density);
        var usable = map.BottleCapacityMl * map.FillLimitPercent / 100;
        if (volume > usable)
            errors.Add(new InputError(recipe.File, recipe.BatchLine, "batchGrams",
                Invariant($"{recipe.BatchGrams:0.###} g is about {volume:0.#} mL; the bottle on {map.Station} holds {map.BottleCapacityMl:0.#} mL, {usable:0.#} mL at {map.FillLimitPercent:0.#} % fill")));
        if (recipe.BatchGrams + map.BottleTareGrams > map.ScaleCapacityGrams)
            errors.Add(new InputError(recipe.File, recipe.BatchLine, "batchGrams",
                Invariant($"{recipe.BatchGrams:0.###} g plus a {map.BottleTareGrams:0.###} g bottle exceeds the {map.ScaleCapacityGrams:0.###} g scale of {map.Station}")));

        var doses = new List<Dose>();
        foreach (var d in Ordered(draft, options, recipe, errors))
        {
            var setpoint = RoundToResolution(d.Target, map.ScaleResolutionGrams);
            if (setpoint <= 0)
            {
                errors.Add(new InputError(recipe.File, recipe.BatchLine, "batchGrams",
                    Invariant($"dose of '{d.Material.Id}' is {d.Target:0.######} g, below the {map.ScaleResolutionGrams} g scale resolution: use a more dilute stock or a larger batch")));
                continue;
            }
            if (DoseFeasibility.Refusal(d.Material, d.Channel, d.Target, d.Solids, map, options) is { } refusal)
            {
                errors.Add(new InputError(recipe.File, recipe.BatchLine, $"components[{d.Material.Id}]", refusal));
                continue;
            }
            var relative = d.Minor ? options.MinorRelativeTolerance : options.MajorRelativeTolerance;
            var floor = options.MinimumToleranceSteps * map.ScaleResolutionGrams;
            var tolerance = Math.Max(relative * d.Target, floor);
            if (tolerance > relative * d.Target)
                warnings.Add(Invariant($"'{d.Material.Id}' dose {d.Target:0.###} g: tolerance {tolerance:0.###} g ({100 * tolerance / d.Target:0.##} %) is set by the scale resolution, not the {100 * relative:0.##} % target"));
            doses.Add(new Dose(doses.Count + 1, d.Channel.Number, d.Material, d.Channel.StockId, d.Target, setpoint, d.Solids, d.Solvent,
                d.SolventMaterial, tolerance, 100 * tolerance / d.Target, d.Minor));
        }

        if (errors.Count == 0)
            doses = ClaimCornerCheck.Hold(recipe, doses, options.MinimumToleranceSteps * map.ScaleResolutionGrams, options.ClaimCorners, errors, warnings).ToList();
        if (errors.Count > 0) throw new CompositionException(errors);
        return new DispensePlan(recipe.Name, recipe.ClaimSetId, map.Station, recipe.BatchGrams, recipe.SolidsGrams, doses, recipe.Bakes, volume, warnings);
    }

    /// <summary>Nearest multiple of the resolution; what a scale with that resolution can actually show.</summary>
    public static double RoundToResolution(double grams, double resolution) =>
        Math.Round(grams / resolution, MidpointRounding.AwayFromZero) * resolution;

    private static IReadOnlyList<Draft> Ordered(List<Draft> draft, DispenseOptions options, Recipe recipe, List<InputError> errors)
    {
        if (options.Order == DispenseOrder.Explicit)
        {
            var ordered = new List<Draft>();
            foreach (var id in options.ExplicitOrder)
            {
                var d = draft.FirstOrDefault(x => x.Material.Id == id);
                if (d is null) errors.Add(new InputError("(dispense options)", 0, "ExplicitOrder", $"explicit order lists '{id}', which this plan does not dose"));
                else if (!ordered.Contains(d)) ordered.Add(d);
            }
            foreach (var d in draft.Where(x => !ordered.Contains(x)))
                errors.Add(new InputError("(dispense options)", 0, "ExplicitOrder", $"explicit order does not list '{d.Material.Id}'"));
            return ordered;
        }
        // Roles named in LastRoles go last, in that order; everything else first by the chosen key.
        int LastRank(Draft d)
        {
            for (var i = 0; i < options.LastRoles.Count; i++)
                if (options.LastRoles[i] == d.Material.Role) return i;
            return -1;
        }
        var byRank = draft.OrderBy(LastRank);
        return (options.Order == DispenseOrder.ChannelNumber
                ? byRank.ThenBy(d => d.Channel.Number)
                : byRank.ThenByDescending(d => d.Solvent / d.Target).ThenByDescending(d => d.Target).ThenBy(d => d.Channel.Number))
            .ToList();
    }

    private sealed record Draft(Channel Channel, Material Material, double Target, double Solids, double Solvent, Material? SolventMaterial, bool Minor);
}
