using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Recipes;
using static DispenseStation.Composition.Claims.RecipeFacts;

namespace DispenseStation.Composition.Claims.Packs;

/// <summary>
/// Seed 000: negative resist of a silsesquioxane resin with units (a1), (a2), optional (a3), acid generator and
/// crosslinker. The seed text omits the drawings of formulae (I)-(III) but keeps their variables; the pack reads them
/// as (I) HO-C6H4-R1-SiO3/2, (II) C6H5-SiO3/2, (III) R3O-C6H4-R2-SiO3/2 (R1, R2: C1-5 alkylene; R3: C1-5 alkyl),
/// matched through the catalog's unit motifs and carbon counts.
/// </summary>
public static class SilsesquioxaneNegative
{
    public const string Id = "silsesquioxane-negative";

    public static ClaimSet ClaimSet { get; } = new(Id,
        "Negative resist: silsesquioxane resin (a1)+(a2)[+(a3)], acid generator, crosslinker",
        "000_b27c8ed7b9fab3d1.txt",
        new[]
        {
            ClaimRule.Independent(1, "silsesquioxane resin (A) with units (a1) [formula (I), R1 C1-5 alkylene] and (a2) [formula (II)], acid generator (B), crosslinking agent (C)", Claim1),
            ClaimRule.Dependent(2, 1, "resin (A) further comprises unit (a3) [formula (III), R2 C1-5 alkylene, R3 C1-5 alkyl]", Claim2),
            ClaimRule.Dependent(3, 1, "50 to 95 mol% (a1), 5 to 40 mol% (a2), 0 to 20 mol% (a3)", Claim3),
            ClaimRule.Dependent(4, 1, "Mw of resin (A) is 1,000 or more and 15,000 or less", Claim4),
            ClaimRule.Dependent(5, 1, "further comprises a nitrogen-containing organic compound (D)", Claim5),
            ClaimRule.Dependent(6, 1, "used in a two-layer resist method (organic underlayer patterned by dry etching)", f => Use(f, ProcessUse.TwoLayerResist, "a two-layer resist method")),
            ClaimRule.Dependent(7, 1, "used to pattern a magnetic film by ionic etching with the resist pattern as mask", f => Use(f, ProcessUse.MagneticFilmIonEtch, "magnetic-film ion etching")),
            ClaimRule.Dependent(8, 1, "used to pattern a magnetic film by ionic etching with a lift-off pattern (base film + resist)", f => Use(f, ProcessUse.MagneticFilmLiftOff, "magnetic-film lift-off ion etching")),
            ClaimRule.Dependent(9, 1, "used with electron beam selective exposure", Claim9),
        });

    private static bool? IsA1(ResinUnit u) => u.Motif != UnitMotif.SsqHydroxyphenylalkyl ? false : InRange(u.AlkyleneCarbons, 1, 5);

    private static bool IsA2(ResinUnit u) => u.Motif == UnitMotif.SsqPhenyl;

    private static bool? IsA3(ResinUnit u) =>
        u.Motif != UnitMotif.SsqAlkoxyphenylalkyl ? false
        : InRange(u.AlkyleneCarbons, 1, 5) == false || InRange(u.AlkylCarbons, 1, 5) == false ? false
        : u.AlkyleneCarbons is null || u.AlkylCarbons is null ? null : true;

    private static bool? InRange(int? carbons, int min, int max) => carbons is null ? null : carbons >= min && carbons <= max;

    private static IReadOnlyList<RecipeComponent> SsqResins(RecipeFacts f) =>
        f.Where(m => m.Role == MaterialRole.Resin && m.Resin!.Backbone == "silsesquioxane");

    private static ClaimOutcome Claim1(RecipeFacts f)
    {
        // The best silsesquioxane resin decides element (A): one with (a1)+(a2), else an undecidable one, else the first.
        var resin = SsqResins(f).Select(ResinElement)
            .OrderByDescending(e => e.Ok switch { true => 2, null => 1, false => 0 })
            .DefaultIfEmpty((Ok: (bool?)false, Detail: "no silsesquioxane resin"))
            .First();
        var pags = f.WithRole(MaterialRole.PhotoacidGenerator);
        var xls = f.WithRole(MaterialRole.Crosslinker);
        return Elements(
            ("(A) silsesquioxane resin", resin.Ok, resin.Detail),
            ("(B) acid generator", pags.Count > 0, pags.Count > 0 ? Ids(pags) : "no photoacid generator"),
            ("(C) crosslinking agent", xls.Count > 0, xls.Count > 0 ? Ids(xls) : "no crosslinker"));
    }

