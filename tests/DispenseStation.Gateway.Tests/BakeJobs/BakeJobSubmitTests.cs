using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.BakeJobs;

/// <summary>
/// What a bake-job submission is refused for before anything reaches a station (offline, held by a dispense batch, a
/// resist batch whose recipe names other bake profiles; the alarmed station is in VirtualStationBakeJobTests), and the recipe's own bake-profile references, against
/// scripted stations over the embedded broker.
/// </summary>
public sealed class BakeJobSubmitTests : IAsyncLifetime
{
    private AppHarness _h = null!;
    private const string Ok = "silsesquioxane-negative/ok-terpolymer-magnetic-head"; // names pab-100 and peb-110

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<(int Status, System.Text.Json.JsonElement Body)> SubmitJobAsync(string profile = "peb-110", string? resist = null) =>
        _h.PostAsync("/api/bake-jobs", new { station = "ds-01", profile, wafers = 1, resistBatchId = resist });

    [Fact]
    public async Task A_bake_job_on_an_offline_station_is_refused_with_the_reason()
    {
        var (status, body) = await SubmitJobAsync();
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "station" && e.Rule.Contains("never connected"));

        var station = await _h.ConnectStationAsync("ds-01");
        await station.CrashAsync();
        await AppHarness.WaitForAsync(async () => !(await _h.GetJsonAsync("/api/stations/ds-01")).GetProperty("online").GetBoolean(), "last will");
        (status, body) = await SubmitJobAsync();
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "station" && e.Rule == "station 'ds-01' is offline");
        Assert.Empty((await _h.GetJsonAsync("/api/bake-jobs")).EnumerateArray());
    }

    [Fact]
    public async Task A_bake_job_on_a_station_a_dispense_batch_holds_is_refused_naming_the_batch()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.PauseBeforeStep = 2;
        var (s, b) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "ana" });
        Assert.True(s == 201, $"batch: {s} {b}");
        var batch = b.GetProperty("id").GetString()!;
        await _h.WaitForBatchStateAsync(batch, "Held");

        var (status, body) = await SubmitJobAsync();
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "station" && e.Rule.Contains("busy with batch " + batch));
        Assert.DoesNotContain("bake-job", station.CommandsSeen);
    }

    [Fact]
    public async Task A_bake_job_naming_a_resist_batch_runs_a_profile_its_recipe_names()
    {
        await _h.ConnectStationAsync("ds-01");
        var (s, b) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "ana" });
        Assert.True(s == 201, $"batch: {s} {b}");
        var batch = b.GetProperty("id").GetString()!;
        await _h.WaitForBatchStateAsync(batch, "Complete");

        var (saved, savedBody) = await _h.PostAsync("/api/bake-profiles", new { yaml = """
            name: hard-150
            version: 1
            process: other
            wafer: { size: 200mm }
            segments:
              - { setpointC: 150, holdS: 60, bandC: 0.5 }
            tolerances: { timeOnPlateS: 3 }
            """, note = "a hard bake for the test" });
        Assert.True(saved == 201, $"profile: {saved} {savedBody}");

        var (status, body) = await SubmitJobAsync("hard-150", batch);
        Assert.Equal(400, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "profile"
            && e.Rule == $"batch {batch}'s recipe names the bake profiles pab-100 (postApply), peb-110 (postExposure); 'hard-150' is not one of them");

        // A profile the recipe names passes this check (what the scripted station then answers is another matter).
        (status, body) = await SubmitJobAsync("peb-110", batch);
        Assert.NotEqual(400, status);

        (status, body) = await SubmitJobAsync("peb-110", "b-none");
        Assert.Equal(400, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "resistBatchId" && e.Rule == "no batch 'b-none'");
    }

    [Theory]
    [InlineData("{ postApply: pab-999 }", "bakeProfiles.postApply", "no bake profile 'pab-999' (known: pab-100, peb-110)")]
    [InlineData("{ postApply: peb-110 }", "bakeProfiles.postApply", "bake profile 'peb-110' is a post-exposure bake, not post-apply")]
    [InlineData("{ postApply: pab-100, postExposure: pab-100 }", "bakeProfiles.postExposure", "bake profile 'pab-100' is a post-apply bake, not post-exposure")]
    public async Task A_batch_whose_recipe_names_a_missing_or_misfit_bake_profile_is_refused(string profiles, string field, string rule)
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "library", "recipes", Ok + ".yaml"))
            .Replace("bakeProfiles: { postApply: pab-100, postExposure: peb-110 }", "bakeProfiles: " + profiles);
        var (status, body) = await _h.PostAsync("/api/batches", new { recipeYaml = yaml, station = "ds-01", @operator = "ana" });
        Assert.Equal(400, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == field && e.Rule == rule);
        Assert.Empty(station.CommandsSeen);
    }
}
