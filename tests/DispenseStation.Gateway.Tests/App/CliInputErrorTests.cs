using DispenseStation.Composition.Recipes;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>
/// Input mistakes are refused at parse time, naming the argument and the rule, before anything is planned or sent:
/// batch sizes (plan --grams -5 used to print a plan of negative doses) and station ids (VS-01 is read as vs-01; what
/// cannot be a station id is refused with the reason).
/// </summary>
[Collection("console")]
public sealed class CliInputErrorTests
{
    private static readonly string Ok = CliRun.Recipe("silsesquioxane-negative/ok-bilayer-ebeam");

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("100000.001")]
    public async Task Plan_refuses_a_batch_size_out_of_range_with_the_rule(string grams)
    {
        var r = await CliRun.InProcessAsync("plan", Ok, "--station", "ds-01", "--grams", grams);
        Assert.Equal(2, r.Exit);
        Assert.Contains($"error: --grams: the batch size must be more than 0 g and at most 100000 g (got {grams} g)", r.Err);
        Assert.Contains("'plan --help' lists its arguments and options", r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task The_largest_batch_size_passes_the_argument_check()
    {
        Assert.Equal(100_000, RecipeParser.MaxBatchGrams);
        var r = await CliRun.InProcessAsync("plan", Ok, "--station", "ds-01", "--grams", "100000");
        Assert.DoesNotContain("--grams", r.Err); // whatever the planner says of 100 kg, the size itself is accepted
    }

    [Fact]
    public async Task Plan_refuses_grams_that_are_not_a_number()
    {
        var r = await CliRun.InProcessAsync("plan", Ok, "--station", "ds-01", "--grams", "abc");
        Assert.Equal(2, r.Exit);
        Assert.Contains("error: --grams: 'abc' is not a number of grams", r.Err);
    }

    [Fact]
    public async Task Batch_run_refuses_a_negative_batch_before_calling_the_gateway()
    {
        var r = await CliRun.InProcessAsync("batch", "run", "silsesquioxane-negative/ok-terpolymer-magnetic-head", "--station", "vs-01",
            "--grams", "-5", "--gateway", "http://127.0.0.1:9");
        Assert.Equal(2, r.Exit);
        Assert.Contains("error: --grams: the batch size must be more than 0 g", r.Err);
        Assert.DoesNotContain("cannot reach", r.Err);
    }

    [Fact]
    public async Task An_upper_case_station_id_is_read_in_lower_case()
    {
        var r = await CliRun.InProcessAsync("plan", Ok, "--station", " DS-01 ", "--grams", "100");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Contains("on ds-01", r.Out);
    }

    [Theory]
    [InlineData("ds_01", "'ds_01' is not a station id: only letters, digits and '-' are allowed, not '_' (position 3)")]
    [InlineData("vs/01", "'vs/01' is not a station id: only letters, digits and '-' are allowed, not '/' (position 3)")]
    [InlineData("", "'' is not a station id: station id is empty")]
    public async Task A_station_id_that_cannot_be_one_is_refused_with_the_reason(string id, string reason)
    {
        var plan = await CliRun.InProcessAsync("plan", Ok, "--station", id);
        Assert.Equal(2, plan.Exit);
        Assert.Contains("error: --station: " + reason, plan.Err);

        var gains = await CliRun.InProcessAsync("tune", "gains", id, "--gateway", "http://127.0.0.1:9");
        Assert.Equal(2, gains.Exit);
        Assert.Contains("error: STATION: " + reason, gains.Err);
    }

    [Fact]
    public async Task A_station_id_one_character_too_long_is_refused_and_the_longest_accepted()
    {
        var longest = new string('a', DispenseStation.Protocol.StationId.MaxLength);
        var atLimit = await CliRun.InProcessAsync("plan", Ok, "--station", longest);
        Assert.Contains($"--station: no channel map '{longest}.yaml'", atLimit.Err); // accepted as an id, then looked up

        var tooLong = await CliRun.InProcessAsync("plan", Ok, "--station", longest + "a");
        Assert.Equal(2, tooLong.Exit);
        Assert.Contains($"station id is longer than {DispenseStation.Protocol.StationId.MaxLength} characters", tooLong.Err);
    }
}
