using System.Globalization;
using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Claims;

/// <summary>Questions rules ask about a recipe and its catalog materials, answered once in one place.</summary>
public sealed class RecipeFacts
{
    public RecipeFacts(Recipe recipe) => Recipe = recipe;

    public Recipe Recipe { get; }

    public IReadOnlyList<RecipeComponent> WithRole(MaterialRole role) =>
        Recipe.Components.Where(c => c.Material.Role == role).ToList();

    public IReadOnlyList<RecipeComponent> Where(Func<Material, bool> predicate) =>
        Recipe.Components.Where(c => predicate(c.Material)).ToList();

    /// <summary>Summed wt% of total solids of the given components.</summary>
    public static double PercentOfSolids(IEnumerable<RecipeComponent> components) => components.Sum(c => c.WtPercentOfSolids);

    /// <summary>Moles per gram of solids of the given components; throws an input error naming the catalog entry when a molecular weight is missing.</summary>
    public static double MolesPerGramOfSolids(IEnumerable<RecipeComponent> components, string neededFor)
    {
        var moles = 0.0;
        foreach (var c in components)
        {
            if (c.Material.MolecularWeight is not { } mw)
                throw new CompositionException(new[]
                {
                    new InputError(c.Material.File, c.Material.Line, $"materials[{c.Material.Id}].molecularWeight",
                        $"is required: {neededFor} needs the molar amount of '{c.Material.Id}'"),
                });
            moles += c.FractionOfSolids / mw;
        }
        return moles;
    }

    public static string Ids(IEnumerable<RecipeComponent> components) => string.Join(", ", components.Select(c => c.Material.Id));

    public static string Num(double value, string format = "0.0##") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"B-1 is 62.0 wt% of solids, claim 11 allows 0.5-50" as Satisfied or Violated.</summary>
    public static ClaimOutcome Window(string what, double value, string unit, double min, double max, int claim)
    {
        var text = $"{what} is {Num(value)}{unit}, claim {claim} allows {Num(min, "0.###")}-{Num(max, "0.###")}{unit}";
        // A tiny allowance so a value written exactly at a limit (50 wt%) is not lost to floating-point rounding.
        var eps = 1e-9 * Math.Max(1, Math.Abs(max));
        return value >= min - eps && value <= max + eps ? ClaimOutcome.Satisfied(text) : ClaimOutcome.Violated(text);
    }

    /// <summary>Combines the independent claim's element checks: all present, or which are missing or undecidable.</summary>
    public static ClaimOutcome Elements(params (string Element, bool? Present, string Detail)[] elements)
    {
        var missing = elements.Where(e => e.Present == false).ToList();
        if (missing.Count > 0)
            return ClaimOutcome.Violated("missing " + string.Join("; ", missing.Select(e => $"{e.Element} ({e.Detail})")));
        var unknown = elements.Where(e => e.Present is null).ToList();
        if (unknown.Count > 0)
            return ClaimOutcome.Undecidable(string.Join("; ", unknown.Select(e => $"{e.Element}: {e.Detail}")));
        return ClaimOutcome.Satisfied(string.Join("; ", elements.Select(e => $"{e.Element}: {e.Detail}")));
    }

    /// <summary>The one resin the mol% / Mw claims talk about, or why there is not exactly one.</summary>
    public static (RecipeComponent? Resin, ClaimOutcome? Problem) SingleResin(IReadOnlyList<RecipeComponent> candidates, string what)
    {
        if (candidates.Count == 1) return (candidates[0], null);
        if (candidates.Count == 0) return (null, ClaimOutcome.NotApplicable($"no {what} in the recipe"));
        return (null, ClaimOutcome.Undecidable(
            $"{candidates.Count} resins blended ({Ids(candidates)}); unit mol% and Mw of a blend need unit molar masses the catalog does not give"));
    }

    /// <summary>Summed mol% of a resin's units whose motif passes the test.</summary>
    public static double MolPercent(RecipeComponent resin, Func<ResinUnit, bool> isUnit) =>
        resin.Material.Resin!.Units.Where(isUnit).Sum(u => u.MolPercent);
}
