using DispenseStation.Gateway.Cli;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>The command line redirects the process console, so these tests do not run in parallel with each other.</summary>
[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection("console")]
public sealed class CliTests
{
    private static string Recipe(string id) => CliRun.Recipe(id);

    private static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => CliRun.InProcessAsync(args);

    [Fact]
    public async Task Validate_exits_0_for_compliant_1_for_violating_2_for_bad_input()
    {
        var ok = await RunAsync("validate", Recipe("silsesquioxane-negative/ok-bilayer-ebeam"));
        Assert.Equal(0, ok.Exit);
        Assert.Contains("Compliant", ok.Out);

        var bad = await RunAsync("validate", Recipe("silsesquioxane-negative/violates-4-high-mw"));
        Assert.Equal(1, bad.Exit);
        Assert.Contains("Violated", bad.Out);
        Assert.Contains("NonCompliant", bad.Out);

        var missing = await RunAsync("validate", "/no/such/recipe.yaml");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("RECIPE: file '/no/such/recipe.yaml' does not exist", missing.Err);
    }

    [Fact]
    public async Task Validate_all_prints_every_claim_set_side_by_side()
    {
        var ok = await RunAsync("validate", Recipe("ebeam-negative/ok-acid-and-radical-generators-phosphine-base"), "--all", "--details");
        Assert.Equal(0, ok.Exit);
        Assert.Contains("silsesquioxane-negative", ok.Out);
        Assert.Contains("dual-crosslinker-negative", ok.Out);
        Assert.Contains("claim 2 Satisfied: (E) organic basic compound: met by top (nitrogen-free organic base)", ok.Out);

        var none = await RunAsync("validate", Recipe("ebeam-negative/violates-4-5-radical-generator-only"), "--all");
        Assert.Equal(1, none.Exit);
    }

    [Fact]
    public async Task Plan_prints_doses_or_names_the_missing_material()
    {
        var ok = await RunAsync("plan", Recipe("silsesquioxane-negative/ok-bilayer-ebeam"), "--station", "ds-01", "--grams", "100");
        Assert.Equal(0, ok.Exit);
        Assert.Contains("ssq-hpe-ph-7030", ok.Out);
        Assert.Contains("bakeProfiles.postExposure: peb-110", ok.Out);

        var wrong = await RunAsync("plan", Recipe("silsesquioxane-negative/ok-bilayer-ebeam"), "--station", "ds-02");
        Assert.Equal(2, wrong.Exit);
        Assert.Contains("components[ssq-hpe-ph-7030]: material 'ssq-hpe-ph-7030' is not loaded on any channel of station ds-02", wrong.Err);
    }

    [Fact]
    public async Task Batch_run_follows_a_batch_to_complete_and_stations_and_batches_list_it()
    {
        await using var h = await AppHarness.StartAsync();
        await h.ConnectStationAsync("ds-01");
        var url = h.Http.BaseAddress!.ToString();

        var run = await RunAsync("batch", "run", "silsesquioxane-negative/ok-terpolymer-magnetic-head", "--station", "ds-01",
            "--grams", "80", "--operator", "cli", "--lot", "pgmea=PG-1", "--gateway", url);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        Assert.Contains("Complete", run.Out);
        Assert.Contains("fc-4430", run.Out);

        var batchId = System.Text.RegularExpressions.Regex.Match(run.Out, @"b-\d{8}-\d{6}-[0-9a-f]{6}").Value;
        var tune = await RunAsync("tune", batchId, "--gateway", url);
        Assert.True(tune.Exit == 0, tune.Out + tune.Err);
        Assert.DoesNotContain("post-apply bake", tune.Out); // a new batch has no bake steps: bakes are bake jobs
        Assert.Contains("tune gains STATION", tune.Out);

        var shown = await RunAsync("tune", "gains", "ds-02", "--gateway", url);
        Assert.True(shown.Exit == 0, shown.Out + shown.Err);
        Assert.Contains("not-reported", shown.Out);
        var bad = await RunAsync("tune", "gains", "ds-01", "--kp", "0", "--ti", "60", "--td", "0", "--gateway", url);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("kp: must be greater than 0", bad.Err);
        var autotuneRefused = await RunAsync("tune", "autotune", "ds-02", "--target-c", "110", "--gateway", url);
        Assert.Equal(2, autotuneRefused.Exit);
        Assert.Contains("never connected", autotuneRefused.Err);

        var stations = await RunAsync("stations", "--gateway", url);
        Assert.Equal(0, stations.Exit);
        Assert.Contains("ds-01", stations.Out);
        Assert.Contains("online", stations.Out);

        var batches = await RunAsync("batches", "--gateway", url);
        Assert.Equal(0, batches.Exit);
        Assert.Contains(Support.TestUserHandler.Name, batches.Out); // the signed-in caller, not --operator

        var refused = await RunAsync("batch", "run", "silsesquioxane-negative/ok-terpolymer-magnetic-head", "--station", "ds-02", "--operator", "cli", "--gateway", url);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("error: refused by the gateway: station ds-02 lacks materials", refused.Err);
        Assert.Contains("not loaded on any channel of station ds-02", refused.Err);
    }
}
