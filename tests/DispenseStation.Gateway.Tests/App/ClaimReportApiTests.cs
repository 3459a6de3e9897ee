namespace DispenseStation.Gateway.Tests.App;

/// <summary>POST /api/recipes/validate-all: one recipe against every claim set, each claim with its element findings.</summary>
public sealed class ClaimReportApiTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Validate_all_reports_every_claim_set_side_by_side_with_meeting_components()
    {
        var (status, body) = await _h.PostAsync("/api/recipes/validate-all", new { recipe = "dual-crosslinker-negative/ok-two-b1-melamine-benzoguanamine" });
        Assert.Equal(200, status);
        Assert.Equal("dual-crosslinker-negative", body.GetProperty("namedClaimSet").GetString());
        var sets = body.GetProperty("claimSets").EnumerateArray().ToList();
        Assert.Equal(new[] { "silsesquioxane-negative", "dual-crosslinker-negative", "ebeam-negative" }, sets.Select(s => s.GetProperty("claimSet").GetString()));
        Assert.Equal(new[] { "dual-crosslinker-negative" }, body.GetProperty("compliantWith").EnumerateArray().Select(x => x.GetString()));

        var dual = sets[1];
        var claim10 = dual.GetProperty("claims").EnumerateArray().Single(c => c.GetProperty("claim").GetInt32() == 10);
        var element = claim10.GetProperty("elements").EnumerateArray().Single();
        Assert.Equal(new[] { "hmmm" }, element.GetProperty("meeting").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(new[] { "tmbg" }, element.GetProperty("alsoPresent").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task Validate_all_names_the_field_of_unreadable_recipes()
    {
        var (status, body) = await _h.PostAsync("/api/recipes/validate-all", new { recipeYaml = "name: x\nclaimSet: ebeam-negative\nbatchGrams: -1\n" });
        Assert.Equal(400, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "batchGrams");
    }
}
