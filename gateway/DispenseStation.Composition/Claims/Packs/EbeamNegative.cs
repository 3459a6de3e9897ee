using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims.Elements;
using DispenseStation.Composition.Recipes;
using static DispenseStation.Composition.Claims.RecipeFacts;

namespace DispenseStation.Composition.Claims.Packs;

/// <summary>
/// Seed 002: negative resist for electron beams or X-rays. Two independent claims are alternatives: claim 1 (acid
/// and/or radical generator, alkali-soluble resin, crosslinker, separate polymerizable unsaturated compound D) and
/// claim 9 (the resin B' itself carries the polymerizable unsaturated bond). Formulae (b), (c), (d) of claim 10 are
/// not in the text. Every claim is open ("comprising", "contains"). Claims 4/13 read "(A) is selected from the
/// sulfonate compounds of sulfonium or iodonium": a choice among classes for the component that is (A), met by one
/// (A) component of that class; a further generator of another class is also present and does not break it.
/// "For electron beams or X-rays" and "suitable for electron beam irradiation ... at least 75 KeV" are intended-use
/// wording (see the Composition README): they never make a recipe violate a claim.
/// </summary>
public static class EbeamNegative
{
    public const string Id = "ebeam-negative";

    public const double MinimumKeV = 75;

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
            ClaimRule.Dependent(8, 1, "suitable for electron beam irradiation at an accelerating voltage of at least 75 keV", f => Voltage(f)),
            ClaimRule.Independent(9, "for electron beams or X-rays: (A) acid/radical generator, (B') water-insoluble alkali-soluble resin with a polymerizable unsaturated bond, (C) acid crosslinker", Claim9, group: "independent"),
            ClaimRule.Undecidable(10, 9, "resin (B') contains units of formula (a') with at least one group (b), (c) or (d)",
                "formulae (a'), (b), (c), (d) are not reproduced in the seed text (only their variables), so no catalog motif can be matched to them"),
            ClaimRule.Dependent(11, 9, "further contains (D) a compound with a polymerizable unsaturated bond", Claim11),
            ClaimRule.Dependent(12, 9, "further contains (E) an organic basic compound", f => Base(f)),
            ClaimRule.Dependent(13, 9, "(A) is a sulfonate of sulfonium or iodonium", f => OniumSulfonate(f, 13), group: "pag"),
            ClaimRule.Dependent(14, 9, "(A) is an N-hydroxyimide sulfonic acid ester or a disulfonyldiazomethane", f => ImideOrDiazo(f, 14), group: "pag"),
            ClaimRule.Dependent(15, 9, "(C) is a hydroxymethylated, alkoxymethylated or acyloxymethylated phenol compound", f => PhenolicXl(f, 15), group: "crosslinker"),
            ClaimRule.Dependent(16, 9, "(C) is an alkoxymethylated or acyloxymethylated melamine or urea compound or resin", f => MelamineUreaXl(f, 16), group: "crosslinker"),
            ClaimRule.Dependent(17, 9, "suitable for electron beam irradiation at an accelerating voltage of at least 75 keV", f => Voltage(f)),
        });

    /// <summary>The preamble "for electron beams or X-rays" is intended use: reported, never limiting.</summary>
    private static ElementFinding Preamble(RecipeFacts f)
    {
        var used = f.Recipe.Exposure is { Radiation: Radiation.EBeam or Radiation.XRay };
        return Element.Fact("for electron beams or X-rays (intended use)", ClaimStatus.Satisfied,
            used ? $"recipe uses it ({ExposureText(f.Recipe)})"
                 : $"recipe states {ExposureText(f.Recipe)}; intended-use wording does not limit the composition");
    }

    private static ElementFinding ElementA(RecipeFacts f) => Element.AnyOf("(A) acid and/or radical generator", f.Generators,
        c => Judgement.Yes(c.Material.Role == MaterialRole.PhotoacidGenerator ? "acid generator" : "radical generator"),
        ClaimStatus.Violated, "no acid or radical generator");

    private static Judgement AlkaliInsolubleInWater(RecipeComponent c) => c.Material.Resin switch
    {
        { WaterSoluble: true } => Judgement.No("water-soluble"),
        { AlkaliSoluble: false } => Judgement.No("not alkali-soluble"),
        _ => Judgement.Yes("water-insoluble, alkali-soluble"),
    };

    private static IReadOnlyList<RecipeComponent> ResinsB(RecipeFacts f) =>
        f.WithRole(MaterialRole.Resin).Where(c => AlkaliInsolubleInWater(c).Meets == true).ToList();

    private static ElementFinding ElementC(RecipeFacts f) => Element.AnyOf("(C) acid crosslinker", f.WithRole(MaterialRole.Crosslinker),
        _ => Judgement.Yes("crosslinker"), ClaimStatus.Violated, "no crosslinker");

    /// <summary>(D): a non-resin compound with a polymerizable unsaturated bond.</summary>
    private static ElementFinding ElementD(RecipeFacts f, ClaimStatus whenNotMet) => Element.AnyOf("(D) polymerizable unsaturated compound",
        f.Where(m => m.Role != MaterialRole.Resin && (m.PolymerizableUnsaturated || m.Role == MaterialRole.PolymerizableUnsaturated)),
        c => Judgement.Yes($"{Num(c.WtPercentOfSolids)} wt% of solids"), whenNotMet, "no non-resin compound with a polymerizable unsaturated bond");

    private static ClaimOutcome Claim1(RecipeFacts f) => Element.Combine(
        Preamble(f),
        ElementA(f),
        Element.AnyOf("(B) water-insoluble alkali-soluble resin", f.WithRole(MaterialRole.Resin), AlkaliInsolubleInWater, ClaimStatus.Violated, "no resin"),
        ElementC(f),
        ElementD(f, ClaimStatus.Violated));

    private static ClaimOutcome Claim9(RecipeFacts f) => Element.Combine(
        Preamble(f),
        ElementA(f),
        Element.AnyOf("(B') polymerizable water-insoluble alkali-soluble resin", f.WithRole(MaterialRole.Resin), c =>
            AlkaliInsolubleInWater(c) is { Meets: false } j ? j
            : c.Material.PolymerizableUnsaturated ? Judgement.Yes("alkali-soluble, with a polymerizable unsaturated bond")
            : Judgement.No("no polymerizable unsaturated bond"), ClaimStatus.Violated, "no resin"),
        ElementC(f));

    private static ClaimOutcome Base(RecipeFacts f) => Element.Combine(Element.AnyOf("(E) organic basic compound", f.Bases,
        c => Judgement.Yes(c.Material.NitrogenContaining ? "nitrogen-containing base" : "nitrogen-free organic base"),
        ClaimStatus.NotApplicable, "no organic basic compound in the recipe"));

    private static ClaimOutcome Claim3(RecipeFacts f) => Element.Combine(Element.AnyOf("formula (a) unit in resin (B)", ResinsB(f), c =>
    {
        var units = c.Material.Resin!.Units;
        var a = units.Where(u => u.Motif is UnitMotif.Hydroxystyrene or UnitMotif.Alkoxystyrene or UnitMotif.Acyloxystyrene
            or UnitMotif.HydroxystyrenePolymerizableSideChain && u.HydroxylCount is null or (>= 1 and <= 3)).ToList();
        if (a.Count > 0) return Judgement.Yes($"formula (a) unit(s) {UnitIds(a)}");
        var unknown = units.Where(u => u.Motif == UnitMotif.Unspecified).ToList();
        return unknown.Count > 0
            ? Judgement.Unknown($"unit(s) {UnitIds(unknown)} have structure 'unspecified' in materials[{c.Material.Id}].resin.units")
            : Judgement.No("no vinyl-aryl unit with 1-3 OR2 groups");
    }, ClaimStatus.NotApplicable, "no resin (B)"));

    private static ClaimOutcome OniumSulfonate(RecipeFacts f, int claim) => Element.Combine(Element.AnyOf(
        "(A) sulfonium or iodonium sulfonate", f.Generators,
        c => c.Material.AcidGenerator is { Class: AcidGeneratorClass.OniumSulfonate, Cation: OniumCation.Sulfonium or OniumCation.Iodonium }
            ? Judgement.Yes(DescribeGenerator(c.Material)) : Judgement.No(DescribeGenerator(c.Material)),
        ClaimStatus.Violated, $"no generator (A); claim {claim} needs a sulfonium or iodonium sulfonate"));

    private static ClaimOutcome ImideOrDiazo(RecipeFacts f, int claim) => Element.Combine(Element.AnyOf(
        "(A) N-hydroxyimide sulfonate or disulfonyldiazomethane", f.Generators,
        c => c.Material.AcidGenerator?.Class is AcidGeneratorClass.NHydroxyimideSulfonate or AcidGeneratorClass.Disulfonyldiazomethane
            ? Judgement.Yes(DescribeGenerator(c.Material)) : Judgement.No(DescribeGenerator(c.Material)),
        ClaimStatus.Violated, $"no generator (A); claim {claim} needs an N-hydroxyimide sulfonate or a disulfonyldiazomethane"));

    private static string DescribeGenerator(Material m) => m.AcidGenerator is { } g
        ? $"{Yaml.YamlReader.Kebab(g.Class)}{(g.Cation is { } c ? $" ({Yaml.YamlReader.Kebab(c)})" : "")}"
        : "radical generator";

    private static ClaimOutcome PhenolicXl(RecipeFacts f, int claim) => Element.Combine(Element.AnyOf(
        "(C) hydroxymethylated/alkoxymethylated/acyloxymethylated phenol", f.WithRole(MaterialRole.Crosslinker),
        c => c.Material.Crosslinker is { Kind: CrosslinkerKind.Phenolic, Groups: >= 1 } ? Judgement.Yes(DescribeXl(c.Material)) : Judgement.No(DescribeXl(c.Material)),
        ClaimStatus.Violated, $"no crosslinker; claim {claim} needs a methylolated phenol"));

    private static ClaimOutcome MelamineUreaXl(RecipeFacts f, int claim) => Element.Combine(Element.AnyOf(
        "(C) alkoxymethylated/acyloxymethylated melamine or urea", f.WithRole(MaterialRole.Crosslinker),
        c => c.Material.Crosslinker is { Kind: CrosslinkerKind.Aminoplast, Skeleton: NitrogenSkeleton.Melamine or NitrogenSkeleton.Urea, Groups: >= 1 } x
             && (x.GroupTypes.Contains(CrosslinkGroup.Alkoxymethyl) || x.GroupTypes.Contains(CrosslinkGroup.Acyloxymethyl))
            ? Judgement.Yes(DescribeXl(c.Material)) : Judgement.No(DescribeXl(c.Material)),
        ClaimStatus.Violated, $"no crosslinker; claim {claim} needs an alkoxymethylated or acyloxymethylated melamine or urea"));

    private static string DescribeXl(Material m)
    {
        var x = m.Crosslinker!;
        var skeleton = x.Skeleton is { } s ? $" {Yaml.YamlReader.Kebab(s)}" : "";
        return $"{Yaml.YamlReader.Kebab(x.Kind)}{skeleton} with {string.Join("/", x.GroupTypes.Select(g => Yaml.YamlReader.Kebab(g)))} groups";
    }

    private static ClaimOutcome Voltage(RecipeFacts f)
    {
        var used = f.Recipe.Exposure is { Radiation: Radiation.EBeam, AcceleratingVoltageKeV: { } kev } && kev >= MinimumKeV;
        return UseClaim("use: e-beam at >= 75 keV", used, $"recipe uses {ExposureText(f.Recipe)}", $"recipe states {ExposureText(f.Recipe)}");
    }

    private static ClaimOutcome Claim11(RecipeFacts f) => Element.Combine(ElementD(f, ClaimStatus.NotApplicable));
}
