using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims.Elements;
using DispenseStation.Composition.Recipes;
using static DispenseStation.Composition.Claims.RecipeFacts;

namespace DispenseStation.Composition.Claims.Packs;

/// <summary>
/// Seed 000: negative resist of a silsesquioxane resin with units (a1), (a2), optional (a3), acid generator and
/// crosslinker. The seed text omits the drawings of formulae (I)-(III) but keeps their variables; the pack reads them
/// as (I) HO-C6H4-R1-SiO3/2, (II) C6H5-SiO3/2, (III) R3O-C6H4-R2-SiO3/2 (R1, R2: C1-5 alkylene; R3: C1-5 alkyl),
/// matched through the catalog's unit motifs and carbon counts. Claim 1 is open ("comprising"): every element is
/// met by at least one component; no group is closed.
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

    public const double MinA1 = 50, MaxA1 = 95, MinA2 = 5, MaxA2 = 40, MinA3 = 0, MaxA3 = 20, MinMw = 1000, MaxMw = 15000;
    public const int MinCarbons = 1, MaxCarbons = 5;

    private static bool? InRange(int? carbons) => carbons is null ? null : carbons >= MinCarbons && carbons <= MaxCarbons;

    private static bool? IsA1(ResinUnit u) => u.Motif != UnitMotif.SsqHydroxyphenylalkyl ? false : InRange(u.AlkyleneCarbons);

    private static bool IsA2(ResinUnit u) => u.Motif == UnitMotif.SsqPhenyl;

    private static bool? IsA3(ResinUnit u) =>
        u.Motif != UnitMotif.SsqAlkoxyphenylalkyl ? false
        : InRange(u.AlkyleneCarbons) == false || InRange(u.AlkylCarbons) == false ? false
        : u.AlkyleneCarbons is null || u.AlkylCarbons is null ? null : true;

    /// <summary>Does one resin component qualify as resin (A): a silsesquioxane with (a1) and (a2) units?</summary>
    private static Judgement ResinA(RecipeComponent c)
    {
        var resin = c.Material.Resin!;
        if (resin.Backbone != "silsesquioxane") return Judgement.No($"{resin.Backbone}, not a silsesquioxane");
        var a1 = resin.Units.Where(u => IsA1(u) == true).ToList();
        var a1Unknown = resin.Units.Where(u => IsA1(u) is null).ToList();
        var a2 = resin.Units.Where(IsA2).ToList();
        if (a2.Count == 0) return Judgement.No("no (a2) phenyl silsesquioxane unit");
        if (a1.Count > 0) return Judgement.Yes($"(a1) {UnitIds(a1)}, (a2) {UnitIds(a2)}");
        if (a1Unknown.Count > 0)
            return Judgement.Unknown(string.Join("; ", a1Unknown.Select(u => $"R1 of unit {u.Id}: {MissingField(c.Material, $"resin.units[{u.Id}].alkyleneCarbons")}")));
        var spacers = resin.Units.Where(u => u.Motif == UnitMotif.SsqHydroxyphenylalkyl).ToList();
        return Judgement.No(spacers.Count > 0
            ? $"hydroxyphenylalkyl unit(s) {string.Join(", ", spacers.Select(u => $"{u.Id} with a C{u.AlkyleneCarbons} alkylene"))}; formula (I) needs R1 of C1-5"
            : "no (a1) hydroxyphenyl-alkyl silsesquioxane unit");
    }

    private static IReadOnlyList<RecipeComponent> ResinsA(RecipeFacts f) =>
        f.WithRole(MaterialRole.Resin).Where(c => ResinA(c).Meets == true).ToList();

    private static ClaimOutcome Claim1(RecipeFacts f) => Element.Combine(
        Element.AnyOf("(A) silsesquioxane resin with (a1) and (a2)", f.WithRole(MaterialRole.Resin), ResinA, ClaimStatus.Violated, "no resin"),
        Element.AnyOf("(B) acid generator", f.Generators,
            c => c.Material.Role == MaterialRole.PhotoacidGenerator ? Judgement.Yes("photoacid generator") : Judgement.No("radical generator: generates no acid"),
            ClaimStatus.Violated, "no photoacid generator"),
        Element.AnyOf("(C) crosslinking agent", f.WithRole(MaterialRole.Crosslinker), _ => Judgement.Yes("crosslinker"), ClaimStatus.Violated, "no crosslinker"));

    private static ClaimOutcome Claim2(RecipeFacts f) => Element.Combine(Element.AnyOf("(a3) unit in resin (A)", ResinsA(f), c =>
    {
        var units = c.Material.Resin!.Units;
        var a3 = units.Where(u => IsA3(u) == true).ToList();
        if (a3.Count > 0) return Judgement.Yes($"(a3) {UnitIds(a3)}");
        var unknown = units.Where(u => IsA3(u) is null).ToList();
        return unknown.Count > 0
            ? Judgement.Unknown(string.Join("; ", unknown.Select(u => $"R2/R3 of unit {u.Id}: alkyleneCarbons {u.AlkyleneCarbons?.ToString() ?? "missing"}, alkylCarbons {u.AlkylCarbons?.ToString() ?? "missing"} in materials[{c.Material.Id}]")))
            : Judgement.No("no (a3) alkoxyphenyl-C1-5-alkyl unit");
    }, ClaimStatus.NotApplicable, "no resin (A)"));

    private static (double A1, double A2, double A3) Shares(RecipeComponent c) =>
        (MolPercent(c, u => IsA1(u) == true), MolPercent(c, IsA2), MolPercent(c, u => IsA3(u) == true));

    private static ClaimOutcome Claim3(RecipeFacts f)
    {
        var resins = ResinsA(f);
        var finding = Element.AnyOf("unit mol% of resin (A)", resins, c =>
        {
            var unknown = c.Material.Resin!.Units.Where(u => IsA3(u) is null).ToList();
            if (unknown.Count > 0)
                return Judgement.Unknown($"cannot tell whether unit(s) {UnitIds(unknown)} are (a3): {MissingField(c.Material, "resin.units[].alkylCarbons/alkyleneCarbons")}");
            var (a1, a2, a3) = Shares(c);
            var w = new[] { Window("(a1)", a1, " mol%", MinA1, MaxA1, 3), Window("(a2)", a2, " mol%", MinA2, MaxA2, 3), Window("(a3)", a3, " mol%", MinA3, MaxA3, 3) };
            var text = string.Join(", ", w.Select(x => x.Text));
            return w.All(x => x.Ok) ? Judgement.Yes(text) : Judgement.No(text);
        }, ClaimStatus.Violated, "no resin (A)");
        // No single resin meets the windows. A blend's unit mol% is a mole-weighted mean of its resins' values, so it
        // can only land inside a window when the resins lie on both sides of it (or inside); telling needs unit molar
        // masses, which the catalog does not give. All on one side: the blend is outside too.
        if (finding.Status == ClaimStatus.Violated && resins.Count > 1)
        {
            var shares = resins.Select(Shares).ToList();
            bool Straddles(Func<(double, double, double), double> q, double lo, double hi) =>
                shares.Min(q) <= hi && shares.Max(q) >= lo;
            if (Straddles(s => s.Item1, MinA1, MaxA1) && Straddles(s => s.Item2, MinA2, MaxA2) && Straddles(s => s.Item3, MinA3, MaxA3))
                finding = finding with
                {
                    Status = ClaimStatus.Undecidable,
                    Detail = finding.Detail + $"; the blend of {Ids(resins)} as a whole could be inside: its unit mol% needs the units' molar masses, which the catalog does not give",
                };
        }
        return Element.Combine(finding);
    }

    private static ClaimOutcome Claim4(RecipeFacts f)
    {
        var resins = ResinsA(f);
        var finding = Element.AnyOf("Mw of resin (A)", resins, c => c.Material.Resin!.WeightAverageMw is { } mw
                ? Window($"Mw {Num(mw, "0.#")}", mw, "", MinMw, MaxMw, 4) is var w && w.Ok ? Judgement.Yes(w.Text) : Judgement.No(w.Text)
                : Judgement.Unknown($"Mw: {MissingField(c.Material, "resin.mw")}"),
            ClaimStatus.Violated, "no resin (A)");
        // No resin alone meets it: the resin (A) of the composition is then the blend, whose Mw is exactly the
        // weight-fraction mean of its resins' Mw.
        if (finding.Status == ClaimStatus.Violated && resins.Count > 1)
        {
            var total = resins.Sum(c => c.FractionOfSolids);
            var mw = resins.Sum(c => c.FractionOfSolids * c.Material.Resin!.WeightAverageMw!.Value) / total;
            var (ok, text) = Window("Mw of the blend", mw, "", MinMw, MaxMw, 4);
            finding = Element.Whole("Mw of resin (A)", ok ? ClaimStatus.Satisfied : ClaimStatus.Violated, resins,
                $"no resin alone meets it ({finding.Detail}); {text}", $"weight-fraction mean of Mw over {Ids(resins)}");
        }
        return Element.Combine(finding);
    }

    private static ClaimOutcome Claim5(RecipeFacts f) => Element.Combine(Element.AnyOf("(D) nitrogen-containing organic compound",
        f.WithRole(MaterialRole.Quencher, MaterialRole.OrganicBase, MaterialRole.Other),
        c => c.Material.NitrogenContaining ? Judgement.Yes("contains nitrogen") : Judgement.No("contains no nitrogen"),
        ClaimStatus.NotApplicable, "no further compound (D) besides (A), (B), (C)"));

    private static ClaimOutcome Use(RecipeFacts f, ProcessUse use, string what) =>
        UseClaim("use: " + what, f.Recipe.Uses.Contains(use), $"recipe states use in {what}", $"recipe does not state use in {what}");

    private static ClaimOutcome Claim9(RecipeFacts f) =>
        UseClaim("use: electron beam selective exposure", f.Recipe.Exposure is { Radiation: Radiation.EBeam },
            "exposure is electron beam", $"exposure: {ExposureText(f.Recipe)}");
}
