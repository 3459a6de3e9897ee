using Spectre.Console;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// How tables, markup and progress bars reach the user. On a terminal: colours unless NO_COLOR is set (no-color.org:
/// any non-empty value), the terminal's width. Piped or redirected: no escape codes at all, no live redraws, and lines
/// as long as their content (Spectre would otherwise wrap at 80 columns, breaking every line-oriented tool downstream).
/// </summary>
public static class CliConsole
{
    /// <summary>Width given to redirected output: wide enough that no table or message of this CLI wraps.</summary>
    public const int PipedWidth = 4096;

    public static void ConfigureForProcess() =>
        AnsiConsole.Console = Create(Console.Out, Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR"));

    public static IAnsiConsole Create(TextWriter output, bool redirected, string? noColor)
    {
        var plain = !string.IsNullOrEmpty(noColor);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected || plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(output),
        });
        if (redirected) console.Profile.Width = PipedWidth;
        return console;
    }
}
