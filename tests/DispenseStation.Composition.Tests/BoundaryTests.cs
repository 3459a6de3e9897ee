using System.Globalization;
using DispenseStation.Composition.Claims;
using static DispenseStation.Composition.Claims.ClaimStatus;

namespace DispenseStation.Composition.Tests;

/// <summary>
/// Every numeric bound of every claim, exactly on the limit (inclusive bounds are met) and just outside it. Materials
/// are built for the case so that only the bound under test moves.
/// </summary>
public class BoundaryTests
{
    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A silsesquioxane resin "x" with (a1) R1 = c1, (a2), optional (a3) R2 = c2 / R3 = c3 and Mw.</summary>
    private static string Ssq(double a1, double a2, double a3 = 0, int c1 = 2, int c2 = 2, int c3 = 1, double mw = 6000) =>
        $$"""
          - id: x
            name: test SSQ
            role: resin
            density: 1.2
            resin:
              backbone: silsesquioxane
              mw: {{F(mw)}}
              alkaliSoluble: true
              units:
                - { id: a1, motif: ssq-hydroxyphenylalkyl, alkyleneCarbons: {{c1}}, molPercent: {{F(a1)}} }
                - { id: a2, motif: ssq-phenyl, molPercent: {{F(a2)}} }
        """ + (a3 > 0 ? $"\n        - {{ id: a3, motif: ssq-alkoxyphenylalkyl, alkyleneCarbons: {c2}, alkylCarbons: {c3}, molPercent: {F(a3)} }}" : "");

    /// <summary>An alkali-soluble PHS copolymer "x": hydroxystyrene (n OH), styrene, and a unit that may be formula (6).</summary>
    private static string Phs(double hs, double st, double other = 0, int hydroxyl = 1, bool polymerizable = false) =>
        $$"""
          - id: x
            name: test PHS
            role: resin
            density: 1.2
            polymerizableUnsaturated: {{(polymerizable ? "true" : "false")}}
            resin:
              backbone: polyhydroxystyrene
              mw: 8000
              alkaliSoluble: true
              units:
                - { id: hs, motif: hydroxystyrene, hydroxylCount: {{hydroxyl}}, molPercent: {{F(hs)}} }
        """ + (st > 0 ? $"\n        - {{ id: st, motif: styrene, molPercent: {F(st)} }}" : "")
            + (other > 0 ? $"\n        - {{ id: ma, motif: alkyl-methacrylate, molPercent: {F(other)} }}" : "");

    private static string Phenolic(string id, int rings, int groups, double mw) =>
        $$"""
          - id: {{id}}
            name: test phenolic crosslinker
            role: crosslinker
            molecularWeight: {{F(mw)}}
            density: 1.2
            crosslinker: { kind: phenolic, benzeneRings: {{rings}}, groups: {{groups}}, groupTypes: [alkoxymethyl] }
        """;

    private static string Aminoplast(string id, int groups, double mw) =>
        $$"""
          - id: {{id}}
            name: test aminoplast
            role: crosslinker
            molecularWeight: {{F(mw)}}
            density: 1.2
            nitrogenContaining: true
            crosslinker: { kind: aminoplast, skeleton: melamine, groups: {{groups}}, groupTypes: [alkoxymethyl] }
        """;

    private static ClaimStatus StatusOf(string set, int claim, string components, string extra, string? exposure = null)
    {
        var report = Fixture.Validate(set, components, exposure, catalog: extra.Length == 0 ? null : Fixture.CatalogWith(extra));
        return report.Claim(claim).Status;
    }

    private const string Ssq1 = "silsesquioxane-negative";
    private const string Dx = "dual-crosslinker-negative";
    private const string Eb = "ebeam-negative";
    private const string SsqRest = "x=100; tps-tf=3; tmgu=10";
    private const string DxRest = "; tps-nf=4";