    private static (bool? Ok, string Detail) ResinElement(RecipeComponent resin)
    {
        var units = resin.Material.Resin!.Units;
        var hasA2 = units.Any(IsA2);
        var a1 = units.Select(IsA1).ToList();
        if (!hasA2) return (false, $"{resin.Material.Id} has no (a2) phenyl silsesquioxane unit");
        if (a1.Contains(true)) return (true, $"{resin.Material.Id} has (a1) and (a2) units");
        if (a1.Contains(null)) return (null, $"{resin.Material.Id}: catalog does not give the alkylene carbon count R1 of its hydroxyphenylalkyl unit");
        return (false, $"{resin.Material.Id} has no (a1) hydroxyphenyl-C1-5-alkyl silsesquioxane unit");
    }

    private static ClaimOutcome Claim2(RecipeFacts f)
    {
        var units = SsqResins(f).SelectMany(r => r.Material.Resin!.Units).ToList();
        var a3 = units.Where(u => IsA3(u) == true).ToList();
        if (a3.Count > 0) return ClaimOutcome.Satisfied($"unit(s) {string.Join(", ", a3.Select(u => u.Id))} are (a3)");
        if (units.Any(u => IsA3(u) is null))
            return ClaimOutcome.Undecidable("an alkoxyphenylalkyl unit lacks carbon counts for R2/R3 in the catalog");
        return ClaimOutcome.NotApplicable("resin has no (a3) alkoxyphenyl-C1-5-alkyl silsesquioxane unit");
    }

    private static ClaimOutcome Claim3(RecipeFacts f)
    {
        var (resin, problem) = SingleResin(SsqResins(f), "silsesquioxane resin");
        if (resin is null) return problem!;
        if (resin.Material.Resin!.Units.Any(u => IsA3(u) is null))
            return ClaimOutcome.Undecidable("an alkoxyphenylalkyl unit lacks carbon counts; cannot tell whether it is (a3)");
        var windows = new[]
        {
            Window("(a1)", MolPercent(resin, u => IsA1(u) == true), " mol%", 50, 95, 3),
            Window("(a2)", MolPercent(resin, IsA2), " mol%", 5, 40, 3),
            Window("(a3)", MolPercent(resin, u => IsA3(u) == true), " mol%", 0, 20, 3),
        };
        var text = $"{resin.Material.Id}: " + string.Join("; ", windows.Select(w => w.Message));
        return windows.All(w => w.Status == ClaimStatus.Satisfied) ? ClaimOutcome.Satisfied(text) : ClaimOutcome.Violated(text);
    }

    private static ClaimOutcome Claim4(RecipeFacts f)
    {
        var (resin, problem) = SingleResin(SsqResins(f), "silsesquioxane resin");
        if (resin is null) return problem!;
        return resin.Material.Resin!.WeightAverageMw is { } mw
            ? Window($"Mw of {resin.Material.Id}", mw, "", 1000, 15000, 4)
            : ClaimOutcome.Undecidable($"catalog gives no Mw for {resin.Material.Id}");
    }

    internal static ClaimOutcome NitrogenBase(RecipeFacts f, string what)
    {
        var bases = f.Where(m => m.Role == MaterialRole.Quencher && m.NitrogenContaining);
        if (bases.Count > 0) return ClaimOutcome.Satisfied($"{what}: {Ids(bases)} ({Num(PercentOfSolids(bases), "0.0##")} wt% of solids)");
        var others = f.WithRole(MaterialRole.Quencher);
        return ClaimOutcome.NotApplicable(others.Count > 0
            ? $"quencher {Ids(others)} contains no nitrogen; no {what}"
            : $"no {what} in the recipe");
    }

    private static ClaimOutcome Claim5(RecipeFacts f) => NitrogenBase(f, "nitrogen-containing organic compound (D)");

    private static ClaimOutcome Use(RecipeFacts f, ProcessUse use, string what) =>
        f.Recipe.Uses.Contains(use)
            ? ClaimOutcome.Satisfied($"recipe is made for {what}")
            : ClaimOutcome.NotApplicable($"recipe does not state use in {what}");

    private static ClaimOutcome Claim9(RecipeFacts f) => f.Recipe.Exposure switch
    {
        { Radiation: Radiation.EBeam } => ClaimOutcome.Satisfied("exposure is electron beam"),
        { } e => ClaimOutcome.NotApplicable($"exposure is {Yaml.YamlReader.Kebab(e.Radiation)}, not electron beam"),
        null => ClaimOutcome.NotApplicable("recipe states no exposure"),
    };
}
