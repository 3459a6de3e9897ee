using System.Globalization;
using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims.Elements;
using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Claims;

/// <summary>Questions rules ask about a recipe and its catalog materials, answered once in one place.</summary>
public sealed class RecipeFacts
{
    public RecipeFacts(Recipe recipe) => Recipe = recipe;

    public Recipe Recipe { get; }

    public IReadOnlyList<RecipeComponent> WithRole(params MaterialRole[] roles) =>
        Recipe.Components.Where(c => roles.Contains(c.Material.Role)).ToList();

    public IReadOnlyList<RecipeComponent> Where(Func<Material, bool> predicate) =>
        Recipe.Components.Where(c => predicate(c.Material)).ToList();

    /// <summary>Components that generate an acid and/or radicals on exposure: photoacid and radical generators.</summary>
    public IReadOnlyList<RecipeComponent> Generators => WithRole(MaterialRole.PhotoacidGenerator, MaterialRole.RadicalGenerator);

    /// <summary>Organic basic compounds: amine (and photodecomposable) quenchers and other organic bases.</summary>
    public IReadOnlyList<RecipeComponent> Bases => WithRole(MaterialRole.Quencher, MaterialRole.OrganicBase);

    /// <summary>Summed wt% of total solids of the given components.</summary>
    public static double PercentOfSolids(IEnumerable<RecipeComponent> components) => components.Sum(c => c.WtPercentOfSolids);

    /// <summary>
    /// Moles per gram of solids of the given components, or the components whose molecular weight the catalog lacks
    /// (then the sum is meaningless and the claim that needs it is undecidable).
    /// </summary>
    public static (double Moles, IReadOnlyList<RecipeComponent> MissingMw) MolesPerGramOfSolids(IEnumerable<RecipeComponent> components)
    {
        var moles = 0.0;
        var missing = new List<RecipeComponent>();
        foreach (var c in components)
        {
            if (c.Material.MolecularWeight is { } mw) moles += c.FractionOfSolids / mw;
            else missing.Add(c);
        }
        return (moles, missing);
    }

    /// <summary>"materials[x].molecularWeight (materials.yaml line 12)": where a missing figure belongs.</summary>
    public static string MissingField(Material m, string field) => $"materials[{m.Id}].{field} is not in the catalog ({m.File} line {m.Line})";

    public static string Ids(IEnumerable<RecipeComponent> components) => string.Join(", ", components.Select(c => c.Material.Id));

    public static string Num(double value, string format = "0.0##") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Inclusive window with a tiny allowance so a value written exactly at a limit is not lost to rounding.</summary>
    public static bool InWindow(double value, double min, double max)
    {
        var eps = 1e-9 * Math.Max(1, Math.Max(Math.Abs(min), Math.Abs(max)));
        return value >= min - eps && value <= max + eps;
    }

    /// <summary>"B-1 is 62.0 wt% of solids, claim 11 allows 0.5-50" with the window's status.</summary>
    public static (bool Ok, string Text) Window(string what, double value, string unit, double min, double max, int claim) =>
        (InWindow(value, min, max),
            $"{what} is {Num(value)}{unit}, claim {claim} allows {Num(min, "0.###")}-{Num(max, "0.###")}{unit}");

    /// <summary>Summed mol% of a resin's units that pass the test.</summary>
    public static double MolPercent(RecipeComponent resin, Func<ResinUnit, bool> isUnit) =>
        resin.Material.Resin!.Units.Where(isUnit).Sum(u => u.MolPercent);

    public static string UnitIds(IEnumerable<ResinUnit> units) => string.Join(", ", units.Select(u => u.Id));

    /// <summary>The e-beam/X-ray use of a recipe as intended-use wording: a fact, never a limit (see the README).</summary>
    public static string ExposureText(Recipe r) => r.Exposure switch
    {
        { Radiation: Radiation.EBeam, AcceleratingVoltageKeV: { } kev } => $"e-beam at {Num(kev, "0.###")} keV",
        { } e => Yaml.YamlReader.Kebab(e.Radiation),
        null => "no exposure stated",
    };

    /// <summary>A use claim (000 claims 6-9, 002 claims 8 and 17): met when the recipe states the use, otherwise not applicable.</summary>
    public static ClaimOutcome UseClaim(string element, bool used, string usedText, string notUsedText) =>
        Element.Combine(Element.Fact(element, used ? ClaimStatus.Satisfied : ClaimStatus.NotApplicable,
            used ? usedText : notUsedText + "; a use the recipe does not state is not applicable, never violated"));
}
