using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Recipes;
using static DispenseStation.Composition.Claims.RecipeFacts;

namespace DispenseStation.Composition.Claims.Packs;

/// <summary>
/// Seed 001: negative resist of an alkali-soluble resin with two crosslinkers, a phenolic (B-1) and an N-CH2-O-R
/// aminoplast (B-2), and an acid generator. In the seed text claims 3 and 5 have lost their parent number; both
/// read as "according to claim 1". Formula (6) of claim 4 is not reproduced in the text.
/// </summary>
public static class DualCrosslinkerNegative
{
    public const string Id = "dual-crosslinker-negative";

    public static ClaimSet ClaimSet { get; } = new(Id,
        "Negative resist: alkali-soluble resin, phenolic (B-1) + aminoplast (B-2) crosslinkers, acid generator",
        "001_0e1f7ea68e2fe887.txt",
        new[]
        {
            ClaimRule.Independent(1, "alkali-soluble resin (A); (B-1) phenol compound with >=1 benzene ring and >=2 hydroxymethyl/alkoxymethyl/acyloxymethyl groups; (B-2) crosslinker with >=2 N-CH2-O-R groups; (C) acid generator", Claim1),
            ClaimRule.Dependent(2, 1, "resin (A) contains a repeating unit of formula (3) (hydroxystyrene type, n = 1-3 OH)", Claim2),
            ClaimRule.Dependent(3, 1, "further comprises (D) a nitrogen-containing basic compound", f => SilsesquioxaneNegative.NitrogenBase(f, "nitrogen-containing basic compound (D)")),
            ClaimRule.Dependent(4, 1, "resin (A) contains a repeating unit of formula (4), (5) or (6)", Claim4),
            ClaimRule.Dependent(5, 1, "further contains a surfactant", Claim5),
            ClaimRule.Dependent(6, 2, "resin (A) contains the formula (3) unit in 50 to 100 mole %", Claim6),
            ClaimRule.Dependent(7, 4, "resin (A) contains formula (4), (5), (6) units in 3 to 50 mole %", Claim7),
            ClaimRule.Dependent(8, 1, "(B-1) has a molecular weight of 2,000 or below, 3 to 5 benzene rings and >=2 crosslinking groups", Claim8, group: "b1-rings"),
            ClaimRule.Dependent(9, 1, "(B-1) has 1 to 2 benzene rings and >=2 crosslinking groups", Claim9, group: "b1-rings"),
            ClaimRule.Dependent(10, 1, "(B-2) has a melamine, urea, imidazolidine or glycoluril skeleton", Claim10),
            ClaimRule.Dependent(11, 1, "(B-1) is 0.5 to 50 % by weight of the total solid content", f => Share(f, B1(f), "B-1", 11)),
            ClaimRule.Dependent(12, 1, "(B-2) is 0.5 to 50 % by weight of the total solid content", f => Share(f, B2(f), "B-2", 12)),
            ClaimRule.Dependent(13, 1, "ratio of (B-1) to (B-2) is from 3/97 to 97/3 by mole", Claim13),
            ClaimRule.Undecidable(14, 1, "method: form a film of the composition, irradiate it, develop it",
                "method claim: a recipe records composition and exposure but not the development of the irradiated film"),
        });

    private static IReadOnlyList<RecipeComponent> AlkaliResins(RecipeFacts f) =>
        f.Where(m => m.Role == MaterialRole.Resin && m.Resin!.AlkaliSoluble);

    internal static IReadOnlyList<RecipeComponent> B1(RecipeFacts f) =>
        f.Where(m => m.Crosslinker is { Kind: CrosslinkerKind.Phenolic, BenzeneRings: >= 1, Groups: >= 2 });

    internal static IReadOnlyList<RecipeComponent> B2(RecipeFacts f) =>
        f.Where(m => m.Crosslinker is { Kind: CrosslinkerKind.Aminoplast, Groups: >= 2 });

