using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>
/// A mistyped or unknown command is refused in words, naming it and the nearest command, with the help, exit 2; and it
/// starts nothing: before, "help" or "staions" fell through to the service, which opened 5080 and 1883 and created a
/// database in the current folder.
/// </summary>
[Collection("console")]
public sealed class CliUsageErrorTests
{
    [Fact]
    public async Task Staions_is_refused_with_the_nearest_command_and_the_help()
    {
        var r = await CliRun.InProcessAsync("staions");
        Assert.Equal(2, r.Exit);
        Assert.Contains("error: unknown command 'staions' (did you mean 'stations'?)", r.Err);
        Assert.Contains("Commands:", r.Err);
        Assert.Contains("serve", r.Err);
        Assert.DoesNotContain("Required command was not provided", r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task Help_typed_as_a_command_points_to_dash_dash_help()
    {
        var r = await CliRun.InProcessAsync("help");
        Assert.Equal(2, r.Exit);
        Assert.Contains("error: unknown command 'help' (did you mean '--help'?)", r.Err);
        Assert.Contains("Commands:", r.Err);
    }

    [Fact]
    public async Task A_word_far_from_every_command_gets_no_suggestion()
    {
        var r = await CliRun.InProcessAsync("frobnicate");
        Assert.Equal(2, r.Exit);
        Assert.Contains("error: unknown command 'frobnicate'" + Environment.NewLine, r.Err);
        Assert.DoesNotContain("did you mean", r.Err);
    }

    [Fact]
    public async Task No_command_says_that_serve_runs_the_service()
    {
        var r = await CliRun.InProcessAsync();
        Assert.Equal(2, r.Exit);
        Assert.Contains("error: no command given; 'serve' runs the gateway service", r.Err);
        Assert.Contains("Commands:", r.Err);
    }

    [Fact]
    public async Task A_mistyped_subcommand_is_named_with_its_parent()
    {
        var r = await CliRun.InProcessAsync("batch", "runn", "x", "--station", "vs-01");
        Assert.Equal(2, r.Exit);
        Assert.Contains("error: unknown command 'runn' for 'batch' (did you mean 'run'?)", r.Err);
    }

    [Fact]
    public async Task Serve_refuses_a_mistyped_switch_before_opening_anything()
    {
        using var dir = new TempDir("ds-serve-");
        var r = await CliRun.InProcessAsync("serve", "--htp-urls", "http://127.0.0.1:0", "--connection-string", $"Data Source={dir.File("g.db")}");
        Assert.Equal(2, r.Exit);
        Assert.Contains("error: serve: unknown switch '--htp-urls' (did you mean '--http-urls'?)", r.Err);
        Assert.False(File.Exists(dir.File("g.db")));
    }

    [Theory]
    [InlineData("staions", "error: unknown command 'staions' (did you mean 'stations'?)")]
    [InlineData("help", "error: unknown command 'help' (did you mean '--help'?)")]
    [InlineData("--http-urls", "error: '--http-urls' is a switch of 'serve': the service starts only with 'serve --http-urls ...'")]
    public async Task The_executable_exits_at_once_and_leaves_no_database_behind(string mistake, string expected)
    {
        using var dir = new TempDir("ds-cli-");
        var r = await CliRun.ExecutableAsync(dir.Path, null, mistake);
        Assert.Equal(2, r.Exit);
        Assert.Contains(expected, r.Err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
