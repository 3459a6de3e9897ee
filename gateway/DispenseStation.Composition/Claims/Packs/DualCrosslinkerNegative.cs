using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims.Elements;
using DispenseStation.Composition.Recipes;
using static DispenseStation.Composition.Claims.RecipeFacts;

namespace DispenseStation.Composition.Claims.Packs;

/// <summary>
/// Seed 001: negative resist of an alkali-soluble resin with two crosslinkers, a phenolic (B-1) and an N-CH2-O-R
/// aminoplast (B-2), and an acid generator. In the seed text claims 3 and 5 have lost their parent number; both
/// read as "according to claim 1". Formula (6) of claim 4 is not reproduced in the text. Claim 1 is open
/// ("comprising"); claim 10 is open too ("(B-2) includes one of ..."): one B-2 with a named skeleton meets it.
/// No group is closed: the only "selected from the group consisting of" (claim 1, B-1's crosslinking groups)
/// closes the list of group types, which the parser enforces (hydroxymethyl, alkoxymethyl, acyloxymethyl).
/// </summary>
public static class DualCrosslinkerNegative
{
    public const string Id = "dual-crosslinker-negative";

    public const double MinShare = 0.5, MaxShare = 50, MinB1MolShare = 3, MaxB1MolShare = 97, MaxB1Mw = 2000;
    public const double MinFormula3 = 50, MaxFormula3 = 100, MinFormula456 = 3, MaxFormula456 = 50;

    public static ClaimSet ClaimSet { get; } = new(Id,
        "Negative resist: alkali-soluble resin, phenolic (B-1) + aminoplast (B-2) crosslinkers, acid generator",
        "001_0e1f7ea68e2fe887.txt",
        new[]
        {
            ClaimRule.Independent(1, "alkali-soluble resin (A); (B-1) phenol compound with >=1 benzene ring and >=2 hydroxymethyl/alkoxymethyl/acyloxymethyl groups; (B-2) crosslinker with >=2 N-CH2-O-R groups; (C) acid generator", Claim1),
            ClaimRule.Dependent(2, 1, "resin (A) contains a repeating unit of formula (3) (hydroxystyrene type, n = 1-3 OH)", Claim2),
            ClaimRule.Dependent(3, 1, "further comprises (D) a nitrogen-containing basic compound", Claim3),
            ClaimRule.Dependent(4, 1, "resin (A) contains a repeating unit of formula (4), (5) or (6)", Claim4),
            ClaimRule.Dependent(5, 1, "further contains a surfactant", Claim5),
            ClaimRule.Dependent(6, 2, "resin (A) contains the formula (3) unit in 50 to 100 mole %", Claim6),
            ClaimRule.Dependent(7, 4, "resin (A) contains formula (4), (5), (6) units in 3 to 50 mole %", Claim7),
            ClaimRule.Dependent(8, 1, "(B-1) has a molecular weight of 2,000 or below, 3 to 5 benzene rings and >=2 crosslinking groups", Claim8, group: "b1-rings"),
            ClaimRule.Dependent(9, 1, "(B-1) has 1 to 2 benzene rings and >=2 crosslinking groups", Claim9, group: "b1-rings"),
            ClaimRule.Dependent(10, 1, "(B-2) includes one of a melamine, urea, imidazolidine or glycoluril skeleton compound or resin", Claim10),
            ClaimRule.Dependent(11, 1, "(B-1) is 0.5 to 50 % by weight of the total solid content", f => Share(B1(f), "B-1", 11)),
            ClaimRule.Dependent(12, 1, "(B-2) is 0.5 to 50 % by weight of the total solid content", f => Share(B2(f), "B-2", 12)),
            ClaimRule.Dependent(13, 1, "ratio of (B-1) to (B-2) is from 3/97 to 97/3 by mole", Claim13),
            ClaimRule.Undecidable(14, 1, "method: form a film of the composition, irradiate it, develop it",
                "method claim: a recipe records composition and exposure but not the development of the irradiated film"),
        });

