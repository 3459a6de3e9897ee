namespace DispenseStation.Gateway.Tests.App;

/// <summary>validate, plan and batch run take the same RECIPE: a file, or an example id ('recipes' lists them).</summary>
[Collection("console")]
public sealed class CliRecipeIdTests
{
    private const string Example = "silsesquioxane-negative/ok-bilayer-ebeam";

    [Fact]
    public async Task Validate_and_plan_accept_the_example_ids_batch_run_accepts()
    {
        var list = await CliRun.InProcessAsync("recipes");
        Assert.Equal(0, list.Exit);
        Assert.Contains(Example, list.Out);
        Assert.Contains("silsesquioxane-negative/ok-terpolymer-magnetic-head", list.Out);

        var validate = await CliRun.InProcessAsync("validate", Example);
        Assert.True(validate.Exit == 0, validate.Err);
        Assert.Contains("Compliant", validate.Out);

        var plan = await CliRun.InProcessAsync("plan", Example, "--station", "ds-01");
        Assert.True(plan.Exit == 0, plan.Err);
        Assert.Contains("ssq-hpe-ph-7030", plan.Out);
    }

    [Fact]
    public async Task Every_listed_example_id_validates_without_an_input_error()
    {
        var list = await CliRun.InProcessAsync("recipes");
        var ids = list.Out.Split('\n').Select(l => l.Split('│', StringSplitOptions.TrimEntries)).Where(c => c.Length > 2 && c[1].Contains('/')).Select(c => c[1]).ToList();
        Assert.True(ids.Count >= 10, list.Out);
        foreach (var id in ids)
        {
            var r = await CliRun.InProcessAsync("validate", id);
            Assert.True(r.Exit is 0 or 1, $"{id}: {r.Err}"); // compliant or not, never "bad input"
        }
    }

    [Fact]
    public async Task A_mistyped_example_id_is_refused_with_the_nearest_one()
    {
        var r = await CliRun.InProcessAsync("validate", "silsesquioxane-negative/ok-bilayer-ebeem");
        Assert.Equal(2, r.Exit);
        Assert.Contains("error: RECIPE: 'silsesquioxane-negative/ok-bilayer-ebeem' is neither a file nor an example recipe id " +
            $"(did you mean '{Example}'?); 'recipes' lists the example ids", r.Err);
    }

    [Fact]
    public async Task A_missing_yaml_file_is_named_as_a_file_everywhere()
    {
        var validate = await CliRun.InProcessAsync("validate", "no-such-recipe.yaml");
        Assert.Contains($"error: RECIPE: file '{Path.GetFullPath("no-such-recipe.yaml")}' does not exist", validate.Err);
        var run = await CliRun.InProcessAsync("batch", "run", "no-such-recipe.yaml", "--station", "vs-01", "--gateway", "http://127.0.0.1:9");
        Assert.Equal(2, run.Exit);
        Assert.Contains($"error: RECIPE: file '{Path.GetFullPath("no-such-recipe.yaml")}' does not exist", run.Err);
    }
}
