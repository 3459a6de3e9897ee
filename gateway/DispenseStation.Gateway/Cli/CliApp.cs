using System.CommandLine;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// The command line of the gateway executable: validate, plan, batch run, stations, batches (and serve, the default).
/// Offline commands read the recipe library next to the executable; the others talk to a running gateway's HTTP API.
/// </summary>
public static class CliApp
{
    private static readonly string[] Commands = ["validate", "plan", "batch", "stations", "batches", "tune", "--help", "-h", "-?", "--version"];

    /// <summary>True when <paramref name="args"/> name a CLI command; anything else (no args, config switches, "serve") runs the service.</summary>
    public static bool Handles(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static Task<int> RunAsync(string[] args) => Build().Parse(args).InvokeAsync();

    public static RootCommand Build()
    {
        var root = new RootCommand("DispenseStation gateway. Without a command (or with 'serve' and configuration switches) it runs the service.");
        root.Subcommands.Add(new Command("serve", "Run the gateway service (the default): broker, API, dashboard."));
        root.Subcommands.Add(OfflineCommands.Validate());
        root.Subcommands.Add(OfflineCommands.Plan());
        var batch = new Command("batch", "Run and follow batches on a running gateway.");
        batch.Subcommands.Add(BatchRunCommand.Create());
        root.Subcommands.Add(batch);
        root.Subcommands.Add(ListCommands.Stations());
        root.Subcommands.Add(ListCommands.Batches());
        root.Subcommands.Add(TuneCommand.Create());
        return root;
    }

    public static Option<string> GatewayOption() => new("--gateway")
    {
        Description = "Base URL of the gateway's HTTP API",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DISPENSE_GATEWAY") ?? "http://127.0.0.1:5080",
    };
}
