using System.CommandLine;
using System.CommandLine.Parsing;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// Command-line mistakes, all on standard error in plain text (no colour codes, so NO_COLOR and pipes need no care):
/// "error: unknown command 'staions' (did you mean 'stations'?)", the parser's other errors in words, then the help of
/// the command the mistake was made in. Exit code <see cref="CliApp.UsageExit"/>.
/// </summary>
public static class UsageErrors
{
    public static int Write(ParseResult parse, TextWriter error)
    {
        var command = parse.CommandResult.Command;
        var unmatched = parse.UnmatchedTokens;
        var candidates = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
            .Concat(command.Options.Where(o => !o.Hidden).Select(o => o.Name)).ToList();
        foreach (var token in unmatched)
        {
            if (command is RootCommand && ServeCommand.Accepts(token))
            {
                // The old habit: configuration switches alone used to start the service.
                error.WriteLine($"error: '{token}' is a switch of '{ServeCommand.Name}': the service starts only with '{ServeCommand.Name} {token} ...'");
                continue;
            }
            var near = Suggestions.Nearest(token, candidates);
            var what = command.Subcommands.Count > 0 && !token.StartsWith('-') ? "command" : "argument";
            var where = command.Parents.Any() ? $" for '{PathOf(command)}'" : "";
            error.WriteLine($"error: unknown {what} '{token}'{where}{(near is null ? "" : $" (did you mean '{near}'?)")}");
        }
        // "Required command was not provided" after an unknown command says the same thing again.
        static bool IsMissingCommand(ParseError e) => e.SymbolResult is CommandResult { Command: { Action: null, Subcommands.Count: > 0 } };
        var missingCommand = parse.Errors.Any(IsMissingCommand);
        foreach (var e in parse.Errors.Where(e => !unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))
                     && !(unmatched.Count > 0 && IsMissingCommand(e))))
            error.WriteLine($"error: {e.Message}");
        if (unmatched.Count > 0 || missingCommand)
        {
            // Lost in the command tree: show where one can go from here.
            error.WriteLine();
            WriteHelp(command, error);
        }
        else error.WriteLine($"('{Prefixed(command)} --help' lists its arguments and options)");
        return CliApp.UsageExit;
    }

    /// <summary>No command at all: the service used to start here; now it says which command does.</summary>
    public static int NoCommand(RootCommand root, TextWriter error)
    {
        error.WriteLine($"error: no command given; '{ServeCommand.Name}' runs the gateway service, the others are listed below");
        error.WriteLine();
        WriteHelp(root, error);
        return CliApp.UsageExit;
    }

    /// <summary>The command's own --help (System.CommandLine's help builder is reachable only through its help option).</summary>
    private static void WriteHelp(Command command, TextWriter error)
    {
        Symbol root = command;
        while (root.Parents.FirstOrDefault() is { } parent) root = parent;
        var path = PathOf(command);
        var tokens = (path.Length == 0 ? [] : path.Split(' ')).Append("--help").ToArray();
        ((Command)root).Parse(tokens).Invoke(new InvocationConfiguration { Output = error, Error = error });
    }

    private static string Prefixed(Command command) => PathOf(command) is { Length: > 0 } path ? path : command.Name;

    private static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c && c.Parents.Any(); s = c.Parents.FirstOrDefault()) names.Insert(0, c.Name);
        return string.Join(' ', names);
    }
}
