using System.Globalization;
using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Planning;
using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Tests;

/// <summary>The shipped catalog, stations and recipes (copied next to the tests), and builders for test recipes.</summary>
internal static class Fixture
{
    public static string DataDir { get; } = Path.Combine(AppContext.BaseDirectory, "data");

    public static string CatalogText { get; } = File.ReadAllText(Path.Combine(DataDir, "catalog", "materials.yaml"));

    public static MaterialCatalog ShippedCatalog { get; } = MaterialCatalog.Parse(CatalogText, "materials.yaml");

    public static ChannelMap Station(string name) =>
        ChannelMap.Parse(File.ReadAllText(Path.Combine(DataDir, "stations", name + ".yaml")), name + ".yaml", ShippedCatalog);

    /// <summary>
    /// The shipped station when it has every material of the recipe loaded; otherwise a bench station like it with
    /// each material of the recipe neat on its own channel (examples may use materials no shipped station carries).
    /// </summary>
    public static ChannelMap StationLoadedFor(Recipe recipe, string shipped)
    {
        var map = Station(shipped);
        if (recipe.Components.All(c => map.ChannelFor(c.Material) is not null) && recipe.Solvents.All(s => map.ChannelFor(s.Material) is not null))
            return map;
        var lines = new List<string>
        {
            "station: bench-01",
            "bottle: { capacityMl: 500, fillLimitPercent: 90, tareGrams: 180 }",
            "scale: { capacityGrams: 1200, resolutionGrams: 0.001 }",
            "hotplate: { maxSetpointC: 200, maxRampCPerMin: 120 }",
            "channels:",
        };
        var n = 0;
        foreach (var id in recipe.Solvents.Select(x => x.Material.Id).Concat(recipe.Components.Select(c => c.Material.Id)))
            lines.Add($"  - {{ channel: {++n}, material: {id} }}");
        return ChannelMap.Parse(string.Join("\n", lines) + "\n", "bench-01.yaml", ShippedCatalog);
    }

    /// <summary>The shipped catalog plus extra material entries (YAML list items, indented two spaces).</summary>
    public static MaterialCatalog CatalogWith(string extraMaterials)
    {
        var at = CatalogText.IndexOf("\nstocks:", StringComparison.Ordinal);
        return MaterialCatalog.Parse(CatalogText[..at] + "\n" + extraMaterials.TrimEnd() + "\n" + CatalogText[at..], "materials+extra.yaml");
    }

    /// <summary>
    /// Recipe YAML from a compact spec: components "material=parts; material=parts", exposure "e-beam 100" / "krf" / null,
    /// uses "two-layer-resist, magnetic-film-ion-etch".
    /// </summary>
    public static string RecipeYaml(string claimSet, string components, string? exposure = null, string? uses = null,
        double batchGrams = 200, double solidsWtPercent = 8, string solvents = "pgmea")
    {
        var lines = new List<string>
        {
            "name: test recipe",
            "claimSet: " + claimSet,
            "batchGrams: " + batchGrams.ToString(CultureInfo.InvariantCulture),
            "solidsWtPercent: " + solidsWtPercent.ToString(CultureInfo.InvariantCulture),
            "components:",
        };
        foreach (var part in components.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=');
            lines.Add($"  - {{ material: {kv[0].Trim()}, parts: {kv[1].Trim()} }}");
        }
        lines.Add("solvents:");
        foreach (var part in solvents.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=');
            lines.Add(kv.Length == 1 ? $"  - {{ material: {kv[0]} }}" : $"  - {{ material: {kv[0].Trim()}, parts: {kv[1].Trim()} }}");
        }
        if (exposure is not null)
        {
            var e = exposure.Split(' ');
            lines.Add("exposure:");
            lines.Add("  radiation: " + e[0]);
            if (e.Length > 1) lines.Add("  acceleratingVoltageKeV: " + e[1]);
        }
        if (uses is not null) lines.Add($"uses: [{uses}]");
        lines.Add("bakeProfiles: { postApply: pab-100, postExposure: peb-110 }");
        return string.Join("\n", lines) + "\n";
    }

    public static Recipe Recipe(string claimSet, string components, string? exposure = null, string? uses = null, MaterialCatalog? catalog = null) =>
        RecipeParser.Parse(RecipeYaml(claimSet, components, exposure, uses), "test.yaml", catalog ?? ShippedCatalog);

    public static ValidationReport Validate(string claimSet, string components, string? exposure = null, string? uses = null, MaterialCatalog? catalog = null) =>
        RecipeValidator.Validate(Recipe(claimSet, components, exposure, uses, catalog));

    /// <summary>Runs the action, expecting a CompositionException, and returns its errors.</summary>
    public static IReadOnlyList<InputError> ErrorsOf(Action action) => Assert.Throws<CompositionException>(action).Errors;

    /// <summary>The one error whose field is exactly <paramref name="field"/>.</summary>
    public static InputError Single(IReadOnlyList<InputError> errors, string field)
    {
        var matching = errors.Where(e => e.Field == field).ToList();
        Assert.True(matching.Count == 1, $"expected one error on '{field}', got: {string.Join(" | ", errors)}");
        return matching[0];
    }
}
