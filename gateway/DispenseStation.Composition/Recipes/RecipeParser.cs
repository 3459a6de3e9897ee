using static System.FormattableString;
using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Yaml;
using YamlDotNet.RepresentationModel;

namespace DispenseStation.Composition.Recipes;

/// <summary>Parses recipe YAML and resolves its materials in a catalog. Throws CompositionException with every error.</summary>
public static class RecipeParser
{
    public const double MaxBatchGrams = 100_000;

    /// <summary>Profile names as the gateway's bake profiles spell them.</summary>
    private static readonly System.Text.RegularExpressions.Regex ProfileName = new("^[a-z0-9][a-z0-9-]{0,63}$");

    public static Recipe Parse(string yaml, string fileName, MaterialCatalog catalog, RecipeReading reading = RecipeReading.NewBatch)
    {
        var (r, root) = YamlReader.Load(yaml, fileName);
        if (root is null) { r.ThrowIfErrors(); }
        var recipe = Read(r, root!, catalog, reading);
        r.ThrowIfErrors();
        return recipe!;
    }

    private static Recipe? Read(YamlReader r, YamlMappingNode root, MaterialCatalog catalog, RecipeReading reading)
    {
        r.AllowOnly(root, "", "name", "claimSet", "batchGrams", "solidsWtPercent", "components", "solvents",
            "exposure", "uses", "bakeProfiles", "bake", "note");
        var name = r.String(root, "name", "", required: true);
        var claimSet = r.String(root, "claimSet", "", required: true);
        if (claimSet is not null && ClaimSets.Find(claimSet) is null)
            r.Error(YamlReader.Get(root, "claimSet")!, "claimSet",
                $"unknown claim set '{claimSet}'; known: {string.Join(", ", ClaimSets.All.Select(c => c.Id))}");
        var batch = r.Number(root, "batchGrams", "", required: true, 0, MaxBatchGrams, minExclusive: true, unit: " g");
        var solids = r.Number(root, "solidsWtPercent", "", required: true, 0, 100, minExclusive: true, unit: " wt%");
        if (solids == 100)
            r.Error(YamlReader.Get(root, "solidsWtPercent")!, "solidsWtPercent", "100 wt% solids leaves no solvent; a resist must be below 100");

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var components = ReadComponents(r, root, catalog, seen);
        var solvents = ReadSolvents(r, root, catalog, seen);
        var exposure = ReadExposure(r, root);
        var uses = new List<ProcessUse>();
        foreach (var (text, node) in r.Scalars(root, "uses", ""))
            if (r.ParseEnum<ProcessUse>(text, node, "uses") is { } use && !uses.Contains(use)) uses.Add(use);
        var bakes = ReadBakeProfiles(r, root);
        var legacy = new List<BakeStep>();
        if (YamlReader.Get(root, "bake") is { } bakeNode)
        {
            if (reading == RecipeReading.StoredRecord) legacy = ReadBake(r, root);
            else
                r.Error(bakeNode, "bake", "a dispense recipe no longer carries bake steps: bakes run as bake jobs, wafer by wafer. " +
                    "Name the process's bake profiles instead, e.g. bakeProfiles: { postApply: pab-100, postExposure: peb-110 }");
        }

        if (r.HasErrors) return null;
        return new Recipe(name!, claimSet!, batch!.Value, solids!.Value, components, solvents, exposure, uses, bakes, r.File,
            YamlReader.Line(YamlReader.Get(root, "batchGrams")!)) { LegacyBake = legacy };
    }

    private static ProcessBakes ReadBakeProfiles(YamlReader r, YamlMappingNode root)
    {
        var map = r.Mapping(root, "bakeProfiles", "", required: false);
        if (map is null) return ProcessBakes.None;
        r.AllowOnly(map, "bakeProfiles", "postApply", "postExposure");
        string? Name(string key)
        {
            var name = r.String(map, key, "bakeProfiles", required: false);
            if (name is not null && !ProfileName.IsMatch(name))
            {
                r.Error(YamlReader.Get(map, key)!, "bakeProfiles." + key, $"'{name}' is not a bake profile name: 1-64 lowercase letters, digits or '-'");
                return null;
            }
            return name;
        }
        var postApply = Name("postApply");
        var postExposure = Name("postExposure");
        if (YamlReader.Get(map, "postApply") is null && YamlReader.Get(map, "postExposure") is null)
            r.Error(map, "bakeProfiles", "names no profile: give postApply, postExposure or both (or leave bakeProfiles out)");
        return new ProcessBakes(postApply, postExposure, YamlReader.Line(map));
    }