    private static bool IsFormula3(ResinUnit u) => u.Motif == UnitMotif.Hydroxystyrene && u.HydroxylCount is null or (>= 1 and <= 3);

    // Formula (4): vinyl-benzene with H/alkyl/alkoxy/acyloxy/halogen substituents (no OH); (5): fused aromatic.
    private static bool IsFormula4Or5(ResinUnit u) =>
        u.Motif is UnitMotif.Styrene or UnitMotif.Alkoxystyrene or UnitMotif.Acyloxystyrene or UnitMotif.Vinylnaphthalene;

    /// <summary>A unit that is neither (3) nor (4)/(5) might be formula (6), which the seed text does not show.</summary>
    private static bool MightBeFormula6(ResinUnit u) => !IsFormula3(u) && !IsFormula4Or5(u);

    private static ClaimOutcome Claim1(RecipeFacts f)
    {
        var resins = AlkaliResins(f);
        var anyResin = f.WithRole(MaterialRole.Resin);
        var b1 = B1(f);
        var b2 = B2(f);
        var pags = f.WithRole(MaterialRole.PhotoacidGenerator);
        return Elements(
            ("(A) alkali-soluble resin", resins.Count > 0, resins.Count > 0 ? Ids(resins) : anyResin.Count > 0 ? $"{Ids(anyResin)} is not alkali-soluble" : "no resin"),
            ("(B-1) phenolic crosslinker", b1.Count > 0, b1.Count > 0 ? Ids(b1) : "no phenol compound with >=2 CH2OR groups"),
            ("(B-2) N-CH2-O-R crosslinker", b2.Count > 0, b2.Count > 0 ? Ids(b2) : "no crosslinker with >=2 N-CH2-O-R groups"),
            ("(C) acid generator", pags.Count > 0, pags.Count > 0 ? Ids(pags) : "no photoacid generator"));
    }

    private static ClaimOutcome Claim2(RecipeFacts f)
    {
        var units = AlkaliResins(f).SelectMany(r => r.Material.Resin!.Units).Where(IsFormula3).ToList();
        return units.Count > 0
            ? ClaimOutcome.Satisfied($"unit(s) {string.Join(", ", units.Select(u => u.Id))} are formula (3)")
            : ClaimOutcome.NotApplicable("resin has no hydroxystyrene-type formula (3) unit");
    }

    private static ClaimOutcome Claim4(RecipeFacts f)
    {
        var units = AlkaliResins(f).SelectMany(r => r.Material.Resin!.Units).ToList();
        var matching = units.Where(IsFormula4Or5).ToList();
        if (matching.Count > 0) return ClaimOutcome.Satisfied($"unit(s) {string.Join(", ", matching.Select(u => u.Id))} are formula (4)/(5)");
        var unknown = units.Where(MightBeFormula6).ToList();
        return unknown.Count > 0
            ? ClaimOutcome.Undecidable($"unit(s) {string.Join(", ", unknown.Select(u => u.Id))} are not (4)/(5); formula (6) is not reproduced in the seed text, so they may or may not be (6)")
            : ClaimOutcome.NotApplicable("resin units are all formula (3)");
    }