    private static IReadOnlyList<RecipeComponent> AlkaliResins(RecipeFacts f) =>
        f.Where(m => m.Role == MaterialRole.Resin && m.Resin!.AlkaliSoluble);

    private static Judgement IsB1(RecipeComponent c) => c.Material.Crosslinker switch
    {
        { Kind: CrosslinkerKind.Phenolic, BenzeneRings: >= 1, Groups: >= 2 } x => Judgement.Yes($"phenol, {x.BenzeneRings} ring(s), {x.Groups} CH2OR groups"),
        { Kind: CrosslinkerKind.Phenolic } x => Judgement.No($"phenol with only {x.Groups} CH2OR group(s), claim 1 needs >= 2"),
        { } x => Judgement.No($"{Yaml.YamlReader.Kebab(x.Kind)}, not a phenol compound"),
        null => Judgement.No("not a crosslinker"),
    };

    private static Judgement IsB2(RecipeComponent c) => c.Material.Crosslinker switch
    {
        { Kind: CrosslinkerKind.Aminoplast, Groups: >= 2 } x => Judgement.Yes($"{Yaml.YamlReader.Kebab(x.Skeleton!.Value)} with {x.Groups} N-CH2-O-R groups"),
        { Kind: CrosslinkerKind.Aminoplast } x => Judgement.No($"only {x.Groups} N-CH2-O-R group(s), claim 1 needs >= 2"),
        { } x => Judgement.No($"{Yaml.YamlReader.Kebab(x.Kind)}, no N-CH2-O-R groups"),
        null => Judgement.No("not a crosslinker"),
    };

    internal static IReadOnlyList<RecipeComponent> B1(RecipeFacts f) => f.WithRole(MaterialRole.Crosslinker).Where(c => IsB1(c).Meets == true).ToList();

    internal static IReadOnlyList<RecipeComponent> B2(RecipeFacts f) => f.WithRole(MaterialRole.Crosslinker).Where(c => IsB2(c).Meets == true).ToList();

    private static bool IsFormula3(ResinUnit u) => u.Motif == UnitMotif.Hydroxystyrene && u.HydroxylCount is null or (>= 1 and <= 3);

    // Formula (4): vinyl-benzene with H/alkyl/alkoxy/acyloxy/halogen substituents (no OH); (5): fused aromatic.
    private static bool IsFormula4Or5(ResinUnit u) =>
        u.Motif is UnitMotif.Styrene or UnitMotif.Alkoxystyrene or UnitMotif.Acyloxystyrene or UnitMotif.Vinylnaphthalene;

    /// <summary>A unit that is neither (3) nor (4)/(5) might be formula (6), which the seed text does not show.</summary>
    private static bool MightBeFormula6(ResinUnit u) => !IsFormula3(u) && !IsFormula4Or5(u);

    private static ClaimOutcome Claim1(RecipeFacts f) => Element.Combine(
        Element.AnyOf("(A) alkali-soluble resin", f.WithRole(MaterialRole.Resin),
            c => c.Material.Resin!.AlkaliSoluble ? Judgement.Yes("alkali-soluble") : Judgement.No("not alkali-soluble"), ClaimStatus.Violated, "no resin"),
        Element.AnyOf("(B-1) phenolic crosslinker", f.WithRole(MaterialRole.Crosslinker), IsB1, ClaimStatus.Violated, "no crosslinker"),
        Element.AnyOf("(B-2) N-CH2-O-R crosslinker", f.WithRole(MaterialRole.Crosslinker), IsB2, ClaimStatus.Violated, "no crosslinker"),
        Element.AnyOf("(C) acid generator", f.Generators,
            c => c.Material.Role == MaterialRole.PhotoacidGenerator ? Judgement.Yes("photoacid generator") : Judgement.No("radical generator: generates no acid"),
            ClaimStatus.Violated, "no photoacid generator"));

