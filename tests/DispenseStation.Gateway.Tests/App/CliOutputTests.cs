using System.Diagnostics;
using System.Text.RegularExpressions;
using DispenseStation.Gateway.Tests.Support;
using Spectre.Console;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>
/// What the CLI writes is fit for where it goes: piped, no escape codes and no 80-column wrapping whatever TERM says;
/// on a terminal, colours unless NO_COLOR is set. The terminal cases run the executable under util-linux 'script',
/// which gives it a real pseudo-terminal.
/// </summary>
public sealed partial class CliOutputTests
{
    private const string Example = "ebeam-negative/ok-acid-and-radical-generators-phosphine-base";
    private const string LongFinding = "claim 2 Satisfied: (E) organic basic compound: met by top (nitrogen-free organic base)";

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Sgr();

    /// <summary>An SGR sequence that sets a foreground or background colour (30-38, 40-48, 90-97, 100-107).</summary>
    [GeneratedRegex(@"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")]
    private static partial Regex ColourSgr();

    [Fact]
    public async Task Piped_output_has_no_escape_codes_and_long_lines_stay_whole()
    {
        using var dir = new TempDir("ds-cli-");
        var r = await CliRun.ExecutableAsync(dir.Path, new Dictionary<string, string?> { ["TERM"] = "xterm-256color", ["COLUMNS"] = "80", ["NO_COLOR"] = null },
            "validate", Example, "--all", "--details");
        Assert.True(r.Exit == 0, r.Err);
        Assert.DoesNotContain('\x1b', r.Out);
        Assert.Contains(LongFinding, r.Out.Split('\n').Select(l => l.Trim()));
        Assert.True(r.Out.Split('\n').Max(l => l.Length) > 80, "some line is longer than 80 columns");
    }

    [Fact]
    public async Task A_terminal_gets_colours_and_NO_COLOR_takes_them_away()
    {
        var coloured = await OnTerminalAsync(null, "validate", Example, "--all");
        Assert.Matches(ColourSgr(), coloured);

        var plain = await OnTerminalAsync("1", "validate", Example, "--all");
        Assert.Contains("Compliant", plain);
        Assert.DoesNotMatch(ColourSgr(), plain);
    }

    [Fact]
    public void The_console_for_a_pipe_never_emits_escape_codes_nor_wraps()
    {
        using var output = new StringWriter();
        var console = DispenseStation.Gateway.Cli.CliConsole.Create(output, redirected: true, noColor: null);
        console.MarkupLine("[green]" + new string('x', 200) + "[/]");
        Assert.DoesNotMatch(Sgr(), output.ToString());
        Assert.Contains(new string('x', 200), output.ToString());
    }

    /// <summary>Runs the executable on a pseudo-terminal 100 columns wide and returns what it printed there.</summary>
    private static async Task<string> OnTerminalAsync(string? noColor, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DispenseStation.Gateway.dll");
        var command = "stty cols 100 rows 40; exec dotnet " + string.Join(' ', new[] { dll }.Concat(args).Select(a => "'" + a + "'"));
        var psi = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "-qefc", command, "/dev/null" }) psi.ArgumentList.Add(a);
        psi.Environment["TERM"] = "xterm-256color";
        psi.Environment["COLORTERM"] = "truecolor";
        if (noColor is null) psi.Environment.Remove("NO_COLOR");
        else psi.Environment["NO_COLOR"] = noColor;
        var r = await CliRun.WaitAsync(psi);
        Assert.True(r.Exit == 0, r.Out + r.Err);
        return r.Out;
    }
}