    private static ClaimOutcome Claim5(RecipeFacts f)
    {
        var s = f.WithRole(MaterialRole.Surfactant);
        return s.Count > 0
            ? ClaimOutcome.Satisfied($"surfactant {Ids(s)} ({Num(PercentOfSolids(s), "0.0###")} wt% of solids)")
            : ClaimOutcome.NotApplicable("no surfactant in the recipe");
    }

    private static ClaimOutcome Claim6(RecipeFacts f)
    {
        var (resin, problem) = SingleResin(AlkaliResins(f), "alkali-soluble resin");
        return resin is null ? problem! : Window($"formula (3) in {resin.Material.Id}", MolPercent(resin, IsFormula3), " mol%", 50, 100, 6);
    }

    private static ClaimOutcome Claim7(RecipeFacts f)
    {
        var (resin, problem) = SingleResin(AlkaliResins(f), "alkali-soluble resin");
        if (resin is null) return problem!;
        var known = MolPercent(resin, IsFormula4Or5);
        var maybe = MolPercent(resin, MightBeFormula6);
        var window = Window($"formula (4)/(5) in {resin.Material.Id}", known, " mol%", 3, 50, 7);
        // Units that might be (6) can only add to the share: above 50 is a violation either way, otherwise unknown.
        if (maybe > 0 && known <= 50)
            return ClaimOutcome.Undecidable($"{window.Message}; a further {Num(maybe)} mol% may be formula (6), which the seed text does not show");
        return window;
    }

    private static ClaimOutcome Claim8(RecipeFacts f) => EachB1(f, 8, m =>
        !(m.Crosslinker!.BenzeneRings is >= 3 and <= 5 && m.Crosslinker.Groups >= 2) ? false
        : m.MolecularWeight is { } mw ? mw <= 2000 : null,
        m => $"{m.Id}: MW {(m.MolecularWeight is { } mw ? Num(mw, "0.#") : "unknown")}, {m.Crosslinker!.BenzeneRings} benzene rings, {m.Crosslinker.Groups} groups; claim 8 needs MW <= 2000, 3-5 rings, >= 2 groups");

    private static ClaimOutcome Claim9(RecipeFacts f) => EachB1(f, 9,
        m => m.Crosslinker!.BenzeneRings is >= 1 and <= 2 && m.Crosslinker.Groups >= 2,
        m => $"{m.Id}: {m.Crosslinker!.BenzeneRings} benzene rings, {m.Crosslinker.Groups} groups; claim 9 needs 1-2 rings, >= 2 groups");

    private static ClaimOutcome EachB1(RecipeFacts f, int claim, Func<Material, bool?> test, Func<Material, string> describe)
    {
        var results = B1(f).Select(c => (c.Material, Ok: test(c.Material))).ToList();
        var text = string.Join("; ", results.Select(r => describe(r.Material)));
        if (results.Any(r => r.Ok == false)) return ClaimOutcome.Violated(text);
        if (results.Any(r => r.Ok is null)) return ClaimOutcome.Undecidable($"catalog lacks a molecular weight: {text}");
        return ClaimOutcome.Satisfied(text);
    }

    private static ClaimOutcome Claim10(RecipeFacts f)
    {
        var b2 = B2(f);
        var text = string.Join("; ", b2.Select(c => $"{c.Material.Id} has a {Yaml.YamlReader.Kebab(c.Material.Crosslinker!.Skeleton!.Value)} skeleton"));
        var allowed = b2.All(c => c.Material.Crosslinker!.Skeleton is NitrogenSkeleton.Melamine or NitrogenSkeleton.Urea
            or NitrogenSkeleton.Imidazolidine or NitrogenSkeleton.Glycoluril);
        return allowed ? ClaimOutcome.Satisfied(text) : ClaimOutcome.Violated(text + "; claim 10 allows melamine, urea, imidazolidine, glycoluril");
    }

    private static ClaimOutcome Share(RecipeFacts f, IReadOnlyList<RecipeComponent> components, string what, int claim) =>
        Window($"{what} ({Ids(components)})", PercentOfSolids(components), " wt% of solids", 0.5, 50, claim);

    private static ClaimOutcome Claim13(RecipeFacts f)
    {
        var n1 = MolesPerGramOfSolids(B1(f), "claim 13 (B-1/B-2 molar ratio)");
        var n2 = MolesPerGramOfSolids(B2(f), "claim 13 (B-1/B-2 molar ratio)");
        var share = 100 * n1 / (n1 + n2);
        var text = $"B-1/B-2 is {Num(share, "0.0")}/{Num(100 - share, "0.0")} by mole, claim 13 allows 3/97 to 97/3";
        return share >= 3 - 1e-9 && share <= 97 + 1e-9 ? ClaimOutcome.Satisfied(text) : ClaimOutcome.Violated(text);
    }
}
