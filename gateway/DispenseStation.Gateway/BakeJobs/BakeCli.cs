using System.CommandLine;
using System.Text.Json;
using DispenseStation.Gateway.Cli;
using Spectre.Console;

namespace DispenseStation.Gateway.BakeJobs;

/// <summary>
/// bake profiles | bake save FILE | bake run | bake jobs | bake show ID | bake wafer-down/wafer-removed/abort ID:
/// bake jobs over a running gateway's API. run waits for the job to end (polling) and prints the wafer table.
/// </summary>
public static class BakeCli
{
    public static Command Create()
    {
        var bake = new Command("bake", "Bake profiles and bake jobs on a running gateway.");
        bake.Subcommands.Add(Profiles());
        bake.Subcommands.Add(Save());
        bake.Subcommands.Add(Run());
        bake.Subcommands.Add(Jobs());
        bake.Subcommands.Add(Show());
        foreach (var command in new[] { "wafer-down", "wafer-removed", "abort" }) bake.Subcommands.Add(Button(command));
        return bake;
    }

    private static Command Profiles()
    {
        var gateway = CliApp.GatewayOption();
        var cmd = new Command("profiles", "List bake profiles (latest versions).") { gateway };
        cmd.SetAction((r, ct) => Guard(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            var table = new Table().AddColumns("profile", "version", "process", "wafer", "segments", "time on plate s");
            foreach (var p in (await client.GetAsync("api/bake-profiles", ct)).EnumerateArray())
                table.AddRow(S(p, "name"), p.GetProperty("version").GetInt32().ToString(), S(p, "process"), S(p.GetProperty("wafer"), "name"),
                    string.Join(", ", p.GetProperty("segments").EnumerateArray().Select(s => $"{s.GetProperty("setpointC").GetDouble():0.0} °C {s.GetProperty("holdS").GetDouble():0} s")),
                    p.GetProperty("plannedS").GetDouble().ToString("0"));
            AnsiConsole.Write(table);
            return 0;
        }));
        return cmd;
    }

    private static Command Save()
    {
        var gateway = CliApp.GatewayOption();
        var file = new Argument<FileInfo>("file") { Description = "The profile's YAML file" };
        var engineer = new Option<string>("--engineer") { Description = "Who saves it (recorded)", Required = true };
        var note = new Option<string>("--note") { Description = "What changed and why (stored with the version)", Required = true };
        var cmd = new Command("save", "Save a bake profile as its next version.") { gateway, file, engineer, note };
        cmd.SetAction((r, ct) => Guard(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            var yaml = await File.ReadAllTextAsync(r.GetValue(file)!.FullName, ct);
            var saved = await client.PostAsync("api/bake-profiles", new { yaml, engineer = r.GetValue(engineer), note = r.GetValue(note) }, ct);
            Console.WriteLine($"saved {saved.GetProperty("name").GetString()} version {saved.GetProperty("version").GetInt32()}");
            return 0;
        }));
        return cmd;
    }

    private static Command Run()
    {
        var gateway = CliApp.GatewayOption();
        var station = new Option<string>("--station") { Required = true, Description = "Station id" };
        var profile = new Option<string>("--profile") { Required = true, Description = "Bake profile name" };
        var version = new Option<int?>("--version") { Description = "Profile version (default: latest)" };
        var wafers = new Option<int>("--wafers") { Required = true, Description = "How many wafers" };
        var resist = new Option<string?>("--resist-batch") { Description = "The resist batch the wafers were coated with" };
        var op = new Option<string>("--operator") { Required = true, Description = "Who runs it" };
        var cmd = new Command("run", "Start a bake job and follow it to its end.") { gateway, station, profile, version, wafers, resist, op };
        cmd.SetAction((r, ct) => Guard(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            var job = await client.PostAsync("api/bake-jobs", new
            {
                station = r.GetValue(station), profile = r.GetValue(profile), profileVersion = r.GetValue(version), wafers = r.GetValue(wafers),
                resistBatchId = r.GetValue(resist), @operator = r.GetValue(op),
            }, ct);
            string id = job.GetProperty("id").GetString()!;
            Console.WriteLine($"bake job {id} started");
            string? lastPrompt = null;
            while (true)
            {
                var d = await client.GetAsync($"api/bake-jobs/{id}", ct);
                var state = d.GetProperty("job").GetProperty("state").GetString();
                if (d.TryGetProperty("live", out var live) && live.ValueKind == JsonValueKind.Object && live.GetProperty("prompt").GetString() is { } prompt && prompt != lastPrompt)
                {
                    Console.WriteLine(prompt);
                    lastPrompt = prompt;
                }
                if (state != BakeJobStates.Running)
                {
                    WriteWafers(d);
                    return state == BakeJobStates.Complete ? 0 : 1;
                }
                await Task.Delay(1000, ct);
            }
        }));
        return cmd;
    }

    private static Command Jobs()
    {
        var gateway = CliApp.GatewayOption();
        var cmd = new Command("jobs", "List bake jobs, newest first.") { gateway };
        cmd.SetAction((r, ct) => Guard(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            var table = new Table().AddColumns("job", "station", "profile", "wafers", "passed", "state");
            foreach (var j in (await client.GetAsync("api/bake-jobs", ct)).EnumerateArray())
            {
                var job = j.GetProperty("job");
                var s = j.GetProperty("summary");
                table.AddRow(S(job, "id"), S(job, "stationId"), $"{S(job, "profileName")} v{job.GetProperty("profileVersion").GetInt32()}",
                    $"{s.GetProperty("done").GetInt32()}/{job.GetProperty("wafers").GetInt32()}", s.GetProperty("passed").GetInt32().ToString(), S(job, "state"));
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return cmd;
    }

    private static Command Show()
    {
        var gateway = CliApp.GatewayOption();
        var id = new Argument<string>("id") { Description = "Bake job id" };
        var cmd = new Command("show", "Show a bake job's wafer records.") { gateway, id };
        cmd.SetAction((r, ct) => Guard(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            WriteWafers(await client.GetAsync($"api/bake-jobs/{Uri.EscapeDataString(r.GetValue(id)!)}", ct));
            return 0;
        }));
        return cmd;
    }

    private static Command Button(string command)
    {
        var gateway = CliApp.GatewayOption();
        var id = new Argument<string>("id") { Description = "Bake job id" };
        var wafer = new Option<int?>("--wafer") { Description = "The wafer (1-based, as the prompt shows it)" };
        var op = new Option<string>("--operator") { Required = true, Description = "Who presses" };
        var already = new Option<bool>("--already-down")
        {
            Description = "wafer-down only: the wafer was on the plate when the station withdrew its wafer-down; time it from that landing",
        };
        var cmd = new Command(command, $"Send {command} for a running bake job.") { gateway, id, wafer, op };
        if (command == "wafer-down") cmd.Options.Add(already);
        cmd.SetAction((r, ct) => Guard(async () =>
        {
            using var client = new GatewayClient(r.GetValue(gateway)!);
            bool alreadyDown = command == "wafer-down" && r.GetValue(already);
            await client.PostAsync($"api/bake-jobs/{Uri.EscapeDataString(r.GetValue(id)!)}/{command}",
                new { wafer = r.GetValue(wafer) is { } w ? w - 1 : (int?)null, @operator = r.GetValue(op), alreadyDown = alreadyDown ? true : (bool?)null }, ct);
            Console.WriteLine(alreadyDown ? $"{command} (already down): accepted" : $"{command}: accepted");
            return 0;
        }));
        return cmd;
    }

    private static void WriteWafers(JsonElement d)
    {
        var job = d.GetProperty("job");
        Console.WriteLine($"{job.GetProperty("id").GetString()}: {job.GetProperty("state").GetString()} {(job.TryGetProperty("stateReason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : "")}");
        var table = new Table().AddColumns("wafer", "source", "lag s", "on plate s", "withdrawn", "removal", "dip °C", "±0.1 °C after s", "dose/ideal", "result");
        foreach (var w in d.GetProperty("wafers").EnumerateArray())
            table.AddRow((w.GetProperty("wafer").GetInt32() + 1).ToString(), S(w, "downSource"), N(w, "detectLagS", "0.00"), N(w, "timeOnPlateS", "0.00"),
                Withdrawn(w), S(w, "removal"), N(w, "dipC", "0.00"), N(w, "recoverS", "0.0"), $"{N(w, "doseCs", "0")}/{N(w, "idealDoseCs", "0")}",
                w.GetProperty("passed").GetBoolean() ? "[green]pass[/]" : "[red]fail[/] " + S(w, "failures"));
        AnsiConsole.Write(table);
        var s = d.GetProperty("summary");
        Console.WriteLine($"{s.GetProperty("passed").GetInt32()} passed, {s.GetProperty("failed").GetInt32()} failed of {s.GetProperty("wafers").GetInt32()}");
    }

    // Count, and each withdrawal's landing (job seconds) for the reviewer.
    private static string Withdrawn(JsonElement w)
    {
        if (!w.TryGetProperty("withdrawals", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0) return "0";
        return list.GetArrayLength() + ": " + string.Join(", ", list.EnumerateArray().Select(x => "t " + N(x, "downTimeS", "0.0") + " s"));
    }

    private static string S(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Markup.Escape(v.GetString()!) : "";

    private static string N(JsonElement e, string name, string format) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString(format) : "–";

    private static async Task<int> Guard(Func<Task<int>> body)
    {
        try { return await body(); }
        catch (CliException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
}