    public static TheoryData<string, ClaimStatus, Func<ClaimStatus>> Cases() => new()
    {
        // Seed 000 claim 1: R1 is a C1-5 alkylene.
        { "000/1 R1 = 1 carbon", Satisfied, () => StatusOf(Ssq1, 1, SsqRest, Ssq(70, 30, c1: 1)) },
        { "000/1 R1 = 5 carbons", Satisfied, () => StatusOf(Ssq1, 1, SsqRest, Ssq(70, 30, c1: 5)) },
        { "000/1 R1 = 6 carbons", Violated, () => StatusOf(Ssq1, 1, SsqRest, Ssq(70, 30, c1: 6)) },
        // Seed 000 claim 2: R2 C1-5 alkylene, R3 C1-5 alkyl.
        { "000/2 R2 = 1, R3 = 1", Satisfied, () => StatusOf(Ssq1, 2, SsqRest, Ssq(65, 20, 15, c2: 1, c3: 1)) },
        { "000/2 R2 = 5, R3 = 5", Satisfied, () => StatusOf(Ssq1, 2, SsqRest, Ssq(65, 20, 15, c2: 5, c3: 5)) },
        { "000/2 R2 = 6", NotApplicable, () => StatusOf(Ssq1, 2, SsqRest, Ssq(65, 20, 15, c2: 6, c3: 1)) },
        { "000/2 R3 = 6", NotApplicable, () => StatusOf(Ssq1, 2, SsqRest, Ssq(65, 20, 15, c2: 1, c3: 6)) },
        // Seed 000 claim 3: 50-95 mol% (a1), 5-40 mol% (a2), 0-20 mol% (a3).
        { "000/3 (a1) 50, (a2) 40, (a3) 10", Satisfied, () => StatusOf(Ssq1, 3, SsqRest, Ssq(50, 40, 10)) },
        { "000/3 (a1) 49.9", Violated, () => StatusOf(Ssq1, 3, SsqRest, Ssq(49.9, 40, 10.1)) },
        { "000/3 (a1) 95, (a2) 5, (a3) 0", Satisfied, () => StatusOf(Ssq1, 3, SsqRest, Ssq(95, 5)) },
        { "000/3 (a1) 95.1", Violated, () => StatusOf(Ssq1, 3, SsqRest, Ssq(95.1, 4.9)) },
        { "000/3 (a2) 4.9", Violated, () => StatusOf(Ssq1, 3, SsqRest, Ssq(75.1, 4.9, 20)) },
        { "000/3 (a2) 40.1", Violated, () => StatusOf(Ssq1, 3, SsqRest, Ssq(50, 40.1, 9.9)) },
        { "000/3 (a3) 20", Satisfied, () => StatusOf(Ssq1, 3, SsqRest, Ssq(60, 20, 20)) },
        { "000/3 (a3) 20.1", Violated, () => StatusOf(Ssq1, 3, SsqRest, Ssq(60, 19.9, 20.1)) },
        // Seed 000 claim 4: 1,000 <= Mw <= 15,000.
        { "000/4 Mw 1000", Satisfied, () => StatusOf(Ssq1, 4, SsqRest, Ssq(70, 30, mw: 1000)) },
        { "000/4 Mw 999.9", Violated, () => StatusOf(Ssq1, 4, SsqRest, Ssq(70, 30, mw: 999.9)) },
        { "000/4 Mw 15000", Satisfied, () => StatusOf(Ssq1, 4, SsqRest, Ssq(70, 30, mw: 15000)) },
        { "000/4 Mw 15000.1", Violated, () => StatusOf(Ssq1, 4, SsqRest, Ssq(70, 30, mw: 15000.1)) },

        // Seed 001 claim 1: B-1 has >= 2 crosslinking groups, B-2 >= 2 N-CH2-O-R groups.
        { "001/1 B-1 with 2 groups", Satisfied, () => StatusOf(Dx, 1, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 1, 2, 168)) },
        { "001/1 B-1 with 1 group", Violated, () => StatusOf(Dx, 1, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 1, 1, 138)) },
        { "001/1 B-2 with 2 groups", Satisfied, () => StatusOf(Dx, 1, "phs-st-8515=100; tmom-bp=8; b2=6" + DxRest, Aminoplast("b2", 2, 214)) },
        { "001/1 B-2 with 1 group", Violated, () => StatusOf(Dx, 1, "phs-st-8515=100; tmom-bp=8; b2=6" + DxRest, Aminoplast("b2", 1, 170)) },
        // Seed 001 claim 2: formula (3) has n = 1-3 OH.
        { "001/2 n = 1", Satisfied, () => StatusOf(Dx, 2, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(85, 15, hydroxyl: 1)) },
        { "001/2 n = 3", Satisfied, () => StatusOf(Dx, 2, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(85, 15, hydroxyl: 3)) },
        { "001/2 n = 4", NotApplicable, () => StatusOf(Dx, 2, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(85, 15, hydroxyl: 4)) },
        // Seed 001 claim 6: formula (3) 50-100 mole %.
        { "001/6 formula (3) 50", Satisfied, () => StatusOf(Dx, 6, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(50, 50)) },
        { "001/6 formula (3) 49.9", Violated, () => StatusOf(Dx, 6, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(49.9, 50.1)) },
        { "001/6 formula (3) 100", Satisfied, () => StatusOf(Dx, 6, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(100, 0)) },
        // Seed 001 claim 7: formula (4)/(5)/(6) 3-50 mole %.
        { "001/7 formula (4) 3", Satisfied, () => StatusOf(Dx, 7, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(97, 3)) },
        { "001/7 formula (4) 2.9", Violated, () => StatusOf(Dx, 7, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(97.1, 2.9)) },
        { "001/7 formula (4) 50", Satisfied, () => StatusOf(Dx, 7, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(50, 50)) },
        { "001/7 formula (4) 50.1", Violated, () => StatusOf(Dx, 7, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(49.9, 50.1)) },
        { "001/7 formula (4) 47 + 3 maybe (6) = 50", Satisfied, () => StatusOf(Dx, 7, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(50, 47, 3)) },
        { "001/7 formula (4) 47 + 3.1 maybe (6)", Undecidable, () => StatusOf(Dx, 7, "x=100; tmom-bp=8; hmmm=6" + DxRest, Phs(49.9, 47, 3.1)) },
        // Seed 001 claim 8: B-1 MW <= 2,000 and 3-5 benzene rings.
        { "001/8 B-1 MW 2000, 3 rings", Satisfied, () => StatusOf(Dx, 8, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 3, 6, 2000)) },
        { "001/8 B-1 MW 2000.1", Violated, () => StatusOf(Dx, 8, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 3, 6, 2000.1)) },
        { "001/8 B-1 5 rings", Satisfied, () => StatusOf(Dx, 8, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 5, 6, 900)) },
        { "001/8 B-1 6 rings", Violated, () => StatusOf(Dx, 8, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 6, 6, 1000)) },
        { "001/8 B-1 2 rings (claim 9 covers it)", NotApplicable, () => StatusOf(Dx, 8, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 2, 4, 362)) },
        // Seed 001 claim 9: B-1 has 1-2 benzene rings.
        { "001/9 B-1 1 ring", Satisfied, () => StatusOf(Dx, 9, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 1, 2, 168)) },
        { "001/9 B-1 2 rings", Satisfied, () => StatusOf(Dx, 9, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 2, 4, 362)) },
        { "001/9 B-1 3 rings (claim 8 covers it)", NotApplicable, () => StatusOf(Dx, 9, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 3, 6, 570)) },
        { "001/9 B-1 3 rings, MW 2000.1 (neither)", Violated, () => StatusOf(Dx, 9, "phs-st-8515=100; b1=8; hmmm=6" + DxRest, Phenolic("b1", 3, 6, 2000.1)) },
        // Seed 001 claims 11/12: 0.5-50 % by weight of total solids.
        { "001/11 B-1 0.5 wt%", Satisfied, () => StatusOf(Dx, 11, "phs-st-8515=89.5; tmom-bp=0.5; hmmm=6; tps-nf=4", "") },
        { "001/11 B-1 0.49 wt%", Violated, () => StatusOf(Dx, 11, "phs-st-8515=89.51; tmom-bp=0.49; hmmm=6; tps-nf=4", "") },
        { "001/11 B-1 50 wt%", Satisfied, () => StatusOf(Dx, 11, "phs-st-8515=40; tmom-bp=50; hmmm=6; tps-nf=4", "") },
        { "001/11 B-1 50.01 wt%", Violated, () => StatusOf(Dx, 11, "phs-st-8515=39.99; tmom-bp=50.01; hmmm=6; tps-nf=4", "") },
        { "001/12 B-2 0.5 wt%", Satisfied, () => StatusOf(Dx, 12, "phs-st-8515=87.5; tmom-bp=8; hmmm=0.5; tps-nf=4", "") },
        { "001/12 B-2 0.49 wt%", Violated, () => StatusOf(Dx, 12, "phs-st-8515=87.51; tmom-bp=8; hmmm=0.49; tps-nf=4", "") },
        { "001/12 B-2 50 wt%", Satisfied, () => StatusOf(Dx, 12, "phs-st-8515=38; tmom-bp=8; hmmm=50; tps-nf=4", "") },
        { "001/12 B-2 50.01 wt%", Violated, () => StatusOf(Dx, 12, "phs-st-8515=37.99; tmom-bp=8; hmmm=50.01; tps-nf=4", "") },
        // Seed 001 claim 13: B-1/B-2 from 3/97 to 97/3 by mole (equal MW, so mole share = weight share).
        { "001/13 3/97", Satisfied, () => StatusOf(Dx, 13, "phs-st-8515=80; b1=0.48; b2=15.52; tps-nf=4", Phenolic("b1", 1, 2, 200) + "\n" + Aminoplast("b2", 2, 200)) },
        { "001/13 2.99/97.01", Violated, () => StatusOf(Dx, 13, "phs-st-8515=80; b1=0.4784; b2=15.5216; tps-nf=4", Phenolic("b1", 1, 2, 200) + "\n" + Aminoplast("b2", 2, 200)) },
        { "001/13 97/3", Satisfied, () => StatusOf(Dx, 13, "phs-st-8515=80; b1=15.52; b2=0.48; tps-nf=4", Phenolic("b1", 1, 2, 200) + "\n" + Aminoplast("b2", 2, 200)) },
        { "001/13 97.01/2.99", Violated, () => StatusOf(Dx, 13, "phs-st-8515=80; b1=15.5216; b2=0.4784; tps-nf=4", Phenolic("b1", 1, 2, 200) + "\n" + Aminoplast("b2", 2, 200)) },

        // Seed 002 claim 3: formula (a) has n = 1-3 OR2 groups.
        { "002/3 n = 1", Satisfied, () => StatusOf(Eb, 3, "x=100; tps-tf=5; hmmm=12; dpha=8", Phs(100, 0, hydroxyl: 1), "e-beam 100") },
        { "002/3 n = 3", Satisfied, () => StatusOf(Eb, 3, "x=100; tps-tf=5; hmmm=12; dpha=8", Phs(100, 0, hydroxyl: 3), "e-beam 100") },
        { "002/3 n = 4", NotApplicable, () => StatusOf(Eb, 3, "x=100; tps-tf=5; hmmm=12; dpha=8", Phs(100, 0, hydroxyl: 4), "e-beam 100") },
        // Seed 002 claims 8/17: at least 75 KeV (a use: below it the use is not applicable, never violated).
        { "002/8 75 keV", Satisfied, () => StatusOf(Eb, 8, "phs-8k=100; tps-tf=5; hmmm=12; dpha=8", "", "e-beam 75") },
        { "002/8 74.999 keV", NotApplicable, () => StatusOf(Eb, 8, "phs-8k=100; tps-tf=5; hmmm=12; dpha=8", "", "e-beam 74.999") },
        { "002/17 75 keV", Satisfied, () => StatusOf(Eb, 17, "phs-mas-8515=100; nhn-tf=5; hmmm=10", "", "e-beam 75") },
        { "002/17 74.999 keV", NotApplicable, () => StatusOf(Eb, 17, "phs-mas-8515=100; nhn-tf=5; hmmm=10", "", "e-beam 74.999") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bound(string name, ClaimStatus expected, Func<ClaimStatus> actual) => Assert.True(expected == actual(), name);
}
