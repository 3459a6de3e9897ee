using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Claims.Packs;
using static DispenseStation.Composition.Claims.ClaimStatus;

namespace DispenseStation.Composition.Tests;

/// <summary>One rule check: a recipe (compact spec) and the status the named claim must get.</summary>
public sealed record RuleCase(string ClaimSet, int Claim, ClaimStatus Expected, string Components, string? Exposure = null,
    string? Uses = null, string? ExtraMaterials = null, string Why = "")
{
    public override string ToString() => $"{ClaimSet} claim {Claim} -> {Expected}: {Why}";
}

/// <summary>Passing and failing cases for every rule of every claim set (coverage is itself tested).</summary>
internal static class RuleCases
{
    private const string Ssq = SilsesquioxaneNegative.Id;
    private const string SsqOk = "ssq-hpe-ph-7030=100; tps-tf=3; tmgu=10";
    private const string Dx = DualCrosslinkerNegative.Id;
    private const string DxOk = "phs-st-8515=100; tmom-bp=8; hmmm=6; tps-nf=4";
    private const string Eb = EbeamNegative.Id;
    private const string Eb1 = "phs-8k=100; tps-tf=5; hmmm=12; dpha=8";
    private const string Eb9 = "phs-mas-8515=100; nhn-tf=5; hmmm=10";

    internal const string SsqNoR1Count = """
          - id: ssq-unknown-spacer
            name: SSQ with undocumented spacer
            role: resin
            density: 1.2
            resin:
              backbone: silsesquioxane
              mw: 7000
              alkaliSoluble: true
              units:
                - { id: hpx, motif: ssq-hydroxyphenylalkyl, molPercent: 70 }
                - { id: ph, motif: ssq-phenyl, molPercent: 30 }
        """;

    private const string SsqHighA3 = """
          - id: ssq-a3-25
            name: SSQ 55:20:25
            role: resin
            density: 1.2
            resin:
              backbone: silsesquioxane
              mw: 6000
              alkaliSoluble: true
              units:
                - { id: hpe, motif: ssq-hydroxyphenylalkyl, alkyleneCarbons: 2, molPercent: 55 }
                - { id: ph, motif: ssq-phenyl, molPercent: 20 }
                - { id: mpe, motif: ssq-alkoxyphenylalkyl, alkyleneCarbons: 2, alkylCarbons: 1, molPercent: 25 }
        """;

    private const string SsqNoMw = """
          - id: ssq-no-mw
            name: SSQ of unknown Mw
            role: resin
            density: 1.2
            resin:
              backbone: silsesquioxane
              alkaliSoluble: true
              units:
                - { id: hpe, motif: ssq-hydroxyphenylalkyl, alkyleneCarbons: 1, molPercent: 75 }
                - { id: ph, motif: ssq-phenyl, molPercent: 25 }
        """;

    private const string PhsUnspecified = """
          - id: phs-unspecified
            name: Alkali-soluble copolymer of undocumented structure
            role: resin
            density: 1.2
            resin:
              backbone: vinyl
              mw: 9000
              alkaliSoluble: true
              units:
                - { id: x, motif: unspecified, molPercent: 100 }
        """;

    private const string SsqA1High = """
          - id: ssq-a1-97
            name: SSQ 97:3
            role: resin
            density: 1.2
            resin:
              backbone: silsesquioxane
              mw: 6000
              alkaliSoluble: true
              units:
                - { id: hpe, motif: ssq-hydroxyphenylalkyl, alkyleneCarbons: 2, molPercent: 97 }
                - { id: ph, motif: ssq-phenyl, molPercent: 3 }
        """;

    private const string SsqA1Low = """
          - id: ssq-a1-45
            name: SSQ 45:55, Mw 800
            role: resin
            density: 1.2
            resin:
              backbone: silsesquioxane
              mw: 800
              alkaliSoluble: true
              units:
                - { id: hpe, motif: ssq-hydroxyphenylalkyl, alkyleneCarbons: 2, molPercent: 45 }
                - { id: ph, motif: ssq-phenyl, molPercent: 55 }
        """;