    private static List<RecipeComponent> ReadComponents(YamlReader r, YamlMappingNode root, MaterialCatalog catalog, Dictionary<string, int> seen)
    {
        var raw = new List<(Material Material, double Amount, AmountUnit Unit, int Line)>();
        foreach (var (map, path) in r.Items(root, "components", "", required: true))
        {
            r.AllowOnly(map, path, "material", "parts", "wtPercentOfSolids", "role", "note");
            var material = Resolve(r, map, path, catalog, seen);
            var hasParts = YamlReader.Get(map, "parts") is not null;
            var hasPercent = YamlReader.Get(map, "wtPercentOfSolids") is not null;
            if (hasParts == hasPercent)
            {
                r.Error(map, path, "give exactly one of 'parts' (parts by weight of solids) or 'wtPercentOfSolids'");
                continue;
            }
            var amount = hasParts
                ? r.Number(map, "parts", path, true, 0, 1e6, minExclusive: true, unit: " parts")
                : r.Number(map, "wtPercentOfSolids", path, true, 0, 100, minExclusive: true, unit: " wt%");
            if (material is null) continue;
            if (material.Role == MaterialRole.Solvent)
                r.Error(map, path + ".material", $"'{material.Id}' has role solvent and cannot be a solids component; list it under 'solvents'");
            var declared = r.Enum<MaterialRole>(map, "role", path, required: false);
            if (declared is not null && declared != material.Role)
                r.Error(YamlReader.Get(map, "role")!, path + ".role",
                    $"recipe says {YamlReader.Kebab(declared.Value)} but catalog material '{material.Id}' has role {YamlReader.Kebab(material.Role)}");
            if (amount is not null)
                raw.Add((material, amount.Value, hasParts ? AmountUnit.PartsByWeight : AmountUnit.WtPercentOfSolids, YamlReader.Line(map)));
        }
        if (raw.Count == 0) return new List<RecipeComponent>();
        var node = YamlReader.Get(root, "components")!;
        if (raw.Select(x => x.Unit).Distinct().Count() > 1)
        {
            r.Error(node, "components", "mixes 'parts' and 'wtPercentOfSolids'; use one unit for all components");
            return new List<RecipeComponent>();
        }
        var total = raw.Sum(x => x.Amount);
        if (raw[0].Unit == AmountUnit.WtPercentOfSolids && Math.Abs(total - 100) > 1e-6)
            r.Error(node, "components", Invariant($"wtPercentOfSolids must add up to 100, they add up to {total:0.######}"));
        return raw.Select(x => new RecipeComponent(x.Material, x.Amount / total, x.Amount, x.Unit, x.Line)).ToList();
    }

    private static List<RecipeSolvent> ReadSolvents(YamlReader r, YamlMappingNode root, MaterialCatalog catalog, Dictionary<string, int> seen)
    {
        var raw = new List<(Material Material, double Parts, int Line)>();
        var items = r.Items(root, "solvents", "", required: true);
        foreach (var (map, path) in items)
        {
            r.AllowOnly(map, path, "material", "parts", "note");
            var material = Resolve(r, map, path, catalog, seen);
            var parts = r.Number(map, "parts", path, required: items.Count > 1, 0, 1e6, minExclusive: true, unit: " parts") ?? (items.Count == 1 ? 1.0 : null);
            if (material is null || parts is null) continue;
            if (material.Role != MaterialRole.Solvent)
                r.Error(map, path + ".material", $"'{material.Id}' has role {YamlReader.Kebab(material.Role)}; only solvents belong under 'solvents'");
            raw.Add((material, parts.Value, YamlReader.Line(map)));
        }
        var total = raw.Sum(x => x.Parts);
        return raw.Select(x => new RecipeSolvent(x.Material, x.Parts / total, x.Line)).ToList();
    }

    private static Material? Resolve(YamlReader r, YamlMappingNode map, string path, MaterialCatalog catalog, Dictionary<string, int> seen)
    {
        var id = r.String(map, "material", path, required: true);
        if (id is null) return null;
        if (!catalog.TryGet(id, out var material))
        {
            r.Error(YamlReader.Get(map, "material")!, path + ".material", $"unknown material '{id}' (not in catalog {catalog.File})");
            return null;
        }
        var line = YamlReader.Line(map);
        if (!seen.TryAdd(id, line))
        {
            r.Error(YamlReader.Get(map, "material")!, path + ".material", $"duplicate component '{id}' (already listed on line {seen[id]})");
            return null;
        }
        return material;
    }

    private static Exposure? ReadExposure(YamlReader r, YamlMappingNode root)
    {
        var map = r.Mapping(root, "exposure", "", required: false);
        if (map is null) return null;
        r.AllowOnly(map, "exposure", "radiation", "acceleratingVoltageKeV");
        var radiation = r.Enum<Radiation>(map, "radiation", "exposure", required: true);
        var kev = r.Number(map, "acceleratingVoltageKeV", "exposure", required: false, 0, 1000, minExclusive: true, unit: " keV");
        if (kev is not null && radiation is not null && radiation != Radiation.EBeam)
            r.Error(map, "exposure.acceleratingVoltageKeV", "an accelerating voltage applies only to e-beam exposure");
        return radiation is null ? null : new Exposure(radiation.Value, kev, YamlReader.Line(map));
    }

    private static List<BakeStep> ReadBake(YamlReader r, YamlMappingNode root)
    {
        var steps = new List<BakeStep>();
        foreach (var (map, path) in r.Items(root, "bake", "", required: false))
        {
            r.AllowOnly(map, path, "name", "setpointC", "rampCPerMin", "holdS", "bandC");
            var name = r.String(map, "name", path, required: true);
            var setpoint = r.Number(map, "setpointC", path, true, 20, 250, unit: " °C");
            var ramp = r.Number(map, "rampCPerMin", path, true, 0, 600, minExclusive: true, unit: " °C/min");
            var hold = r.Number(map, "holdS", path, true, 0, 86_400, unit: " s");
            var band = r.Number(map, "bandC", path, true, 0, 10, minExclusive: true, unit: " °C");
            if (name is null || setpoint is null || ramp is null || hold is null || band is null) continue;
            steps.Add(new BakeStep(name, setpoint.Value, ramp.Value, hold.Value, band.Value, YamlReader.Line(map)));
        }
        return steps;
    }
}
