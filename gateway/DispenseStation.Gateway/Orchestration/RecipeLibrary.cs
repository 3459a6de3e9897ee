using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Planning;
using DispenseStation.Composition.Recipes;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>An example recipe shipped with the gateway: id is "claim-set/file-name" without ".yaml".</summary>
public sealed record RecipeEntry(string Id, string ClaimSet, string FileName, string Path);

/// <summary>
/// The materials catalog, the example recipes and the station channel maps, read from disk at start-up
/// (channel maps are re-read on every request so a technician's edit applies without a restart).
/// </summary>
public sealed class RecipeLibrary
{
    private readonly string _recipesDir;
    private readonly string _stationsDir;

    public RecipeLibrary(IOptions<LibraryOptions> options) : this(options.Value) { }

    public RecipeLibrary(LibraryOptions options)
    {
        var catalogFile = LibraryOptions.Resolve(options.CatalogFile);
        if (!File.Exists(catalogFile))
            throw new InvalidOperationException($"{LibraryOptions.Section}:CatalogFile: file '{catalogFile}' does not exist");
        Catalog = MaterialCatalog.Parse(File.ReadAllText(catalogFile), catalogFile);
        _recipesDir = LibraryOptions.Resolve(options.RecipesDirectory);
        _stationsDir = LibraryOptions.Resolve(options.StationsDirectory);
    }

    public MaterialCatalog Catalog { get; }

    public IReadOnlyList<RecipeEntry> Recipes()
    {
        if (!Directory.Exists(_recipesDir)) return [];
        return Directory.EnumerateFiles(_recipesDir, "*.yaml", SearchOption.AllDirectories)
            .Select(p => new RecipeEntry(
                System.IO.Path.GetRelativePath(_recipesDir, p).Replace('\\', '/')[..^".yaml".Length],
                System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(p)!),
                System.IO.Path.GetFileName(p), p))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
    }

    public RecipeEntry? FindRecipe(string id) => Recipes().FirstOrDefault(r => r.Id == id);

    /// <summary>Parses recipe text; a <see cref="CompositionException"/> lists every error with field and line.</summary>
    public Recipe ParseRecipe(string yaml, string fileName, RecipeReading reading = RecipeReading.NewBatch) => RecipeParser.Parse(yaml, fileName, Catalog, reading);

    /// <summary>The channel map of a station, or null when there is no file for it.</summary>
    public ChannelMap? ChannelMapFor(string stationId)
    {
        // The id becomes part of a file name: only a valid station id (no '/', '..' or absolute path) may.
        if (DispenseStation.Protocol.StationId.Check(stationId) is not null) return null;
        var file = System.IO.Path.Combine(_stationsDir, stationId + ".yaml");
        return File.Exists(file) ? ChannelMap.Parse(File.ReadAllText(file), file, Catalog) : null;
    }

    public IReadOnlyList<string> StationsWithMaps() => Directory.Exists(_stationsDir)
        ? Directory.EnumerateFiles(_stationsDir, "*.yaml").Select(p => System.IO.Path.GetFileNameWithoutExtension(p)).Order().ToList()
        : [];
}
