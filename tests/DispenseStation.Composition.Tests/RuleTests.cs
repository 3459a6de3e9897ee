using DispenseStation.Composition.Claims;

namespace DispenseStation.Composition.Tests;

public class RuleTests
{
    public static IEnumerable<object[]> Cases() => RuleCases.All.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_gives_expected_status(RuleCase c)
    {
        var catalog = c.ExtraMaterials is null ? null : Fixture.CatalogWith(c.ExtraMaterials);
        var report = Fixture.Validate(c.ClaimSet, c.Components, c.Exposure, c.Uses, catalog);
        var result = report.Claim(c.Claim);
        Assert.True(c.Expected == result.Status, $"{c}{Environment.NewLine}{report}");
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    /// <summary>Every decidable rule has a Satisfied case and a failing (non-Satisfied) case; fixed-undecidable rules have their case.</summary>
    [Fact]
    public void Every_rule_of_every_claim_set_has_a_passing_and_a_failing_case()
    {
        var missing = new List<string>();
        foreach (var set in ClaimSets.All)
            foreach (var rule in set.Rules)
            {
                var cases = RuleCases.All.Where(c => c.ClaimSet == set.Id && c.Claim == rule.Number).ToList();
                if (rule.DecidedByRule)
                {
                    if (!cases.Any(c => c.Expected == ClaimStatus.Satisfied)) missing.Add($"{set.Id} {rule.Number}: no passing case");
                    if (!cases.Any(c => c.Expected != ClaimStatus.Satisfied)) missing.Add($"{set.Id} {rule.Number}: no failing case");
                }
                else if (!cases.Any(c => c.Expected == ClaimStatus.Undecidable))
                    missing.Add($"{set.Id} {rule.Number}: no case");
            }
        Assert.Empty(missing);
    }

    /// <summary>Window rules (wt%, mol%, Mw, molar ratio, keV) must have a Violated case, not just "not applicable".</summary>
    [Theory]
    [InlineData("silsesquioxane-negative", new[] { 1, 3, 4 })]
    [InlineData("dual-crosslinker-negative", new[] { 1, 6, 7, 8, 9, 10, 11, 12, 13 })]
    [InlineData("ebeam-negative", new[] { 1, 4, 5, 6, 7, 9, 13, 14, 15, 16 })]
    public void Constraining_rules_have_a_violated_case(string claimSet, int[] claims)
    {
        foreach (var claim in claims)
            Assert.Contains(RuleCases.All, c => c.ClaimSet == claimSet && c.Claim == claim && c.Expected == ClaimStatus.Violated);
    }

    [Fact]
    public void Each_rule_quotes_its_claim_and_claim_numbers_are_complete()
    {
        var expectedCounts = new Dictionary<string, int>
        {
            ["silsesquioxane-negative"] = 9, ["dual-crosslinker-negative"] = 14, ["ebeam-negative"] = 17,
        };
        foreach (var set in ClaimSets.All)
        {
            Assert.Equal(Enumerable.Range(1, expectedCounts[set.Id]), set.Rules.Select(r => r.Number));
            Assert.All(set.Rules, r => Assert.True(r.Quote.Length > 10, $"{set.Id} claim {r.Number} quote"));
            Assert.All(set.Rules.Where(r => r.Parent is not null), r => Assert.True(r.Parent < r.Number));
        }
    }

    [Theory]
    [InlineData("silsesquioxane-negative", 9, new int[0])]
    [InlineData("dual-crosslinker-negative", 13, new[] { 14 })]
    [InlineData("ebeam-negative", 16, new[] { 10 })]
    public void Claims_decided_by_rules_per_seed(string claimSet, int decided, int[] alwaysUndecidable)
    {
        var set = ClaimSets.Get(claimSet);
        Assert.Equal(decided, set.Rules.Count(r => r.DecidedByRule));
        Assert.Equal(alwaysUndecidable, set.Rules.Where(r => !r.DecidedByRule).Select(r => r.Number));
        Assert.All(set.Rules.Where(r => !r.DecidedByRule), r => Assert.False(string.IsNullOrWhiteSpace(r.UndecidableReason)));
    }

    [Fact]
    public void Verdict_is_indeterminate_when_the_only_independent_claim_is_undecidable()
    {
        var catalog = Fixture.CatalogWith(RuleCases.SsqNoR1Count);
        var report = Fixture.Validate("silsesquioxane-negative", "ssq-unknown-spacer=100; tps-tf=3; tmgu=10", catalog: catalog);
        Assert.Equal(Verdict.Indeterminate, report.Verdict);
        Assert.Equal(ClaimStatus.Undecidable, report.Claim(1).Status);
        Assert.Contains("resin.units[hpx].alkyleneCarbons", report.Claim(1).Message);
        Assert.Equal(ClaimStatus.Undecidable, report.Claim(4).Status);
    }

    /// <summary>Use and intended-use wording (000 claims 6-9, 002 claims 1/9 preamble, 8, 17) is never violated.</summary>
    [Theory]
    [InlineData("silsesquioxane-negative", new[] { 6, 7, 8, 9 })]
    [InlineData("ebeam-negative", new[] { 8, 17 })]
    public void Use_claims_have_no_violated_case(string claimSet, int[] claims)
    {
        foreach (var claim in claims)
            Assert.DoesNotContain(RuleCases.All, c => c.ClaimSet == claimSet && c.Claim == claim && c.Expected == ClaimStatus.Violated);
        foreach (var exposure in new[] { "krf", "i-line", "e-beam 10", "e-beam 74.999", "x-ray" })
        {
            var components = claimSet == "ebeam-negative" ? "phs-8k=100; tps-tf=5; hmmm=12; dpha=8" : "ssq-hpe-ph-7030=100; tps-tf=3; tmgu=10";
            var report = Fixture.Validate(claimSet, components, exposure);
            Assert.All(claims, c => Assert.NotEqual(ClaimStatus.Violated, report.Claim(c).Status));
            Assert.Equal(Verdict.Compliant, report.Verdict);
        }
    }

    [Fact]
    public void Undecidable_dependent_claim_does_not_block_a_compliant_verdict()
    {
        var report = Fixture.Validate("ebeam-negative", "phs-mas-8515=100; nhn-tf=5; hmmm=10", "e-beam 100");
        Assert.Equal(Verdict.Compliant, report.Verdict);
        Assert.Equal(new[] { 10 }, report.UndecidableClaims);
    }
}
