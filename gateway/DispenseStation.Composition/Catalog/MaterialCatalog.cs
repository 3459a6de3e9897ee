using DispenseStation.Composition.Errors;

namespace DispenseStation.Composition.Catalog;

/// <summary>The materials a site stocks, with the structure facts claims are decided on, and their stock solutions.</summary>
public sealed class MaterialCatalog
{
    private readonly Dictionary<string, Material> _materials;
    private readonly Dictionary<string, StockSolution> _stocks;

    internal MaterialCatalog(string file, IEnumerable<Material> materials, IEnumerable<StockSolution> stocks)
    {
        File = file;
        _materials = materials.ToDictionary(m => m.Id, StringComparer.Ordinal);
        _stocks = stocks.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public string File { get; }

    public IReadOnlyCollection<Material> Materials => _materials.Values;

    public IReadOnlyCollection<StockSolution> Stocks => _stocks.Values;

    /// <summary>Parses catalog YAML; throws <see cref="CompositionException"/> listing every error.</summary>
    public static MaterialCatalog Parse(string yaml, string fileName) => CatalogParser.Parse(yaml, fileName);

    public bool TryGet(string id, out Material material) => _materials.TryGetValue(id, out material!);

    public Material Get(string id) =>
        _materials.TryGetValue(id, out var m) ? m : throw new KeyNotFoundException($"material '{id}' is not in catalog {File}");

    public bool TryGetStock(string id, out StockSolution stock) => _stocks.TryGetValue(id, out stock!);
}