    public static IReadOnlyList<RuleCase> All { get; } = new RuleCase[]
    {
        // ---- silsesquioxane-negative (seed 000) ----
        new(Ssq, 1, Satisfied, SsqOk, Why: "(a1)+(a2) resin, PAG, crosslinker"),
        new(Ssq, 1, Violated, "ssq-hpe-ph-7030=100; tps-tf=3", Why: "no crosslinker"),
        new(Ssq, 1, Violated, "ssq-hpe-ph-7030=100; tmgu=10", Why: "no acid generator"),
        new(Ssq, 1, Violated, "ssq-hpe-ph-7030=100; dmpa=3; tmgu=10", Why: "a radical generator generates no acid"),
        new(Ssq, 1, Satisfied, "ssq-hpe-ph-7030=100; dmpa=2; tps-tf=3; tmgu=10", Why: "PAG meets (B); radical generator also present"),
        new(Ssq, 1, Satisfied, "ssq-hpb-ph-7030=50; ssq-hpe-ph-7030=50; tps-tf=3; tmgu=10", Why: "C2 resin meets (A); C8 resin also present"),
        new(Ssq, 1, Violated, "phs-8k=100; tps-tf=3; tmgu=10", Why: "resin is not a silsesquioxane"),
        new(Ssq, 1, Violated, "ssq-hpb-ph-7030=100; tps-tf=3; tmgu=10", Why: "C8 alkylene is not formula (I)"),
        new(Ssq, 1, Undecidable, "ssq-unknown-spacer=100; tps-tf=3; tmgu=10", ExtraMaterials: SsqNoR1Count, Why: "R1 carbon count unknown"),
        new(Ssq, 2, Satisfied, "ssq-hpe-ph-mpe-652015=100; tps-tf=3; tmgu=10", Why: "methoxyphenylethyl unit is (a3)"),
        new(Ssq, 2, NotApplicable, SsqOk, Why: "no (a3) unit"),
        new(Ssq, 3, Satisfied, SsqOk, Why: "70/30/0 mol%"),
        new(Ssq, 3, Satisfied, "ssq-hpe-ph-mpe-652015=100; tps-tf=3; tmgu=10", Why: "65/20/15 mol%"),
        new(Ssq, 3, Violated, "ssq-hpe-ph-4060=100; tps-tf=3; tmgu=10", Why: "(a1) 40, (a2) 60"),
        new(Ssq, 3, Violated, "ssq-a3-25=100; tps-tf=3; tmgu=10", ExtraMaterials: SsqHighA3, Why: "(a3) 25 > 20"),
        new(Ssq, 3, Satisfied, "ssq-hpe-ph-7030=50; ssq-hpe-ph-4060=50; tps-tf=3; tmgu=10", Why: "blend: 70/30 resin alone meets, 40/60 also present"),
        new(Ssq, 3, Undecidable, "ssq-hpe-ph-4060=50; ssq-a1-97=50; tps-tf=3; tmgu=10", ExtraMaterials: SsqA1High, Why: "blend straddles: 40 and 97 mol% (a1), neither alone inside"),
        new(Ssq, 3, Violated, "ssq-hpe-ph-4060=50; ssq-a1-45=50; tps-tf=3; tmgu=10", ExtraMaterials: SsqA1Low, Why: "blend: both resins below 50 mol% (a1)"),
        new(Ssq, 4, Satisfied, SsqOk, Why: "Mw 7500"),
        new(Ssq, 4, Violated, "ssq-hpe-ph-8020-hmw=100; tps-tf=3; tmgu=10", Why: "Mw 22000"),
        new(Ssq, 4, Undecidable, "ssq-no-mw=100; tps-tf=3; tmgu=10", ExtraMaterials: SsqNoMw, Why: "Mw not in catalog"),
        new(Ssq, 4, Satisfied, "ssq-hpe-ph-7030=50; ssq-hpe-ph-8020-hmw=50; tps-tf=3; tmgu=10", Why: "blend: Mw 7500 resin alone meets"),
        new(Ssq, 4, Satisfied, "ssq-a1-45=50; ssq-hpe-ph-8020-hmw=50; tps-tf=3; tmgu=10", ExtraMaterials: SsqA1Low, Why: "blend: Mw 800 and 22000 at 50/50 is 11400"),
        new(Ssq, 4, Violated, "ssq-a1-45=20; ssq-hpe-ph-8020-hmw=80; tps-tf=3; tmgu=10", ExtraMaterials: SsqA1Low, Why: "blend: 0.2 x 800 + 0.8 x 22000 = 17760"),
        new(Ssq, 4, NotApplicable, "ssq-hpe-ph-8020-hmw=100; tps-tf=3", Why: "parent claim 1 not met"),
        new(Ssq, 5, Satisfied, SsqOk + "; toa=0.3", Why: "trioctylamine"),
        new(Ssq, 5, NotApplicable, SsqOk, Why: "no base"),
        new(Ssq, 5, NotApplicable, SsqOk + "; tps-salicylate=0.5", Why: "quencher without nitrogen"),
        new(Ssq, 5, Satisfied, SsqOk + "; tps-salicylate=0.5; toa=0.2", Why: "amine meets (D); salicylate also present"),
        new(Ssq, 6, Satisfied, SsqOk, Uses: "two-layer-resist", Why: "two-layer use"),
        new(Ssq, 6, NotApplicable, SsqOk, Uses: "magnetic-film-ion-etch", Why: "other use"),
        new(Ssq, 7, Satisfied, SsqOk, Uses: "magnetic-film-ion-etch", Why: "ion etch use"),
        new(Ssq, 7, NotApplicable, SsqOk, Why: "no use stated"),
        new(Ssq, 8, Satisfied, SsqOk, Uses: "magnetic-film-lift-off", Why: "lift-off use"),
        new(Ssq, 8, NotApplicable, SsqOk, Uses: "two-layer-resist", Why: "other use"),
        new(Ssq, 9, Satisfied, SsqOk, Exposure: "e-beam 50", Why: "e-beam"),
        new(Ssq, 9, NotApplicable, SsqOk, Exposure: "krf", Why: "KrF"),

        // ---- dual-crosslinker-negative (seed 001) ----
        new(Dx, 1, Satisfied, DxOk, Why: "resin, B-1, B-2, PAG"),
        new(Dx, 1, Violated, "phs-st-8515=100; tmom-bp=8; tps-nf=4", Why: "no B-2"),
        new(Dx, 1, Violated, "phs-st-8515=100; hmmm=6; tps-nf=4", Why: "no B-1"),
        new(Dx, 1, Violated, "pmma-35k=100; tmom-bp=8; hmmm=6; tps-nf=4", Why: "resin not alkali-soluble"),
        new(Dx, 1, Violated, "phs-st-8515=100; tmom-bp=8; hmmm=6", Why: "no acid generator"),
        new(Dx, 1, Violated, "phs-st-8515=100; tmom-bp=8; hmmm=6; hcpk=4", Why: "a radical generator generates no acid"),
        new(Dx, 1, Satisfied, "phs-st-8515=50; pmma-35k=50; tmom-bp=8; hmmm=6; tps-nf=4", Why: "PHS meets (A); PMMA also present"),
        new(Dx, 2, Satisfied, DxOk, Why: "hydroxystyrene unit"),
        new(Dx, 2, NotApplicable, "novolak-mp-cresol=100; tmom-bp=8; hmmm=6; tps-nf=4", Why: "novolak has no formula (3)"),
        new(Dx, 3, Satisfied, DxOk + "; toa=0.4", Why: "amine"),
        new(Dx, 3, NotApplicable, DxOk, Why: "no base"),
        new(Dx, 3, NotApplicable, DxOk + "; tpp=0.4", Why: "triphenylphosphine is basic but contains no nitrogen"),
        new(Dx, 4, Satisfied, DxOk, Why: "styrene unit is (4)"),
        new(Dx, 4, NotApplicable, "phs-8k=100; tmom-bp=8; hmmm=6; tps-nf=4", Why: "homopolymer of (3)"),
        new(Dx, 4, Undecidable, "novolak-mp-cresol=100; tmom-bp=8; hmmm=6; tps-nf=4", Why: "novolak unit might be (6)"),
        new(Dx, 5, Satisfied, DxOk + "; fc-4430=0.05", Why: "surfactant"),
        new(Dx, 5, NotApplicable, DxOk, Why: "no surfactant"),
        new(Dx, 6, Satisfied, DxOk, Why: "85 mol% (3)"),
        new(Dx, 6, Violated, "phs-st-tbma-452035=100; tmom-bp=8; hmmm=6; tps-nf=4", Why: "45 mol% (3)"),
        new(Dx, 6, NotApplicable, "novolak-mp-cresol=100; tmom-bp=8; hmmm=6; tps-nf=4", Why: "parent claim 2 not applicable"),
        new(Dx, 7, Satisfied, DxOk, Why: "15 mol% (4)"),
        new(Dx, 7, Violated, "phs-st-9802=100; tmom-bp=8; hmmm=6; tps-nf=4", Why: "2 mol% (4)"),
        new(Dx, 7, Undecidable, "phs-st-tbma-452035=100; tmom-bp=8; hmmm=6; tps-nf=4", Why: "35 mol% might be (6)"),
        new(Dx, 8, Satisfied, "phs-st-8515=100; hmom-tphap=8; hmmm=6; tps-nf=4", Why: "3 rings, MW 570.7"),
        new(Dx, 8, Violated, "phs-st-8515=100; mom-novolak-oligomer=8; hmmm=6; tps-nf=4", Why: "6 rings"),
        new(Dx, 8, NotApplicable, DxOk, Why: "2-ring B-1 is covered by claim 9"),
        new(Dx, 8, Satisfied, "phs-st-8515=100; bhmpc=4; hmom-tphap=4; hmmm=6; tps-nf=4", Why: "two B-1: the 3-ring one meets claim 8"),
        new(Dx, 9, Satisfied, "phs-st-8515=100; bhmpc=4; hmom-tphap=4; hmmm=6; tps-nf=4", Why: "two B-1: the 1-ring one meets claim 9"),
        new(Dx, 9, Satisfied, "phs-st-8515=100; bhmpc=4; mom-novolak-oligomer=4; hmmm=6; tps-nf=4", Why: "1-ring B-1 meets; 6-ring also present"),
        new(Dx, 9, Satisfied, DxOk, Why: "2 rings"),
        new(Dx, 9, Satisfied, "phs-st-8515=100; bhmpc=5; hmmm=6; tps-nf=4", Why: "1 ring"),
        new(Dx, 9, Violated, "phs-st-8515=100; mom-novolak-oligomer=8; hmmm=6; tps-nf=4", Why: "6 rings"),
        new(Dx, 9, NotApplicable, "phs-st-8515=100; hmom-tphap=8; hmmm=6; tps-nf=4", Why: "3-ring B-1 is covered by claim 8"),
        new(Dx, 10, Satisfied, DxOk, Why: "melamine"),
        new(Dx, 10, Satisfied, "phs-st-8515=100; tmom-bp=8; tmgu=6; tps-nf=4", Why: "glycoluril"),
        new(Dx, 10, Satisfied, "phs-st-8515=100; tmom-bp=8; dmmu=3; tps-nf=4", Why: "urea"),
        new(Dx, 10, Satisfied, "phs-st-8515=100; tmom-bp=8; dmdm-imidazolidinone=4; tps-nf=4", Why: "imidazolidine"),
        new(Dx, 10, Violated, "phs-st-8515=100; tmom-bp=8; tmbg=6; tps-nf=4", Why: "benzoguanamine"),
        new(Dx, 10, Satisfied, "phs-st-8515=100; tmom-bp=8; hmmm=3; tmbg=3; tps-nf=4", Why: "melamine meets; benzoguanamine also present"),
        new(Dx, 6, Satisfied, "phs-st-tbma-452035=50; phs-st-8515=50; tmom-bp=8; hmmm=6; tps-nf=4", Why: "85 mol% resin meets; 45 mol% resin also present"),
        new(Dx, 11, Satisfied, DxOk, Why: "B-1 6.8 wt%"),
        new(Dx, 11, Violated, "phs-st-8515=25; tmom-bp=62; hmmm=10; tps-nf=3", Why: "B-1 62 wt%"),
        new(Dx, 11, Violated, "phs-st-8515=89.7; tmom-bp=0.3; hmmm=6; tps-nf=4", Why: "B-1 0.3 wt%"),
        new(Dx, 12, Satisfied, DxOk, Why: "B-2 5.1 wt%"),
        new(Dx, 12, Violated, "phs-st-8515=30; tmom-bp=10; hmmm=55; tps-nf=5", Why: "B-2 55 wt%"),
        new(Dx, 13, Satisfied, DxOk, Why: "59/41 by mole"),
        new(Dx, 13, Violated, "phs-st-8515=50; tmom-bp=1; hmmm=45; tps-nf=4", Why: "2/98 by mole"),
        new(Dx, 13, Violated, "phs-st-8515=50; tmom-bp=45; hmmm=1; tps-nf=4", Why: "98/2 by mole"),
        new(Dx, 14, Undecidable, DxOk, Why: "method claim"),
        new(Dx, 14, NotApplicable, "phs-st-8515=100; tmom-bp=8; tps-nf=4", Why: "parent claim 1 not met"),

        // ---- ebeam-negative (seed 002) ----
        new(Eb, 1, Satisfied, Eb1, "e-beam 100", Why: "A, B, C, D for e-beam"),
        new(Eb, 1, Satisfied, Eb1, "krf", Why: "'for electron beams or X-rays' is intended use: KrF does not break it"),
        new(Eb, 1, Satisfied, "phs-8k=100; dmpa=5; hmmm=12; dpha=8", "e-beam 100", Why: "(A) met by a radical generator"),
        new(Eb, 1, Violated, "phs-8k=100; hmmm=12; dpha=8; toa=0.5", "e-beam 100", Why: "no acid or radical generator"),
        new(Eb, 1, Violated, "phs-8k=100; tps-tf=5; dpha=8", "e-beam 100", Why: "no crosslinker"),
        new(Eb, 1, Satisfied, Eb1, Why: "exposure not stated: intended use does not limit"),
        new(Eb, 1, NotApplicable, Eb9, "e-beam 100", Why: "no (D) but claim 9 covers the recipe"),
        new(Eb, 2, Satisfied, Eb1 + "; toa=0.5", "e-beam 100", Why: "amine"),
        new(Eb, 2, NotApplicable, Eb1, "e-beam 100", Why: "no base"),
        new(Eb, 2, Satisfied, Eb1 + "; top=0.5", "e-beam 100", Why: "trioctylphosphine: nitrogen-free organic base"),
        new(Eb, 2, Satisfied, Eb1 + "; tpp=0.5", "e-beam 100", Why: "triphenylphosphine: nitrogen-free organic base"),
        new(Eb, 3, Satisfied, Eb1, "e-beam 100", Why: "hydroxystyrene is formula (a)"),
        new(Eb, 3, NotApplicable, "novolak-mp-cresol=100; tps-tf=5; hmmm=12; dpha=8", "e-beam 100", Why: "novolak"),
        new(Eb, 3, Undecidable, "phs-unspecified=100; tps-tf=5; hmmm=12; dpha=8", "e-beam 100", ExtraMaterials: PhsUnspecified, Why: "unit structure unknown"),
        new(Eb, 4, Satisfied, Eb1, "e-beam 100", Why: "sulfonium triflate"),
        new(Eb, 4, Satisfied, "phs-8k=100; tbpi-nf=5; hmmm=12; dpha=8", "e-beam 100", Why: "iodonium nonaflate"),
        new(Eb, 4, Violated, "phs-8k=100; tps-sbf6=5; hmmm=12; dpha=8", "e-beam 100", Why: "SbF6 anion"),
        new(Eb, 4, NotApplicable, "phs-8k=100; nhn-tf=5; hmmm=12; dpha=8", "e-beam 100", Why: "imide sulfonate is claim 5"),
        new(Eb, 4, Satisfied, "phs-8k=100; tps-tf=3; bcsdm=3; hmmm=12; dpha=8", "e-beam 100", Why: "onium sulfonate meets; diazomethane also present"),
        new(Eb, 5, Satisfied, "phs-8k=100; tps-tf=3; bcsdm=3; hmmm=12; dpha=8", "e-beam 100", Why: "diazomethane meets; onium sulfonate also present"),
        new(Eb, 4, Violated, "phs-8k=100; dmpa=5; hmmm=12; dpha=8", "e-beam 100", Why: "(A) is only a radical generator"),
        new(Eb, 4, Satisfied, "phs-8k=100; dmpa=3; tps-tf=3; hmmm=12; dpha=8", "e-beam 100", Why: "onium sulfonate meets; radical generator also present"),
        new(Eb, 7, Satisfied, "phs-8k=100; tps-tf=5; hmm=6; hmmm=6; dpha=8", "e-beam 100", Why: "methoxymethyl melamine meets; methylol melamine also present"),
        new(Eb, 5, Satisfied, "phs-8k=100; nhn-tf=5; hmmm=12; dpha=8", "e-beam 100", Why: "N-hydroxyimide sulfonate"),
        new(Eb, 5, Satisfied, "phs-8k=100; bcsdm=5; hmmm=12; dpha=8", "e-beam 100", Why: "disulfonyldiazomethane"),
        new(Eb, 5, Violated, "phs-8k=100; mbtt=5; hmmm=12; dpha=8", "e-beam 100", Why: "triazine"),
        new(Eb, 5, NotApplicable, Eb1, "e-beam 100", Why: "onium sulfonate is claim 4"),
        new(Eb, 6, Satisfied, "phs-8k=100; tps-tf=5; tmom-bp=12; dpha=8", "e-beam 100", Why: "alkoxymethyl phenol"),
        new(Eb, 6, Violated, "phs-8k=100; tps-tf=5; tmgu=12; dpha=8", "e-beam 100", Why: "glycoluril"),
        new(Eb, 6, NotApplicable, Eb1, "e-beam 100", Why: "melamine is claim 7"),
        new(Eb, 7, Satisfied, Eb1, "e-beam 100", Why: "methoxymethyl melamine"),
        new(Eb, 7, Satisfied, "phs-8k=100; tps-tf=5; dmmu=12; dpha=8", "e-beam 100", Why: "methoxymethyl urea"),
        new(Eb, 7, Violated, "phs-8k=100; tps-tf=5; tmbg=12; dpha=8", "e-beam 100", Why: "benzoguanamine"),
        new(Eb, 7, Violated, "phs-8k=100; tps-tf=5; hmm=12; dpha=8", "e-beam 100", Why: "methylol (not alkoxymethyl) melamine"),
        new(Eb, 7, NotApplicable, "phs-8k=100; tps-tf=5; tmom-bp=12; dpha=8", "e-beam 100", Why: "phenolic is claim 6"),
        new(Eb, 8, Satisfied, Eb1, "e-beam 75", Why: "75 keV"),
        new(Eb, 8, NotApplicable, Eb1, "e-beam 74.9", Why: "74.9 keV: the recipe does not use the >= 75 keV use"),
        new(Eb, 8, NotApplicable, Eb1, "e-beam", Why: "voltage not stated: use not stated"),
        new(Eb, 8, NotApplicable, Eb1, "x-ray", Why: "X-ray"),
        new(Eb, 9, Satisfied, Eb9, "e-beam 100", Why: "A, B', C"),
        new(Eb, 9, Violated, "phs-8k=100; nhn-tf=5; hmmm=10", "e-beam 100", Why: "resin not polymerizable, no D either"),
        new(Eb, 9, Satisfied, Eb9, "i-line", Why: "i-line exposure: intended use does not limit"),
        new(Eb, 9, NotApplicable, Eb1, "e-beam 100", Why: "claim 1 covers the recipe"),
        new(Eb, 10, Undecidable, Eb9, "e-beam 100", Why: "formulae not in seed"),
        new(Eb, 10, NotApplicable, Eb1, "e-beam 100", Why: "parent claim 9 not applicable"),
        new(Eb, 11, Satisfied, Eb9 + "; tmpta=5", "e-beam 100", Why: "TMPTA"),
        new(Eb, 11, NotApplicable, Eb9, "e-beam 100", Why: "no D"),
        new(Eb, 12, Satisfied, Eb9 + "; toa=0.4", "e-beam 100", Why: "amine"),
        new(Eb, 12, NotApplicable, Eb9, "e-beam 100", Why: "no base"),
        new(Eb, 13, Satisfied, "phs-mas-8515=100; tps-tf=5; hmmm=10", "e-beam 100", Why: "sulfonium triflate"),
        new(Eb, 13, Violated, "phs-mas-8515=100; mbtt=5; hmmm=10", "e-beam 100", Why: "triazine"),
        new(Eb, 13, NotApplicable, Eb9, "e-beam 100", Why: "imide sulfonate is claim 14"),
        new(Eb, 14, Satisfied, Eb9, "e-beam 100", Why: "imide sulfonate"),
        new(Eb, 14, Violated, "phs-mas-8515=100; tps-sbf6=5; hmmm=10", "e-beam 100", Why: "SbF6 onium"),
        new(Eb, 14, NotApplicable, "phs-mas-8515=100; tps-tf=5; hmmm=10", "e-beam 100", Why: "onium sulfonate is claim 13"),
        new(Eb, 15, Satisfied, "phs-mas-8515=100; nhn-tf=5; bhmpc=10", "e-beam 100", Why: "hydroxymethyl phenol"),
        new(Eb, 15, Violated, "phs-mas-8515=100; nhn-tf=5; hmm=10", "e-beam 100", Why: "methylol melamine"),
        new(Eb, 15, NotApplicable, Eb9, "e-beam 100", Why: "melamine is claim 16"),
        new(Eb, 16, Satisfied, Eb9, "e-beam 100", Why: "methoxymethyl melamine"),
        new(Eb, 16, Violated, "phs-mas-8515=100; nhn-tf=5; tmgu=10", "e-beam 100", Why: "glycoluril"),
        new(Eb, 16, NotApplicable, "phs-mas-8515=100; nhn-tf=5; bhmpc=10", "e-beam 100", Why: "phenolic is claim 15"),
        new(Eb, 17, Satisfied, Eb9, "e-beam 100", Why: "100 keV"),
        new(Eb, 17, NotApplicable, Eb9, "e-beam 50", Why: "50 keV: the recipe does not use the >= 75 keV use"),
        new(Eb, 17, NotApplicable, Eb9, "e-beam", Why: "voltage not stated: use not stated"),
        new(Eb, 17, NotApplicable, Eb9, "x-ray", Why: "X-ray"),
    };
}
