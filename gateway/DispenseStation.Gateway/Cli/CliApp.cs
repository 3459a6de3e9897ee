using System.CommandLine;
using System.CommandLine.Invocation;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// The command line of the gateway executable. Only <c>serve</c> runs the service; every other command is a tool:
/// offline ones (validate, plan, recipes, hash-password, user add) read the files next to the executable, the rest talk
/// to a running gateway's HTTP API. A mistyped or unknown command is refused with the help (see <see cref="UsageErrors"/>),
/// so nothing ever starts a broker or creates a database by accident.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code of a command-line mistake (the same as bad input to validate and plan).</summary>
    public const int UsageExit = 2;

    /// <summary>Parses and runs; usage errors go to standard error with the help of the command they concern.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (args.Length == 0) return UsageErrors.NoCommand(root, Console.Error);
        if (parse.Errors.Count > 0) return UsageErrors.Write(parse, Console.Error);
        // The service owns Ctrl-C and SIGTERM (graceful host shutdown); the tools let the parser cancel them.
        var serving = parse.CommandResult.Command.Name == ServeCommand.Name;
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = serving ? null : TimeSpan.FromSeconds(2) });
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("DispenseStation gateway. 'serve' runs the service; the other commands are tools that never start it.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(OfflineCommands.Validate());
        root.Subcommands.Add(OfflineCommands.Plan());
        root.Subcommands.Add(RecipesCommand.Create());
        var batch = new Command("batch", "Run and follow batches on a running gateway.");
        batch.Subcommands.Add(BatchRunCommand.Create());
        root.Subcommands.Add(batch);
        root.Subcommands.Add(ListCommands.Stations());
        root.Subcommands.Add(ListCommands.Batches());
        root.Subcommands.Add(TuneCommand.Create());
        root.Subcommands.Add(LoginCommands.Login());
        root.Subcommands.Add(LoginCommands.Logout());
        root.Subcommands.Add(UserCommands.Create());
        root.Subcommands.Add(HashPasswordCommand.Create());
        root.Subcommands.Add(BakeJobs.BakeCli.Create());
        return root;
    }

    public static Option<string> GatewayOption() => new("--gateway")
    {
        Description = "Base URL of the gateway's HTTP API",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DISPENSE_GATEWAY") ?? "http://127.0.0.1:5080",
    };
}