    private static ClaimOutcome Claim2(RecipeFacts f) => Element.Combine(Element.AnyOf("formula (3) unit in resin (A)", AlkaliResins(f), c =>
    {
        var units = c.Material.Resin!.Units;
        var three = units.Where(IsFormula3).ToList();
        if (three.Count > 0) return Judgement.Yes($"formula (3) unit(s) {UnitIds(three)}");
        var tooMany = units.Where(u => u.Motif == UnitMotif.Hydroxystyrene).ToList();
        return Judgement.No(tooMany.Count > 0 ? $"unit(s) {UnitIds(tooMany)} carry more than 3 OH (n = 1-3)" : "no hydroxystyrene-type unit");
    }, ClaimStatus.NotApplicable, "no alkali-soluble resin"));

    private static ClaimOutcome Claim3(RecipeFacts f) => Element.Combine(Element.AnyOf("(D) nitrogen-containing basic compound", f.Bases,
        c => c.Material.NitrogenContaining ? Judgement.Yes("nitrogen-containing base") : Judgement.No("basic but contains no nitrogen"),
        ClaimStatus.NotApplicable, "no basic compound in the recipe"));

    private static ClaimOutcome Claim4(RecipeFacts f) => Element.Combine(Element.AnyOf("formula (4)/(5)/(6) unit in resin (A)", AlkaliResins(f), c =>
    {
        var units = c.Material.Resin!.Units;
        var known = units.Where(IsFormula4Or5).ToList();
        if (known.Count > 0) return Judgement.Yes($"formula (4)/(5) unit(s) {UnitIds(known)}");
        var maybe = units.Where(MightBeFormula6).ToList();
        return maybe.Count > 0
            ? Judgement.Unknown($"unit(s) {UnitIds(maybe)} are not (4)/(5); formula (6) is not reproduced in the seed text, so they may or may not be (6)")
            : Judgement.No("all units are formula (3)");
    }, ClaimStatus.NotApplicable, "no alkali-soluble resin"));

