using DispenseStation.Composition.Claims;

namespace DispenseStation.Composition.Tests;

/// <summary>Open ("comprising") claims: each element names the component(s) meeting it and lists the others as also present.</summary>
public class OpenReadingTests
{
    private static Claims.Elements.ElementFinding ElementOf(ValidationReport report, int claim, string elementStart) =>
        Assert.Single(report.Claim(claim).Elements, e => e.Element.StartsWith(elementStart, StringComparison.Ordinal));

    [Fact]
    public void Melamine_plus_benzoguanamine_meets_claim_10_with_benzoguanamine_also_present()
    {
        var report = Fixture.Validate("dual-crosslinker-negative", "phs-st-8515=100; tmom-bp=8; hmmm=3; tmbg=3; tps-nf=4");
        var e = ElementOf(report, 10, "(B-2)");
        Assert.Equal(ClaimStatus.Satisfied, e.Status);
        Assert.Equal(new[] { "hmmm" }, e.Meeting);
        Assert.Equal(new[] { "tmbg" }, e.AlsoPresent);
        Assert.Contains("also present: tmbg (benzoguanamine skeleton", report.Claim(10).Message);
        Assert.Equal(Verdict.Compliant, report.Verdict);
    }

    [Fact]
    public void Two_b1_meet_claims_8_and_9_each_and_claims_11_and_13_count_both()
    {
        var report = Fixture.Validate("dual-crosslinker-negative", "phs-st-8515=100; bhmpc=4; hmom-tphap=4; hmmm=6; tps-nf=4");
        Assert.Equal(new[] { "hmom-tphap" }, ElementOf(report, 8, "(B-1)").Meeting);
        Assert.Equal(new[] { "bhmpc" }, ElementOf(report, 8, "(B-1)").AlsoPresent);
        Assert.Equal(new[] { "bhmpc" }, ElementOf(report, 9, "(B-1)").Meeting);
        Assert.Equal(new[] { "bhmpc", "hmom-tphap" }, ElementOf(report, 11, "B-1").Meeting);
        Assert.Contains("basis: sum over every B-1 component", report.Claim(11).Message);
        Assert.Contains("every B-1 (bhmpc, hmom-tphap)", report.Claim(13).Message);
        Assert.Equal(Verdict.Compliant, report.Verdict);
    }

    [Fact]
    public void Onium_sulfonate_plus_diazomethane_meets_claims_4_and_5()
    {
        var report = Fixture.Validate("ebeam-negative", "phs-8k=100; tps-tf=3; bcsdm=3; hmmm=12; dpha=8", "e-beam 100");
        Assert.Equal(new[] { "tps-tf" }, ElementOf(report, 4, "(A)").Meeting);
        Assert.Equal(new[] { "bcsdm" }, ElementOf(report, 4, "(A)").AlsoPresent);
        Assert.Equal(new[] { "bcsdm" }, ElementOf(report, 5, "(A)").Meeting);
        Assert.Equal(Verdict.Compliant, report.Verdict);
    }

    [Fact]
    public void Resin_blend_one_resin_meets_the_mol_percent_and_mw_claims()
    {
        var report = Fixture.Validate("silsesquioxane-negative", "ssq-hpe-ph-7030=70; ssq-hpe-ph-4060=30; tps-tf=3; tmgu=10");
        Assert.Equal(new[] { "ssq-hpe-ph-7030" }, ElementOf(report, 3, "unit mol%").Meeting);
        Assert.Equal(new[] { "ssq-hpe-ph-4060" }, ElementOf(report, 3, "unit mol%").AlsoPresent);
        Assert.Equal(new[] { "ssq-hpe-ph-7030", "ssq-hpe-ph-4060" }, ElementOf(report, 4, "Mw").Meeting);
        Assert.Equal(Verdict.Compliant, report.Verdict);
    }

    [Fact]
    public void Blend_mw_is_the_weight_fraction_mean_and_the_report_says_so()
    {
        var report = Fixture.Validate("silsesquioxane-negative", "ssq-hpe-ph-8020-hmw=30; ssq-low=70; tps-tf=3; tmgu=10",
            catalog: Fixture.CatalogWith("""
                  - id: ssq-low
                    name: SSQ 70:30, Mw 900
                    role: resin
                    density: 1.2
                    resin:
                      backbone: silsesquioxane
                      mw: 900
                      alkaliSoluble: true
                      units:
                        - { id: hpe, motif: ssq-hydroxyphenylalkyl, alkyleneCarbons: 2, molPercent: 70 }
                        - { id: ph, motif: ssq-phenyl, molPercent: 30 }
                """));
        var e = ElementOf(report, 4, "Mw");
        Assert.Equal(ClaimStatus.Satisfied, e.Status);
        Assert.Contains("Mw of the blend is 7230", e.Detail); // 0.3 x 22000 + 0.7 x 900
        Assert.Equal("weight-fraction mean of Mw over ssq-hpe-ph-8020-hmw, ssq-low", e.Basis);
    }

    [Fact]
    public void Radical_generator_meets_seed_002_element_a_but_not_the_acid_generator_of_seeds_000_and_001()
    {
        var eb = Fixture.Validate("ebeam-negative", "phs-8k=100; dmpa=5; hmmm=12; dpha=8", "e-beam 100");
        Assert.Equal(new[] { "dmpa" }, ElementOf(eb, 1, "(A)").Meeting);
        var ssq = Fixture.Validate("silsesquioxane-negative", "ssq-hpe-ph-7030=100; dmpa=3; tmgu=10");
        Assert.Equal(new[] { "dmpa" }, ElementOf(ssq, 1, "(B)").AlsoPresent);
        Assert.Equal(ClaimStatus.Violated, ssq.Claim(1).Status);
    }

    [Fact]
    public void Nitrogen_free_base_meets_organic_basic_compound_but_not_nitrogen_containing_compound()
    {
        var eb = Fixture.Validate("ebeam-negative", "phs-8k=100; tps-tf=5; hmmm=12; dpha=8; top=0.5", "e-beam 100");
        Assert.Equal(new[] { "top" }, ElementOf(eb, 2, "(E)").Meeting);
        var dx = Fixture.Validate("dual-crosslinker-negative", "phs-st-8515=100; tmom-bp=8; hmmm=6; tps-nf=4; top=0.5");
        Assert.Equal(ClaimStatus.NotApplicable, dx.Claim(3).Status);
        Assert.Equal(new[] { "top" }, ElementOf(dx, 3, "(D)").AlsoPresent);
    }

    [Fact]
    public void Every_element_of_every_claim_is_reported()
    {
        var report = Fixture.Validate("ebeam-negative", "phs-8k=100; tps-tf=5; hmmm=12; dpha=8", "krf");
        Assert.Equal(5, report.Claim(1).Elements.Count);
        Assert.Contains("intended-use wording does not limit", report.Claim(1).Message);
        // Claims 1-9 are evaluated (9 as the alternative independent claim); 10-17 hang under claim 9, which does not apply.
        Assert.All(report.Claims.Where(c => c.Claim <= 9), c => Assert.NotEmpty(c.Elements));
    }
}
