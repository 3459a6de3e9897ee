using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Yaml;

namespace DispenseStation.Composition.Planning;

/// <summary>
/// One station's loading: which material (neat, or as a stock solution) feeds which pump channel, plus the bottle,
/// scale and hotplate limits the plan must respect.
/// </summary>
public sealed record ChannelMap(
    string Station,
    IReadOnlyList<Channel> Channels,
    double BottleCapacityMl,
    double FillLimitPercent,
    double BottleTareGrams,
    double ScaleCapacityGrams,
    double ScaleResolutionGrams,
    double MaxSetpointC,
    double MaxRampCPerMin,
    string File)
{
    public const int MaxChannels = 8;

    /// <summary>The weighing device the scale entry names (hardware/weighing.json), or null when unnamed.</summary>
    public string? ScaleModel { get; init; }

    /// <summary>Standard deviation of one stable reading of the station's scale; defaults to its resolution.</summary>
    public double ScaleRepeatabilityGrams { get; init; }

    public Channel? ChannelFor(Material material) => Channels.FirstOrDefault(c => c.Material.Id == material.Id);

    /// <summary>Parses a station channel map; stock ids and materials resolve in the catalog.</summary>
    public static ChannelMap Parse(string yaml, string fileName, MaterialCatalog catalog)
    {
        var (r, root) = YamlReader.Load(yaml, fileName);
        if (root is null) r.ThrowIfErrors();
        r.AllowOnly(root!, "", "station", "bottle", "scale", "hotplate", "channels");
        var station = r.String(root!, "station", "", required: true);

        var bottle = r.Mapping(root!, "bottle", "", required: true);
        double? capacity = null, fill = 90, tare = 0;
        if (bottle is not null)
        {
            r.AllowOnly(bottle, "bottle", "capacityMl", "fillLimitPercent", "tareGrams");
            capacity = r.Number(bottle, "capacityMl", "bottle", true, 0, 20_000, minExclusive: true, unit: " mL");
            fill = r.Number(bottle, "fillLimitPercent", "bottle", false, 0, 100, minExclusive: true, unit: " %") ?? 90;
            tare = r.Number(bottle, "tareGrams", "bottle", false, 0, 20_000, unit: " g") ?? 0;
        }
        var scale = r.Mapping(root!, "scale", "", required: true);
        double? scaleCap = null, resolution = null, repeatability = null;
        string? scaleModel = null;
        if (scale is not null)
        {
            r.AllowOnly(scale, "scale", "model", "capacityGrams", "resolutionGrams", "repeatabilityGrams");
            scaleModel = r.String(scale, "model", "scale", required: false);
            repeatability = r.Number(scale, "repeatabilityGrams", "scale", false, 0, 1, minExclusive: true, unit: " g");
            scaleCap = r.Number(scale, "capacityGrams", "scale", true, 0, 100_000, minExclusive: true, unit: " g");
            resolution = r.Number(scale, "resolutionGrams", "scale", true, 0, 1, minExclusive: true, unit: " g");
        }
        var hotplate = r.Mapping(root!, "hotplate", "", required: false);
        double maxSetpoint = 250, maxRamp = 600;
        if (hotplate is not null)
        {
            r.AllowOnly(hotplate, "hotplate", "maxSetpointC", "maxRampCPerMin");
            maxSetpoint = r.Number(hotplate, "maxSetpointC", "hotplate", false, 20, 400, unit: " °C") ?? maxSetpoint;
            maxRamp = r.Number(hotplate, "maxRampCPerMin", "hotplate", false, 0, 6000, minExclusive: true, unit: " °C/min") ?? maxRamp;
        }

        var channels = new List<Channel>();
        foreach (var (map, path) in r.Items(root!, "channels", "", required: true))
        {
            var channel = ReadChannel(r, map, path, catalog);
            if (channel is null) continue;
            if (channels.FirstOrDefault(c => c.Number == channel.Number) is { } sameNumber)
                r.Error(map, path + ".channel", $"channel {channel.Number} is defined twice (also line {sameNumber.Line})");
            else if (channels.FirstOrDefault(c => c.Material.Id == channel.Material.Id) is { } sameMaterial)
                r.Error(map, path, $"material '{channel.Material.Id}' is already on channel {sameMaterial.Number}; one feed per material keeps the plan unambiguous");
            else channels.Add(channel);
        }
        r.ThrowIfErrors();
        return new ChannelMap(station!, channels, capacity!.Value, fill!.Value, tare!.Value, scaleCap!.Value, resolution!.Value,
            maxSetpoint, maxRamp, fileName) { ScaleModel = scaleModel, ScaleRepeatabilityGrams = repeatability ?? resolution!.Value };
    }

    private static Channel? ReadChannel(YamlReader r, YamlDotNet.RepresentationModel.YamlMappingNode map, string path, MaterialCatalog catalog)
    {
        r.AllowOnly(map, path, "channel", "stock", "material", "solidsWtPercent");
        var number = r.Integer(map, "channel", path, true, 1, MaxChannels);
        var stockId = r.String(map, "stock", path, required: false);
        var materialId = r.String(map, "material", path, required: false);
        var assay = r.Number(map, "solidsWtPercent", path, false, 0, 100, minExclusive: true, unit: " wt%");
        if ((stockId is null) == (materialId is null))
        {
            r.Error(map, path, "give exactly one of 'stock' (a catalog stock solution) or 'material' (fed neat)");
            return null;
        }
        if (stockId is not null)
        {
            if (!catalog.TryGetStock(stockId, out var stock))
            {
                r.Error(YamlReader.Get(map, "stock")!, path + ".stock", $"unknown stock solution '{stockId}' (not in catalog {catalog.File})");
                return null;
            }
            // A measured assay of the loaded lot overrides the catalog's nominal concentration.
            return number is null ? null : new Channel(number.Value, stock.Material, stockId, (assay ?? stock.SolidsWtPercent) / 100.0, stock.Solvent, YamlReader.Line(map));
        }
        if (!catalog.TryGet(materialId!, out var material))
        {
            r.Error(YamlReader.Get(map, "material")!, path + ".material", $"unknown material '{materialId}' (not in catalog {catalog.File})");
            return null;
        }
        if (assay is not null)
            r.Error(YamlReader.Get(map, "solidsWtPercent")!, path + ".solidsWtPercent", "a neat material has no solids concentration; use a 'stock' for solutions");
        return number is null ? null : new Channel(number.Value, material, null, 1.0, null, YamlReader.Line(map));
    }
}

/// <summary>
/// A pump channel. SolidsFraction is mass of Material per mass of liquid dosed (1 for a neat feed); the rest is
/// Solvent. A neat solvent has SolidsFraction 1 and no separate Solvent.
/// </summary>
public sealed record Channel(int Number, Material Material, string? StockId, double SolidsFraction, Material? Solvent, int Line)
{
    public bool IsNeat => Solvent is null;
}
