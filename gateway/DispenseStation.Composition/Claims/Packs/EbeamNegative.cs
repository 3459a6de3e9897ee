using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Recipes;
using static DispenseStation.Composition.Claims.RecipeFacts;

namespace DispenseStation.Composition.Claims.Packs;

/// <summary>
/// Seed 002: negative resist for electron beams or X-rays. Two independent claims are alternatives: claim 1 (acid
/// generator, alkali-soluble resin, crosslinker, separate polymerizable unsaturated compound D) and claim 9 (the
/// resin B' itself carries the polymerizable unsaturated bond). Formulae (b), (c), (d) of claim 10 are not in the text.
/// </summary>
public static class EbeamNegative
{
    public const string Id = "ebeam-negative";

    public static ClaimSet ClaimSet { get; } = new(Id,
        "Negative resist for electron beams or X-rays with a polymerizable unsaturated compound or resin",
        "002_6fad99d0fca097b0.txt",
        new[]
        {
            ClaimRule.Independent(1, "for electron beams or X-rays: (A) acid/radical generator, (B) water-insoluble alkali-soluble resin, (C) acid crosslinker, (D) compound with a polymerizable unsaturated bond", Claim1, group: "independent"),
            ClaimRule.Dependent(2, 1, "further contains (E) an organic basic compound", f => Base(f)),
            ClaimRule.Dependent(3, 1, "resin (B) has a repeating unit of formula (a) (vinyl-aryl with n = 1-3 OR2 groups)", Claim3),
            ClaimRule.Dependent(4, 1, "(A) is a sulfonate of sulfonium or iodonium", f => OniumSulfonate(f, 4), group: "pag"),
            ClaimRule.Dependent(5, 1, "(A) is an N-hydroxyimide sulfonic acid ester or a disulfonyldiazomethane", f => ImideOrDiazo(f, 5), group: "pag"),
            ClaimRule.Dependent(6, 1, "(C) is a hydroxymethylated, alkoxymethylated or acyloxymethylated phenol compound", f => PhenolicXl(f, 6), group: "crosslinker"),
            ClaimRule.Dependent(7, 1, "(C) is an alkoxymethylated or acyloxymethylated melamine or urea compound or resin", f => MelamineUreaXl(f, 7), group: "crosslinker"),
            ClaimRule.Dependent(8, 1, "suitable for electron beam irradiation at an accelerating voltage of at least 75 keV", f => Voltage(f, 8)),
            ClaimRule.Independent(9, "for electron beams or X-rays: (A) acid/radical generator, (B') water-insoluble alkali-soluble resin with a polymerizable unsaturated bond, (C) acid crosslinker", Claim9, group: "independent"),
            ClaimRule.Undecidable(10, 9, "resin (B') contains units of formula (a') with at least one group (b), (c) or (d)",
                "formulae (a'), (b), (c), (d) are not reproduced in the seed text (only their variables), so no catalog motif can be matched to them"),
            ClaimRule.Dependent(11, 9, "further contains (D) a compound with a polymerizable unsaturated bond", Claim11),
            ClaimRule.Dependent(12, 9, "further contains (E) an organic basic compound", f => Base(f)),
            ClaimRule.Dependent(13, 9, "(A) is a sulfonate of sulfonium or iodonium", f => OniumSulfonate(f, 13), group: "pag"),
            ClaimRule.Dependent(14, 9, "(A) is an N-hydroxyimide sulfonic acid ester or a disulfonyldiazomethane", f => ImideOrDiazo(f, 14), group: "pag"),
            ClaimRule.Dependent(15, 9, "(C) is a hydroxymethylated, alkoxymethylated or acyloxymethylated phenol compound", f => PhenolicXl(f, 15), group: "crosslinker"),
            ClaimRule.Dependent(16, 9, "(C) is an alkoxymethylated or acyloxymethylated melamine or urea compound or resin", f => MelamineUreaXl(f, 16), group: "crosslinker"),
            ClaimRule.Dependent(17, 9, "suitable for electron beam irradiation at an accelerating voltage of at least 75 keV", f => Voltage(f, 17)),
        });

