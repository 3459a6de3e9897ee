namespace DispenseStation.Gateway.Orchestration;

/// <summary>
/// Where the recipe library lives (section "Gateway:Library"). Relative paths resolve against the
/// executable's folder, where the build copies gateway/catalog, gateway/recipes and gateway/stations.
/// </summary>
public sealed class LibraryOptions
{
    public const string Section = "Gateway:Library";

    public string CatalogFile { get; set; } = "library/catalog/materials.yaml";

    /// <summary>Example recipes, one folder per claim set.</summary>
    public string RecipesDirectory { get; set; } = "library/recipes";

    /// <summary>Channel maps, one YAML file per station (named after the station id).</summary>
    public string StationsDirectory { get; set; } = "library/stations";

    public static string Resolve(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
}
