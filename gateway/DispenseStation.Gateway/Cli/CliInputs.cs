using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DispenseStation.Composition.Recipes;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Protocol;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// Arguments several commands share, each checked at parse time so that a mistake is refused in words naming the
/// argument and the rule, before anything is read or sent: the recipe (a file or an example id, the same ids for
/// validate, plan and batch run), the batch size, and station ids (normalised to the protocol's lower case).
/// </summary>
public static class CliInputs
{
    public static Argument<string> Recipe() => new("RECIPE")
    {
        Description = "Recipe YAML file, or an example id such as silsesquioxane-negative/ok-bilayer-ebeam ('recipes' lists them)",
    };

    /// <summary>A file when one exists at that path (or the name ends in .yaml), otherwise an example id of the library.</summary>
    public static (string Yaml, string FileName) ReadRecipe(string value, RecipeLibrary library)
    {
        if (File.Exists(value)) return (File.ReadAllText(value), Path.GetFullPath(value));
        if (LooksLikeFile(value)) throw new CliException($"RECIPE: file '{Path.GetFullPath(value)}' does not exist");
        var entry = library.FindRecipe(value)
            ?? throw new CliException($"RECIPE: '{value}' is neither a file nor an example recipe id{NearestRecipe(value, library)}; 'recipes' lists the example ids");
        return (File.ReadAllText(entry.Path), entry.Id + ".yaml");
    }

    public static bool LooksLikeFile(string value) =>
        value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith('/') || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal);

    private static string NearestRecipe(string value, RecipeLibrary library) =>
        Suggestions.Nearest(value, library.Recipes().Select(r => r.Id)) is { } near ? $" (did you mean '{near}'?)" : "";

    /// <summary>--grams: a number of grams in the recipe parser's range, (0, <see cref="RecipeParser.MaxBatchGrams"/>].</summary>
    public static Option<double?> Grams() => new("--grams")
    {
        Description = $"Batch size in g, more than 0 and at most {RecipeParser.MaxBatchGrams:0} (default: the recipe's)",
        CustomParser = r =>
        {
            var text = r.Tokens.Single().Value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var g) || !double.IsFinite(g))
            {
                r.AddError($"--grams: '{text}' is not a number of grams");
                return null;
            }
            if (!(g > 0 && g <= RecipeParser.MaxBatchGrams))
            {
                r.AddError($"--grams: the batch size must be more than 0 g and at most {RecipeParser.MaxBatchGrams:0} g (got {text} g)");
                return null;
            }
            return g;
        },
    };

    /// <summary>--station as an option (required where a command runs on one station).</summary>
    public static Option<string> StationOption(string description, bool required = true) => new("--station")
    {
        Description = description + " (lower-case letters, digits and '-'; VS-01 is read as vs-01)",
        Required = required,
        CustomParser = r => StationId(r, "--station"),
    };

    public static Argument<string> StationArgument() => new("STATION")
    {
        Description = "Station id (lower-case letters, digits and '-'; VS-01 is read as vs-01)",
        CustomParser = r => StationId(r, "STATION"),
    };

    /// <summary>
    /// Station ids are MQTT topic levels and lower case by the protocol's rule; people type them as printed on the
    /// station ("VS-01"), so case and surrounding blanks are forgiven and anything else is refused with the reason.
    /// </summary>
    public static string? Normalise(string raw, out string? problem)
    {
        var id = raw.Trim().ToLowerInvariant();
        problem = DispenseStation.Protocol.StationId.Check(id) is { } why ? $"'{raw}' is not a station id: {Reword(id, why)}" : null;
        return problem is null ? id : null;
    }

    /// <summary>The protocol's rule, with the offending character named rather than its index.</summary>
    private static string Reword(string id, string why)
    {
        var bad = id.FirstOrDefault(c => !(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'));
        return bad == default ? why : $"only letters, digits and '-' are allowed, not '{bad}' (position {id.IndexOf(bad) + 1})";
    }

    private static string? StationId(ArgumentResult r, string name)
    {
        var raw = r.Tokens.Single().Value;
        var id = Normalise(raw, out var problem);
        if (problem is not null) r.AddError($"{name}: {problem}");
        return id;
    }
}
