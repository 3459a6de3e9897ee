using System.CommandLine;
using System.Text.Json;
using DispenseStation.Gateway.Orchestration;
using Spectre.Console;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// tune BATCH...: step-response figures of each bake step of recorded batches, side by side; tune gains and
/// tune autotune read and set a station's gains (see <see cref="TuneGainsCommands"/>).
/// </summary>
public static class TuneCommand
{
    public static Command Create()
    {
        var batches = new Argument<string[]>("BATCH") { Description = "Batch ids to compare", Arity = ArgumentArity.OneOrMore };
        var gateway = CliApp.GatewayOption();
        var cmd = new Command("tune", "Bake step responses of recorded batches (overshoot, rise, settling); 'tune gains' and 'tune autotune' for a station's PID gains.")
            { batches, gateway, TuneGainsCommands.Gains(), TuneGainsCommands.Autotune() };
        cmd.SetAction((r, ct) => ListCommands.RunAsync(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            var table = new Table().AddColumns("batch", "step", "setpoint °C", "start °C", "overshoot °C", "rise 10-90 % s", "settle s", "mean error °C", "points");
            foreach (var id in r.GetValue(batches)!)
            {
                var detail = await client.GetAsync($"api/batches/{Uri.EscapeDataString(id)}", ct);
                var trace = detail.GetProperty("bakeTrace").EnumerateArray().ToList();
                foreach (var step in detail.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "bake"))
                {
                    var index = step.GetProperty("index").GetInt32();
                    var points = trace.Where(p => p.GetProperty("step").GetInt32() == index).ToList();
                    if (points.Count == 0) continue;
                    var t0 = points[0].GetProperty("at").GetDateTimeOffset();
                    var response = StepResponse.Of(
                        points.Select(p => ((p.GetProperty("at").GetDateTimeOffset() - t0).TotalSeconds, p.GetProperty("plateC").GetDouble())).ToList(),
                        step.GetProperty("setpointC").GetDouble(), step.GetProperty("bandC").GetDouble());
                    table.AddRow(Markup.Escape(id), Markup.Escape(step.GetProperty("name").GetString()!), F(response.SetpointC, "0.0"), F(response.StartC, "0.00"),
                        F(response.OvershootC, "0.000"), F(response.RiseS, "0.0"), F(response.SettleS, "0.0"), F(response.MeanErrorAfterSettleC, "0.000"),
                        response.Points.ToString());
                }
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("[grey]Figures from recorded bake traces; 'tune gains STATION' shows or sets the gains that produced them.[/]");
            return 0;
        }));
        return cmd;
    }

    private static string F(double? v, string format) => v is { } x && double.IsFinite(x) ? x.ToString(format) : "–";
}
