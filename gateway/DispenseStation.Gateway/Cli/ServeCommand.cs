using System.CommandLine;
using DispenseStation.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// serve: the gateway service (broker, storage, API, dashboard) until Ctrl-C or SIGTERM. Takes the short switches of
/// <see cref="CommandLineSwitches"/>, any setting as --Section:Key=value, and the host's own --urls, --environment,
/// --contentRoot and --AllowedHosts; any other switch is refused before anything is opened or created.
/// </summary>
public static class ServeCommand
{
    public const string Name = "serve";

    /// <summary>Host settings that have no section: ASP.NET Core reads them by these names.</summary>
    private static readonly string[] HostKeys = ["urls", "environment", "contentRoot", "applicationName", "AllowedHosts"];

    public static Command Create()
    {
        var cmd = new Command(Name, "Run the gateway service: MQTT broker (embedded or external), storage, HTTP API and dashboard. " +
            "Any setting also works as --Section:Key=value (e.g. --Gateway:Stations:0:Id=vs-01).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var (name, key) in CommandLineSwitches.Map) cmd.Options.Add(new Option<string>(name) { Description = $"Sets {key}" });
        cmd.SetAction(async (parse, ct) =>
        {
            var unknown = parse.UnmatchedTokens.Where(t => t.StartsWith('-') && !IsSettingSwitch(t)).ToList();
            if (unknown.Count > 0)
            {
                foreach (var u in unknown)
                    Console.Error.WriteLine($"error: serve: unknown switch '{u}'{Suggest(u)}. Switches: {string.Join(", ", CommandLineSwitches.Map.Keys)}, " +
                        "--urls, or any setting as --Section:Key=value.");
                return CliApp.UsageExit;
            }
            // The tokens as given after "serve" (switches the parser split, like --a=b, stay in the --a b form the host reads).
            var args = parse.Tokens.Skip(1).Select(t => t.Value).ToArray();
            return await RunServiceAsync(args);
        });
        return cmd;
    }

    /// <summary>True for a switch serve takes (a short switch, a host key or --Section:Key).</summary>
    public static bool Accepts(string token) =>
        token.StartsWith('-') && (CommandLineSwitches.Map.ContainsKey(token.Split('=', 2)[0]) || IsSettingSwitch(token));

    private static bool IsSettingSwitch(string token)
    {
        var key = token.TrimStart('-', '/').Split('=', 2)[0];
        return key.Contains(':') || HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase);
    }

    private static string Suggest(string token)
    {
        var key = token.Split('=', 2)[0];
        return Suggestions.Nearest(key, CommandLineSwitches.Map.Keys.Concat(HostKeys.Select(k => "--" + k))) is { } near ? $" (did you mean '{near}'?)" : "";
    }

    private static async Task<int> RunServiceAsync(string[] args)
    {
        try
        {
            await GatewayApp.Create(args).RunAsync();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine("Configuration is invalid:");
            foreach (var failure in e.Failures) Console.Error.WriteLine($"  {failure}");
            return 2;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("configuration value", StringComparison.OrdinalIgnoreCase))
        {
            // The binder's message names the key and value, e.g. 'Gateway:Mqtt:Mode' with value 'Embeded'.
            Console.Error.WriteLine($"Configuration is invalid: {e.Message}");
            return 2;
        }
    }
}