    public const double MinimumKeV = 75;

    private static IReadOnlyList<RecipeComponent> AlkaliResins(RecipeFacts f) =>
        f.Where(m => m.Resin is { AlkaliSoluble: true, WaterSoluble: false });

    /// <summary>(D): a non-resin component with a polymerizable unsaturated bond.</summary>
    private static IReadOnlyList<RecipeComponent> CompoundsD(RecipeFacts f) =>
        f.Where(m => m.Role != MaterialRole.Resin && m.PolymerizableUnsaturated);

    private static (string, bool?, string) ForEbeamOrXray(RecipeFacts f) => f.Recipe.Exposure switch
    {
        { Radiation: Radiation.EBeam or Radiation.XRay } e => ("for electron beams or X-rays", true, $"exposure is {Yaml.YamlReader.Kebab(e.Radiation)}"),
        { } e => ("for electron beams or X-rays", false, $"exposure is {Yaml.YamlReader.Kebab(e.Radiation)}"),
        null => ("for electron beams or X-rays", null, "recipe states no exposure"),
    };

    private static (string, bool?, string) Present(string element, IReadOnlyList<RecipeComponent> found, string none) =>
        (element, found.Count > 0, found.Count > 0 ? Ids(found) : none);

    private static ClaimOutcome Claim1(RecipeFacts f) => Elements(
        ForEbeamOrXray(f),
        Present("(A) acid generator", f.WithRole(MaterialRole.PhotoacidGenerator), "no photoacid generator"),
        Present("(B) alkali-soluble resin", AlkaliResins(f), "no water-insoluble alkali-soluble resin"),
        Present("(C) crosslinker", f.WithRole(MaterialRole.Crosslinker), "no crosslinker"),
        Present("(D) polymerizable unsaturated compound", CompoundsD(f), "no non-resin compound with a polymerizable unsaturated bond"));

    private static ClaimOutcome Claim9(RecipeFacts f) => Elements(
        ForEbeamOrXray(f),
        Present("(A) acid generator", f.WithRole(MaterialRole.PhotoacidGenerator), "no photoacid generator"),
        Present("(B') polymerizable alkali-soluble resin", AlkaliResins(f).Where(c => c.Material.PolymerizableUnsaturated).ToList(),
            "no water-insoluble alkali-soluble resin with a polymerizable unsaturated bond"),
        Present("(C) crosslinker", f.WithRole(MaterialRole.Crosslinker), "no crosslinker"));

    private static ClaimOutcome Base(RecipeFacts f) => SilsesquioxaneNegative.NitrogenBase(f, "organic basic compound (E)");

    private static bool IsFormulaA(ResinUnit u) =>
        u.Motif is UnitMotif.Hydroxystyrene or UnitMotif.Alkoxystyrene or UnitMotif.Acyloxystyrene or UnitMotif.HydroxystyrenePolymerizableSideChain;

    private static ClaimOutcome Claim3(RecipeFacts f)
    {
        var units = AlkaliResins(f).SelectMany(r => r.Material.Resin!.Units).ToList();
        var a = units.Where(IsFormulaA).ToList();
        if (a.Count > 0) return ClaimOutcome.Satisfied($"unit(s) {string.Join(", ", a.Select(u => u.Id))} are formula (a)");
        if (units.Any(u => u.Motif == UnitMotif.Unspecified))
            return ClaimOutcome.Undecidable("resin has units whose structure the catalog does not describe");
        return ClaimOutcome.NotApplicable("resin has no formula (a) (hydroxy/alkoxy/acyloxy-styrene type) unit");
    }

    private static ClaimOutcome EachOf(IReadOnlyList<RecipeComponent> items, Func<Material, bool> ok, Func<Material, string> describe, string rule)
    {
        var text = string.Join("; ", items.Select(c => describe(c.Material)));
        return items.All(c => ok(c.Material)) ? ClaimOutcome.Satisfied(text) : ClaimOutcome.Violated($"{text}; {rule}");
    }

