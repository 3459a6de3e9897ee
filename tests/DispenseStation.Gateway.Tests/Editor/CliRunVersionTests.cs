using System.Net.Http.Json;
using DispenseStation.Gateway.Editor;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Editor;

/// <summary>The command line runs a saved recipe version with `batch run ID --version N`, and names a draft's refusal in words.</summary>
[Collection("console")]
public sealed class CliRunVersionTests
{
    private const string Id = "silsesquioxane-negative/ok-terpolymer-magnetic-head";

    [Fact]
    public async Task Batch_run_with_a_version_runs_that_saved_version_and_refuses_a_draft()
    {
        await using var h = await AppHarness.StartAsync();
        await h.ConnectStationAsync("ds-01");
        var url = h.Http.BaseAddress!.ToString();
        var shipped = await File.ReadAllTextAsync(CliRun.Recipe(Id));
        var v1 = shipped.Replace("batchGrams: 150", "batchGrams: 90");
        Assert.Equal(201, (await h.PostAsync($"/api/recipe-versions/{Id}", new { yaml = v1, note = "90 g for the CLI test" })).Status);
        Assert.Equal(201, (await h.PostAsync($"/api/recipe-versions/{Id}", new { yaml = shipped.Replace("ssq-hpe-ph-mpe-652015", "ssq-hpe-ph-8020-hmw"), note = "high Mw trial", draft = true })).Status);

        var run = await CliRun.InProcessAsync("batch", "run", Id, "--version", "1", "--station", "ds-01", "--gateway", url);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        Assert.Contains("Complete", run.Out);
        var batchId = System.Text.RegularExpressions.Regex.Match(run.Out, @"b-\d{8}-\d{6}-[0-9a-f]{6}").Value;
        var source = (await h.GetJsonAsync($"/api/batches/{batchId}")).GetProperty("recipeSource");
        Assert.Equal((1, ContentHash.Of(v1)), (source.GetProperty("version").GetInt32(), source.GetProperty("sha256").GetString()));

        var draft = await CliRun.InProcessAsync("batch", "run", Id, "--version", "2", "--station", "ds-01", "--gateway", url);
        Assert.NotEqual(0, draft.Exit);
        Assert.Contains($"version 2 of '{Id}' is a draft (NonCompliant with silsesquioxane-negative): drafts are never run", draft.Err);
    }
}
