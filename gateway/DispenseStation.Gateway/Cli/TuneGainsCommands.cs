using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// tune gains STATION [--kp --ti --td]: show the hotplate gains a station reported, or set new ones;
/// tune autotune STATION --target-c C [--rule R --max-c C --max-s S]: start a relay autotune.
/// Both go through the gateway's API (same checks, same audit log).
/// </summary>
public static class TuneGainsCommands
{
    public static Command Gains()
    {
        var station = CliInputs.StationArgument();
        var kp = new Option<double?>("--kp") { Description = "Proportional gain, heater duty per °C (> 0)" };
        var ti = new Option<double?>("--ti") { Description = "Integral time, s (0 = no integral)" };
        var td = new Option<double?>("--td") { Description = "Derivative time, s (0 = no derivative)" };
        var engineer = new Option<string?>("--engineer") { Description = "Who makes the change (audit log)" };
        var gateway = CliApp.GatewayOption();
        var cmd = new Command("gains", "Show a station's hotplate PID gains, or set them with --kp, --ti and --td.") { station, kp, ti, td, engineer, gateway };
        cmd.SetAction((r, ct) => ListCommands.RunAsync(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            var id = Uri.EscapeDataString(r.GetValue(station)!);
            if (r.GetValue(kp) is not null || r.GetValue(ti) is not null || r.GetValue(td) is not null)
            {
                await client.PostAsync($"api/stations/{id}/tuning/gains",
                    new { kp = r.GetValue(kp), ti = r.GetValue(ti), td = r.GetValue(td), engineer = r.GetValue(engineer) }, ct);
                AnsiConsole.MarkupLine("[green]gains applied by the station[/]");
            }
            Show(await client.GetAsync($"api/stations/{id}/tuning", ct));
            return 0;
        }));
        return cmd;
    }

    public static Command Autotune()
    {
        var station = CliInputs.StationArgument();
        var target = new Option<double?>("--target-c") { Description = "Temperature the relay oscillates around, °C", Required = true };
        var rule = new Option<string?>("--rule") { Description = "ziegler-nichols, tyreus-luyben, simc, lambda or simc-pid (station default otherwise)" };
        var maxC = new Option<double?>("--max-c") { Description = "Abort above this temperature, °C" };
        var maxS = new Option<double?>("--max-s") { Description = "Abort after this long, s" };
        var engineer = new Option<string?>("--engineer") { Description = "Who starts it (audit log)" };
        var gateway = CliApp.GatewayOption();
        var cmd = new Command("autotune", "Start a relay autotune of a station's hotplate; the result arrives as a tuning event (see tune gains).")
            { station, target, rule, maxC, maxS, engineer, gateway };
        cmd.SetAction((r, ct) => ListCommands.RunAsync(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            await client.PostAsync($"api/stations/{Uri.EscapeDataString(r.GetValue(station)!)}/tuning/autotune", new
            {
                targetC = r.GetValue(target), rule = r.GetValue(rule), maxC = r.GetValue(maxC), maxS = r.GetValue(maxS), engineer = r.GetValue(engineer),
            }, ct);
            AnsiConsole.MarkupLine("[green]autotune started[/]; follow it with [bold]tune gains " + Markup.Escape(r.GetValue(station)!) + "[/]");
            return 0;
        }));
        return cmd;
    }

    private static void Show(JsonElement t)
    {
        var table = new Table().AddColumns("station", "status", "kp duty/°C", "ti s", "td s", "autotune running");
        table.AddRow(Markup.Escape(t.GetProperty("station").GetString()!), Markup.Escape(t.GetProperty("status").GetString()!),
            Num(t, "kp", "0.000000"), Num(t, "ti", "0.00"), Num(t, "td", "0.00"), t.GetProperty("autotuneRunning").GetBoolean() ? "yes" : "no");
        AnsiConsole.Write(table);
        if (t.GetProperty("lastAutotune") is { ValueKind: JsonValueKind.Object } a)
        {
            var last = new Table().AddColumns("last autotune", "rule", "Ku", "Pu s", "model K °C/duty", "tau s", "dead time s", "message");
            last.AddRow(Markup.Escape(a.GetProperty("status").GetString()!), Markup.Escape(a.GetProperty("rule").GetString() ?? "–"), Num(a, "ku", "0.00000"),
                Num(a, "puS", "0.00"), Num(a, "modelGainCPerDuty", "0.0"), Num(a, "tauS", "0.0"), Num(a, "deadTimeS", "0.00"),
                Markup.Escape(a.GetProperty("message").GetString() ?? ""));
            AnsiConsole.Write(last);
        }
    }

    private static string Num(JsonElement e, string name, string format) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble().ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "–";
}