    private static ClaimOutcome OniumSulfonate(RecipeFacts f, int claim) => EachOf(f.WithRole(MaterialRole.PhotoacidGenerator),
        m => m.AcidGenerator is { Class: AcidGeneratorClass.OniumSulfonate, Cation: OniumCation.Sulfonium or OniumCation.Iodonium },
        DescribePag, $"claim {claim} needs a sulfonium or iodonium sulfonate");

    private static ClaimOutcome ImideOrDiazo(RecipeFacts f, int claim) => EachOf(f.WithRole(MaterialRole.PhotoacidGenerator),
        m => m.AcidGenerator!.Class is AcidGeneratorClass.NHydroxyimideSulfonate or AcidGeneratorClass.Disulfonyldiazomethane,
        DescribePag, $"claim {claim} needs an N-hydroxyimide sulfonate or a disulfonyldiazomethane");

    private static string DescribePag(Material m) =>
        $"{m.Id} is {YamlKebab(m.AcidGenerator!.Class)}{(m.AcidGenerator.Cation is { } c ? $" ({YamlKebab(c)})" : "")}";

    private static ClaimOutcome PhenolicXl(RecipeFacts f, int claim) => EachOf(f.WithRole(MaterialRole.Crosslinker),
        m => m.Crosslinker is { Kind: CrosslinkerKind.Phenolic, Groups: >= 1 },
        DescribeXl, $"claim {claim} needs a hydroxymethylated/alkoxymethylated/acyloxymethylated phenol");

    private static ClaimOutcome MelamineUreaXl(RecipeFacts f, int claim) => EachOf(f.WithRole(MaterialRole.Crosslinker),
        m => m.Crosslinker is { Kind: CrosslinkerKind.Aminoplast, Skeleton: NitrogenSkeleton.Melamine or NitrogenSkeleton.Urea, Groups: >= 1 } x
             && (x.GroupTypes.Contains(CrosslinkGroup.Alkoxymethyl) || x.GroupTypes.Contains(CrosslinkGroup.Acyloxymethyl)),
        DescribeXl, $"claim {claim} needs an alkoxymethylated or acyloxymethylated melamine or urea");

    private static string DescribeXl(Material m)
    {
        var x = m.Crosslinker!;
        var skeleton = x.Skeleton is { } s ? $" {YamlKebab(s)}" : "";
        return $"{m.Id} is {YamlKebab(x.Kind)}{skeleton} with {string.Join("/", x.GroupTypes.Select(g => YamlKebab(g)))} groups";
    }

    private static ClaimOutcome Voltage(RecipeFacts f, int claim) => f.Recipe.Exposure switch
    {
        { Radiation: Radiation.EBeam, AcceleratingVoltageKeV: { } kev } =>
            kev >= MinimumKeV
                ? ClaimOutcome.Satisfied($"e-beam at {Num(kev, "0.#")} keV, claim {claim} needs >= 75 keV")
                : ClaimOutcome.Violated($"e-beam at {Num(kev, "0.#")} keV, claim {claim} needs >= 75 keV"),
        { Radiation: Radiation.EBeam } => ClaimOutcome.Undecidable("e-beam exposure without an accelerating voltage"),
        _ => ClaimOutcome.NotApplicable("exposure is not electron beam"),
    };

    private static ClaimOutcome Claim11(RecipeFacts f)
    {
        var d = CompoundsD(f);
        return d.Count > 0
            ? ClaimOutcome.Satisfied($"(D) {Ids(d)} ({Num(PercentOfSolids(d))} wt% of solids)")
            : ClaimOutcome.NotApplicable("no separate polymerizable unsaturated compound (D)");
    }

    private static string YamlKebab<T>(T value) where T : struct, Enum => Yaml.YamlReader.Kebab(value);
}
