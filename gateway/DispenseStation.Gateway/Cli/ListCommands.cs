using System.CommandLine;
using Spectre.Console;

namespace DispenseStation.Gateway.Cli;

/// <summary>stations and batches: tables of what a running gateway knows.</summary>
public static class ListCommands
{
    public static Command Stations()
    {
        var gateway = CliApp.GatewayOption();
        var cmd = new Command("stations", "List stations with their live state.") { gateway };
        cmd.SetAction((r, ct) => RunAsync(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            var table = new Table().AddColumns("station", "online", "firmware", "PackML", "batch", "step", "scale g", "plate °C", "alarms");
            foreach (var s in (await client.GetAsync("api/stations", ct)).EnumerateArray())
            {
                var t = s.GetProperty("lastTelemetry");
                table.AddRow(Str(s, "id"), s.GetProperty("online").GetBoolean() ? "[green]online[/]" : "[red]offline[/]", Str(s, "firmware"),
                    Str(s, "packMlState"), Str(s, "batchId"), Str(s, "stepName"),
                    t.ValueKind == System.Text.Json.JsonValueKind.Object ? Num(t, "scaleGrams", "0.000") : "",
                    t.ValueKind == System.Text.Json.JsonValueKind.Object ? Num(t, "plateC", "0.00") : "",
                    Markup.Escape(string.Join(", ", s.GetProperty("activeAlarms").EnumerateArray().Select(a => a.GetString()))));
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return cmd;
    }

    public static Command Batches()
    {
        var gateway = CliApp.GatewayOption();
        var station = CliInputs.StationOption("Only this station's batches", required: false);
        var limit = new Option<int>("--limit") { Description = "How many, newest first", DefaultValueFactory = _ => 20 };
        var cmd = new Command("batches", "List batches, newest first.") { gateway, station, limit };
        cmd.SetAction((r, ct) => RunAsync(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            var query = $"api/batches?limit={r.GetValue(limit)}" + (r.GetValue(station) is { } s ? $"&station={Uri.EscapeDataString(s)}" : "");
            var table = new Table().AddColumns("batch", "station", "recipe", "g", "operator", "state", "created", "reason");
            foreach (var b in (await client.GetAsync(query, ct)).EnumerateArray())
                table.AddRow(Str(b, "id"), Str(b, "stationId"), Str(b, "recipeName"), Num(b, "batchGrams", "0.###"), Str(b, "operator"),
                    OfflineCommands.StatusMarkup(Str(b, "state")), Str(b, "createdAt"), Str(b, "stateReason"));
            AnsiConsole.Write(table);
            return 0;
        }));
        return cmd;
    }

    internal static string Str(System.Text.Json.JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? Markup.Escape(v.GetString()!) : "";

    internal static string Num(System.Text.Json.JsonElement e, string name, string format) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetDouble().ToString(format) : "";

    internal static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try { return await body(); }
        catch (CliException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
