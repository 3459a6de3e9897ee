using System.Text.RegularExpressions;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Tests;

/// <summary>
/// Every file under gateway/recipes/&lt;claim-set&gt;/ says in its name what the report must say: "ok-*" is
/// compliant with no violated claim; "violates-4-5-*" violates exactly claims 4 and 5.
/// </summary>
public class ExampleRecipeTests
{
    public static IEnumerable<object[]> Examples() =>
        Directory.GetFiles(Path.Combine(Fixture.DataDir, "recipes"), "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(Fixture.DataDir, "recipes"), f))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_validates_as_its_name_says(string relativePath)
    {
        var path = Path.Combine(Fixture.DataDir, "recipes", relativePath);
        var recipe = RecipeParser.Parse(File.ReadAllText(path), relativePath, Fixture.ShippedCatalog);
        Assert.Equal(Path.GetDirectoryName(relativePath), recipe.ClaimSetId);

        var report = RecipeValidator.Validate(recipe);
        var name = Path.GetFileNameWithoutExtension(path);
        if (name.StartsWith("ok-", StringComparison.Ordinal))
        {
            Assert.True(report.Verdict == Verdict.Compliant, report.ToString());
            Assert.Empty(report.ViolatedClaims);
        }
        else
        {
            var match = Regex.Match(name, @"^violates-((?:\d+-)+)");
            Assert.True(match.Success, $"example name '{name}' must start with ok- or violates-<claim>-");
            var expected = match.Groups[1].Value.TrimEnd('-').Split('-').Select(int.Parse).OrderBy(n => n).ToList();
            Assert.True(report.Verdict == Verdict.NonCompliant, report.ToString());
            Assert.True(expected.SequenceEqual(report.ViolatedClaims), $"expected violated {string.Join(",", expected)}; {report}");
        }
    }

    [Fact]
    public void Each_claim_set_has_two_compliant_examples_and_several_violations()
    {
        foreach (var set in ClaimSets.All)
        {
            var files = Directory.GetFiles(Path.Combine(Fixture.DataDir, "recipes", set.Id), "*.yaml").Select(Path.GetFileName).ToList();
            Assert.True(files.Count(f => f!.StartsWith("ok-")) >= 2, set.Id);
            Assert.True(files.Count(f => f!.StartsWith("violates-")) >= 3, set.Id);
        }
    }

    [Fact]
    public void Violation_message_gives_the_numbers()
    {
        var path = Path.Combine(Fixture.DataDir, "recipes", "dual-crosslinker-negative", "violates-11-b1-62pct.yaml");
        var report = RecipeValidator.Validate(RecipeParser.Parse(File.ReadAllText(path), path, Fixture.ShippedCatalog));
        Assert.Equal("B-1 content: B-1 (tmom-bp) is 62.0 wt% of solids, claim 11 allows 0.5-50 wt% of solids (basis: sum over every B-1 component)",
            report.Claim(11).Message);
    }
}
