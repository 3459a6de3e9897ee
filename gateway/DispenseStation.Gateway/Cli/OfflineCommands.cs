using System.CommandLine;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Planning;
using DispenseStation.Gateway.Orchestration;
using Spectre.Console;

namespace DispenseStation.Gateway.Cli;

/// <summary>validate and plan: pure computations on the recipe library, no gateway needed.</summary>
public static class OfflineCommands
{
    public static Command Validate()
    {
        var recipe = CliInputs.Recipe();
        var catalog = CatalogOption();
        var all = new Option<bool>("--all") { Description = "Check against every claim set side by side; exit 0 when compliant with at least one" };
        var details = new Option<bool>("--details") { Description = "With --all: list each set's applicable claims with their findings" };
        var cmd = new Command("validate", "Check a recipe against its claim set, claim by claim. Exit 0 compliant, 1 not, 2 bad input.") { recipe, catalog, all, details };
        cmd.SetAction(r => Run(() =>
        {
            var library = Library(r.GetValue(catalog), null);
            var (yaml, fileName) = CliInputs.ReadRecipe(r.GetValue(recipe)!, library);
            var parsed = library.ParseRecipe(yaml, fileName);
            if (r.GetValue(all))
                return ClaimSetsSideBySide.Write(parsed.Name, parsed.ClaimSetId, RecipeValidator.ValidateAll(parsed), r.GetValue(details));
            var report = RecipeValidator.Validate(parsed);
            var table = new Table().Title($"{Markup.Escape(parsed.Name)} vs {report.ClaimSetId}")
                .AddColumns("claim", "parent", "status", "finding");
            foreach (var c in report.Claims)
                table.AddRow(c.Claim.ToString(), c.Parent?.ToString() ?? "", StatusMarkup(c.Status.ToString()), Markup.Escape(c.Message));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"verdict: {StatusMarkup(report.Verdict.ToString())}");
            return report.Verdict == Verdict.Compliant ? 0 : 1;
        }));
        return cmd;
    }

    public static Command Plan()
    {
        var recipe = CliInputs.Recipe();
        var station = CliInputs.StationOption("Station id (its channel map is STATIONS-DIR/ID.yaml)");
        var grams = CliInputs.Grams();
        var catalog = CatalogOption();
        var stations = new Option<DirectoryInfo?>("--stations-dir") { Description = "Folder of station channel maps" };
        var minTolerance = new Option<double>("--min-tolerance")
        {
            Description = "Tightest dose tolerance in g the station accepts (firmware default 0.005)",
            DefaultValueFactory = _ => new OrchestrationOptions().MinimumToleranceGrams,
        };
        var cmd = new Command("plan", "Grams per channel, order, tolerances and bake program of a recipe on one station.") { recipe, station, grams, catalog, stations, minTolerance };
        cmd.SetAction(r => Run(() =>
        {
            var library = Library(r.GetValue(catalog), r.GetValue(stations));
            var (yaml, fileName) = CliInputs.ReadRecipe(r.GetValue(recipe)!, library);
            var parsed = library.ParseRecipe(yaml, fileName);
            if (r.GetValue(grams) is { } g) parsed = parsed with { BatchGrams = g };
            var id = r.GetValue(station)!;
            var map = library.ChannelMapFor(id) ?? throw new CliException($"--station: no channel map '{id}.yaml' in the stations folder ({StationsWithMaps(library)})");
            var plan = DispensePlanner.Plan(parsed, map, BatchOrchestrator.PlanOptionsFor(map, r.GetValue(minTolerance)));
            var doses = new Table().Title($"{Markup.Escape(plan.RecipeName)} on {plan.Station}: {plan.BatchGrams:0.###} g, ~{plan.EstimatedVolumeMl:0.#} mL")
                .AddColumns("#", "channel", "material", "stock", "dose g", "± g");
            foreach (var d in plan.Doses)
                doses.AddRow(d.Order.ToString(), d.Channel.ToString(), d.Material.Id, d.StockId ?? "neat", d.SetpointGrams.ToString("0.000"), d.ToleranceGrams.ToString("0.000"));
            AnsiConsole.Write(doses);
            // Bakes are bake jobs: the plan only names the profiles of the recipe's process.
            foreach (var (field, profile) in plan.BakeProfiles.Named())
                AnsiConsole.MarkupLine($"{Markup.Escape(field)}: {Markup.Escape(profile)} (run with 'bake run --profile {Markup.Escape(profile)}')");
            foreach (var w in plan.Warnings) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
            return 0;
        }));
        return cmd;
    }

    private static Option<FileInfo?> CatalogOption() => new("--catalog") { Description = "Materials catalog YAML (default: the one shipped with the gateway)" };

    private static RecipeLibrary Library(FileInfo? catalog, DirectoryInfo? stations)
    {
        var o = new LibraryOptions();
        if (catalog is not null) o.CatalogFile = catalog.FullName;
        if (stations is not null) o.StationsDirectory = stations.FullName;
        return new RecipeLibrary(o);
    }

    private static string StationsWithMaps(RecipeLibrary library) =>
        library.StationsWithMaps() is { Count: > 0 } ids ? "stations with a map: " + string.Join(", ", ids) : "it has none";

    internal static string StatusMarkup(string status) => status switch
    {
        "Satisfied" or "Compliant" or "Complete" => $"[green]{status}[/]",
        "Violated" or "NonCompliant" or "Aborted" or "Interrupted" => $"[red]{status}[/]",
        "Undecidable" or "Indeterminate" or "Held" => $"[yellow]{status}[/]",
        _ => status,
    };

    /// <summary>Runs a command body; input errors print as "file:line: field: rule" and exit 2.</summary>
    internal static int Run(Func<int> body)
    {
        try { return body(); }
        catch (CompositionException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine($"error: {error}");
            return 2;
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}

/// <summary>A command-line mistake; its message names the argument.</summary>
public sealed class CliException(string message) : Exception(message);