    private static ClaimOutcome Claim5(RecipeFacts f) => Element.Combine(Element.AnyOf("surfactant", f.WithRole(MaterialRole.Surfactant),
        c => Judgement.Yes($"{Num(c.WtPercentOfSolids, "0.0###")} wt% of solids"), ClaimStatus.NotApplicable, "no surfactant in the recipe"));

    private static ClaimOutcome Claim6(RecipeFacts f) => Element.Combine(Element.AnyOf("formula (3) mol% of resin (A)",
        AlkaliResins(f).Where(c => c.Material.Resin!.Units.Any(IsFormula3)),
        c => Window("formula (3)", MolPercent(c, IsFormula3), " mol%", MinFormula3, MaxFormula3, 6) is var (ok, text) && ok ? Judgement.Yes(text) : Judgement.No(text),
        ClaimStatus.Violated, "no resin with a formula (3) unit"));

    private static ClaimOutcome Claim7(RecipeFacts f) => Element.Combine(Element.AnyOf("formula (4)/(5)/(6) mol% of resin (A)",
        AlkaliResins(f).Where(c => c.Material.Resin!.Units.Any(u => !IsFormula3(u))),
        c =>
        {
            var known = MolPercent(c, IsFormula4Or5);
            var maybe = MolPercent(c, MightBeFormula6);
            var (_, text) = Window("formula (4)/(5)", known, " mol%", MinFormula456, MaxFormula456, 7);
            if (maybe <= 0) return InWindow(known, MinFormula456, MaxFormula456) ? Judgement.Yes(text) : Judgement.No(text);
            // Units that might be (6) can only add to the share: the share lies between known and known + maybe.
            var upper = known + maybe;
            if (known > MaxFormula456 || upper < MinFormula456) return Judgement.No($"{text}; with {Num(maybe)} mol% that may be (6) it is {Num(known)}-{Num(upper)} mol%");
            if (InWindow(known, MinFormula456, MaxFormula456) && InWindow(upper, MinFormula456, MaxFormula456))
                return Judgement.Yes($"{text}; with {Num(maybe)} mol% that may be (6) still inside");
            return Judgement.Unknown($"{text}; a further {Num(maybe)} mol% may be formula (6), which the seed text does not show");
        },
        ClaimStatus.Violated, "no resin with a formula (4)/(5)/(6) unit"));

    private static ClaimOutcome Claim8(RecipeFacts f) => Element.Combine(Element.AnyOf("(B-1) with MW <= 2000 and 3-5 benzene rings", B1(f), c =>
    {
        var x = c.Material.Crosslinker!;
        var rings = $"{x.BenzeneRings} benzene rings";
        if (x.BenzeneRings is not (>= 3 and <= 5)) return Judgement.No($"{rings}, claim 8 needs 3-5");
        return c.Material.MolecularWeight is { } mw
            ? mw <= MaxB1Mw ? Judgement.Yes($"{rings}, MW {Num(mw, "0.#")}") : Judgement.No($"{rings}, MW {Num(mw, "0.#")}, claim 8 needs 2,000 or below")
            : Judgement.Unknown($"{rings}; MW: {MissingField(c.Material, "molecularWeight")}");
    }, ClaimStatus.Violated, "no B-1"));

    private static ClaimOutcome Claim9(RecipeFacts f) => Element.Combine(Element.AnyOf("(B-1) with 1-2 benzene rings", B1(f), c =>
        c.Material.Crosslinker!.BenzeneRings is >= 1 and <= 2
            ? Judgement.Yes($"{c.Material.Crosslinker.BenzeneRings} benzene ring(s)")
            : Judgement.No($"{c.Material.Crosslinker.BenzeneRings} benzene rings, claim 9 needs 1-2"),
        ClaimStatus.Violated, "no B-1"));

    private static ClaimOutcome Claim10(RecipeFacts f) => Element.Combine(Element.AnyOf("(B-2) melamine/urea/imidazolidine/glycoluril", B2(f), c =>
    {
        var skeleton = c.Material.Crosslinker!.Skeleton!.Value;
        var text = $"{Yaml.YamlReader.Kebab(skeleton)} skeleton";
        return skeleton is NitrogenSkeleton.Melamine or NitrogenSkeleton.Urea or NitrogenSkeleton.Imidazolidine or NitrogenSkeleton.Glycoluril
            ? Judgement.Yes(text) : Judgement.No(text + ", not one claim 10 names");
    }, ClaimStatus.Violated, "no B-2"));

    private static ClaimOutcome Share(IReadOnlyList<RecipeComponent> components, string what, int claim)
    {
        var (ok, text) = Window($"{what} ({Ids(components)})", PercentOfSolids(components), " wt% of solids", MinShare, MaxShare, claim);
        return Element.Combine(Element.Whole($"{what} content", ok ? ClaimStatus.Satisfied : ClaimStatus.Violated, components, text,
            $"sum over every {what} component"));
    }

    private static ClaimOutcome Claim13(RecipeFacts f)
    {
        var b1 = B1(f);
        var b2 = B2(f);
        var (n1, missing1) = MolesPerGramOfSolids(b1);
        var (n2, missing2) = MolesPerGramOfSolids(b2);
        var missing = missing1.Concat(missing2).ToList();
        const string element = "B-1/B-2 molar ratio";
        if (missing.Count > 0)
            return Element.Combine(Element.Fact(element, ClaimStatus.Undecidable,
                "needs the molecular weight of " + string.Join("; ", missing.Select(c => MissingField(c.Material, "molecularWeight")))));
        var share = 100 * n1 / (n1 + n2);
        var text = $"B-1/B-2 is {Num(share, "0.0##")}/{Num(100 - share, "0.0##")} by mole, claim 13 allows 3/97 to 97/3";
        return Element.Combine(Element.Whole(element, InWindow(share, MinB1MolShare, MaxB1MolShare) ? ClaimStatus.Satisfied : ClaimStatus.Violated,
            b1.Concat(b2), text, $"moles summed over every B-1 ({Ids(b1)}) and every B-2 ({Ids(b2)})"));
    }
}
