using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// batch run: submits a batch to a running gateway and follows it live, one progress bar per step (dose bars fill
/// with the grams on the scale, bake bars with the hold time), then prints the dose record. Exit 0 when the batch completes.
/// </summary>
public static class BatchRunCommand
{
    private static readonly string[] Terminal = ["Complete", "Aborted", "Interrupted"];

    public static Command Create()
    {
        var recipe = CliInputs.Recipe();
        var station = CliInputs.StationOption("Station id");
        var grams = CliInputs.Grams();
        var op = new Option<string>("--operator")
        {
            Description = "Ignored by the gateway: the operator of record is the user signed in with 'login'",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("USER") ?? Environment.UserName,
        };
        var lots = new Option<string[]>("--lot") { Description = "Material lot as MATERIAL=LOT (repeatable)", AllowMultipleArgumentsPerToken = true };
        var version = new Option<int?>("--version") { Description = "Saved version of the recipe id to run (0 = the shipped file, the default)" };
        var gateway = CliApp.GatewayOption();
        var cmd = new Command("run", "Start a batch and follow it live.") { recipe, station, grams, op, lots, version, gateway };
        cmd.SetAction((r, ct) => ListCommands.RunAsync(async () =>
        {
            var lotMap = new Dictionary<string, string>();
            foreach (var l in r.GetValue(lots) ?? [])
            {
                var parts = l.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0) throw new CliException($"--lot: '{l}' is not MATERIAL=LOT");
                lotMap[parts[0]] = parts[1];
            }
            var recipeArg = r.GetValue(recipe)!;
            var isFile = File.Exists(recipeArg);
            if (!isFile && CliInputs.LooksLikeFile(recipeArg)) throw new CliException($"RECIPE: file '{Path.GetFullPath(recipeArg)}' does not exist");
            if (isFile && r.GetValue(version) is not null) throw new CliException("--version: names a saved version of a recipe id, not of a file");
            var request = new
            {
                recipe = isFile ? null : recipeArg, recipeVersion = r.GetValue(version),
                recipeYaml = isFile ? await File.ReadAllTextAsync(recipeArg, ct) : null,
                station = r.GetValue(station), batchGrams = r.GetValue(grams), @operator = r.GetValue(op), lots = lotMap,
            };
            using var client = new GatewayClient(r.GetValue(gateway)!);
            return await RunAsync(client, request, ct);
        }));
        return cmd;
    }

    private static async Task<int> RunAsync(GatewayClient client, object request, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Listen before submitting, so no early event is missed.
        var events = client.EventsAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var first = events.MoveNextAsync();
        var created = await client.PostAsync("api/batches", request, ct);
        var id = created.GetProperty("id").GetString()!;
        var station = created.GetProperty("stationId").GetString()!;
        AnsiConsole.MarkupLine($"batch [bold]{id}[/] dispatched to {station}");
        var detail = await client.GetAsync($"api/batches/{id}", ct);
        var steps = detail.GetProperty("steps").EnumerateArray().ToList();
        var state = created.GetProperty("state").GetString()!;

        await AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var bars = steps.Select(s => ctx.AddTask(Label(s), autoStart: false, maxValue: MaxOf(s))).ToList();
                int? current = null;
                double gramsAtStart = 0, lastGrams = 0;
                DateTimeOffset? inBand = null;
                var pending = first;
                while (!Terminal.Contains(state))
                {
                    if (!await pending) break;
                    var (type, data) = events.Current;
                    pending = events.MoveNextAsync();
                    switch (type)
                    {
                        case "batch" when data.GetProperty("id").GetString() == id:
                            state = data.GetProperty("state").GetString()!;
                            break;
                        case "batch-event" when data.GetProperty("batchId").GetString() == id:
                            var kind = data.GetProperty("kind").GetString();
                            var index = data.TryGetProperty("stepIndex", out var si) && si.ValueKind == JsonValueKind.Number ? si.GetInt32() : -1;
                            if (index < 0 || index >= bars.Count) break;
                            if (kind == "step-started")
                            {
                                current = index;
                                gramsAtStart = lastGrams;
                                inBand = null;
                                bars[index].StartTask();
                            }
                            else if (kind == "dose-result")
                            {
                                bars[index].Description = $"{Label(steps[index])}: {data.GetProperty("actualGrams").GetDouble():0.0000} g (error {data.GetProperty("errorGrams").GetDouble():+0.0000;-0.0000} g)";
                                bars[index].Value = bars[index].MaxValue;
                            }
                            else if (kind == "step-completed")
                            {
                                bars[index].Value = bars[index].MaxValue;
                                bars[index].StopTask();
                            }
                            break;
                        case "telemetry" when data.GetProperty("station").GetString() == station:
                            var sample = data.GetProperty("sample");
                            if (sample.TryGetProperty("scaleGrams", out var g) && g.ValueKind == JsonValueKind.Number) lastGrams = g.GetDouble();
                            if (current is not { } c) break;
                            var step = steps[c];
                            if (step.GetProperty("kind").GetString() == "dose")
                                bars[c].Value = Math.Clamp(lastGrams - gramsAtStart, 0, bars[c].MaxValue);
                            else if (step.GetProperty("kind").GetString() == "bake" && sample.TryGetProperty("plateC", out var p) && p.ValueKind == JsonValueKind.Number)
                            {
                                var at = sample.GetProperty("at").GetDateTimeOffset();
                                var sp = step.GetProperty("setpointC").GetDouble();
                                if (Math.Abs(p.GetDouble() - sp) <= step.GetProperty("bandC").GetDouble()) inBand ??= at;
                                bars[c].Description = $"{Label(step)}: plate {p.GetDouble():0.00} °C";
                                if (inBand is { } since) bars[c].Value = Math.Min(bars[c].MaxValue, (at - since).TotalSeconds);
                            }
                            break;
                    }
                }
            });
        await stop.CancelAsync();
        try { await events.DisposeAsync(); } catch (OperationCanceledException) { }

        var final = await client.GetAsync($"api/batches/{id}", ct);
        var table = new Table().Title($"batch {id}: {OfflineCommands.StatusMarkup(state)}").AddColumns("#", "ch", "material", "target g", "actual g", "error g");
        foreach (var d in final.GetProperty("doses").EnumerateArray())
            table.AddRow(d.GetProperty("sequence").ToString(), d.GetProperty("channel").ToString(), Markup.Escape(d.GetProperty("material").GetString()!),
                d.GetProperty("targetGrams").GetDouble().ToString("0.0000"), d.GetProperty("actualGrams").GetDouble().ToString("0.0000"),
                d.GetProperty("errorGrams").GetDouble().ToString("+0.0000;-0.0000"));
        AnsiConsole.Write(table);
        if (final.GetProperty("batch").GetProperty("stateReason").GetString() is { } reason) AnsiConsole.MarkupLine(Markup.Escape(reason));
        return state == "Complete" ? 0 : 1;
    }

    private static string Label(JsonElement step) => Markup.Escape(step.GetProperty("name").GetString()!);

    private static double MaxOf(JsonElement step) => step.GetProperty("kind").GetString() switch
    {
        "dose" => step.GetProperty("targetGrams").GetDouble(),
        "bake" => Math.Max(1, step.GetProperty("holdS").GetDouble()),
        _ => 1,
    };
}
