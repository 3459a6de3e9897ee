using static System.FormattableString;
using DispenseStation.Composition.Yaml;
using YamlDotNet.RepresentationModel;

namespace DispenseStation.Composition.Catalog;

/// <summary>Reads materials.yaml into a <see cref="MaterialCatalog"/>, checking each entry against its role.</summary>
internal static class CatalogParser
{
    public static MaterialCatalog Parse(string yaml, string file)
    {
        var (r, root) = YamlReader.Load(yaml, file);
        var materials = new Dictionary<string, Material>(StringComparer.Ordinal);
        var stocks = new List<StockSolution>();
        if (root is not null)
        {
            r.AllowOnly(root, "", "materials", "stocks");
            foreach (var (map, path) in r.Items(root, "materials", "", required: true))
            {
                var material = ReadMaterial(r, map, path);
                if (material is null) continue;
                if (!materials.TryAdd(material.Id, material))
                    r.Error(map, path + ".id", $"duplicate material id '{material.Id}' (first defined on line {materials[material.Id].Line})");
            }
            var stockIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (map, path) in r.Items(root, "stocks", "", required: false))
            {
                var stock = ReadStock(r, map, path, materials);
                if (stock is null) continue;
                if (!stockIds.Add(stock.Id) || materials.ContainsKey(stock.Id))
                    r.Error(map, path + ".id", $"duplicate id '{stock.Id}' (stock ids must differ from each other and from material ids)");
                stocks.Add(stock);
            }
        }
        r.ThrowIfErrors();
        return new MaterialCatalog(file, materials.Values, stocks);
    }

    private static Material? ReadMaterial(YamlReader r, YamlMappingNode map, string path)
    {
        r.AllowOnly(map, path, "id", "name", "role", "molecularWeight", "density", "nitrogenContaining",
            "polymerizableUnsaturated", "resin", "crosslinker", "acidGenerator", "cas", "note");
        var id = r.String(map, "id", path, required: true);
        var name = r.String(map, "name", path, required: true);
        var role = r.Enum<MaterialRole>(map, "role", path, required: true);
        var mw = r.Number(map, "molecularWeight", path, required: false, 0, 1e7, minExclusive: true, unit: " g/mol");
        var density = r.Number(map, "density", path, required: true, 0.5, 3.0, unit: " g/mL");
        var nitrogen = r.Bool(map, "nitrogenContaining", path, false);
        var polymerizable = r.Bool(map, "polymerizableUnsaturated", path, false);

        var resinMap = r.Mapping(map, "resin", path, required: role == MaterialRole.Resin);
        var xlMap = r.Mapping(map, "crosslinker", path, required: role == MaterialRole.Crosslinker);
        var pagMap = r.Mapping(map, "acidGenerator", path, required: role == MaterialRole.PhotoacidGenerator);
        RejectBlockForRole(r, map, path, "resin", role, MaterialRole.Resin);
        RejectBlockForRole(r, map, path, "crosslinker", role, MaterialRole.Crosslinker);
        RejectBlockForRole(r, map, path, "acidGenerator", role, MaterialRole.PhotoacidGenerator);

        var resin = resinMap is null || role != MaterialRole.Resin ? null : ReadResin(r, resinMap, path + ".resin");
        var xl = xlMap is null || role != MaterialRole.Crosslinker ? null : ReadCrosslinker(r, xlMap, path + ".crosslinker");
        var pag = pagMap is null || role != MaterialRole.PhotoacidGenerator ? null : ReadAcidGenerator(r, pagMap, path + ".acidGenerator");

        var polymerizableNode = YamlReader.Get(map, "polymerizableUnsaturated");
        if (role == MaterialRole.PolymerizableUnsaturated)
        {
            if (polymerizableNode is not null && !polymerizable)
                r.Error(polymerizableNode, path + ".polymerizableUnsaturated", "is false, but role polymerizable-unsaturated says the material has a polymerizable unsaturated bond");
            polymerizable = true;
        }
        CheckContradictions(r, map, path, nitrogen, xl, pag);

        if (id is null || name is null || role is null || density is null) return null;
        if (role == MaterialRole.Resin && resin is null) return null;
        if (role == MaterialRole.Crosslinker && xl is null) return null;
        if (role == MaterialRole.PhotoacidGenerator && pag is null) return null;
        return new Material(id, name, role.Value, mw, density.Value, nitrogen, polymerizable, resin, xl, pag, r.File, YamlReader.Line(map));
    }

    /// <summary>Metadata that contradicts itself: the claims would be decided on a structure that cannot exist.</summary>
    private static void CheckContradictions(YamlReader r, YamlMappingNode map, string path, bool nitrogen, CrosslinkerFacts? xl, AcidGeneratorFacts? pag)
    {
        var nitrogenNode = YamlReader.Get(map, "nitrogenContaining") ?? map;
        if (xl is { Kind: CrosslinkerKind.Aminoplast } && !nitrogen)
            r.Error(nitrogenNode, path + ".nitrogenContaining", "must be true: an aminoplast crosslinker carries N-CH2-O-R groups on a nitrogen skeleton");
        if (pag is { Class: AcidGeneratorClass.NHydroxyimideSulfonate or AcidGeneratorClass.Disulfonyldiazomethane or AcidGeneratorClass.HalomethylTriazine } && !nitrogen)
            r.Error(nitrogenNode, path + ".nitrogenContaining",
                $"must be true: a {YamlReader.Kebab(pag.Class)} acid generator contains nitrogen");
        if (pag is { Cation: not null } && pag.Class is not (AcidGeneratorClass.OniumSulfonate or AcidGeneratorClass.OniumOther))
            r.Error(YamlReader.Get(map, "acidGenerator")!, path + ".acidGenerator.cation",
                $"only an onium salt has a cation; class {YamlReader.Kebab(pag.Class)} is not an onium salt");
    }

    private static void RejectBlockForRole(YamlReader r, YamlMappingNode map, string path, string key, MaterialRole? role, MaterialRole owner)
    {
        var node = YamlReader.Get(map, key);
        if (node is not null && role is not null && role != owner)
            r.Error(node, path + "." + key, $"only a material with role {YamlReader.Kebab(owner)} may have '{key}', this one is {YamlReader.Kebab(role.Value)}");
    }

    private static ResinFacts? ReadResin(YamlReader r, YamlMappingNode map, string path)
    {
        r.AllowOnly(map, path, "backbone", "mw", "alkaliSoluble", "waterSoluble", "units");
        var backbone = r.String(map, "backbone", path, required: true);
        var mw = r.Number(map, "mw", path, required: false, 0, 1e8, minExclusive: true);
        var alkali = r.Bool(map, "alkaliSoluble", path, false);
        var water = r.Bool(map, "waterSoluble", path, false);
        var units = new List<ResinUnit>();
        var ok = true;
        var items = r.Items(map, "units", path, required: true);
        foreach (var (u, upath) in items)
        {
            r.AllowOnly(u, upath, "id", "motif", "molPercent", "alkyleneCarbons", "alkylCarbons", "hydroxylCount");
            var id = r.String(u, "id", upath, required: true);
            var motif = r.Enum<UnitMotif>(u, "motif", upath, required: true);
            var mol = r.Number(u, "molPercent", upath, required: true, 0, 100, unit: " mol%");
            var alkylene = r.Integer(u, "alkyleneCarbons", upath, false, 1, 30);
            var alkyl = r.Integer(u, "alkylCarbons", upath, false, 1, 30);
            var hydroxyl = r.Integer(u, "hydroxylCount", upath, false, 0, 5);
            if (id is null || motif is null || mol is null) { ok = false; continue; }
            if (units.Any(x => x.Id == id)) { r.Error(u, upath + ".id", $"duplicate unit id '{id}'"); ok = false; continue; }
            units.Add(new ResinUnit(id, motif.Value, mol.Value, alkylene, alkyl, hydroxyl));
        }
        if (ok && units.Count > 0)
        {
            var sum = units.Sum(x => x.MolPercent);
            if (Math.Abs(sum - 100) > 0.01)
                r.Error(YamlReader.Get(map, "units")!, path + ".units", Invariant($"unit mol% must add up to 100, they add up to {sum:0.###}"));
        }
        return backbone is null || !ok ? null : new ResinFacts(backbone, mw, alkali, water, units);
    }

    private static CrosslinkerFacts? ReadCrosslinker(YamlReader r, YamlMappingNode map, string path)
    {
        r.AllowOnly(map, path, "kind", "skeleton", "benzeneRings", "groups", "groupTypes");
        var kind = r.Enum<CrosslinkerKind>(map, "kind", path, required: true);
        var skeleton = r.Enum<NitrogenSkeleton>(map, "skeleton", path, required: kind == CrosslinkerKind.Aminoplast);
        var rings = r.Integer(map, "benzeneRings", path, required: kind == CrosslinkerKind.Phenolic, 0, 50);
        var groups = r.Integer(map, "groups", path, required: true, 0, 100);
        var types = new List<CrosslinkGroup>();
        foreach (var (text, node) in r.Scalars(map, "groupTypes", path))
            if (r.ParseEnum<CrosslinkGroup>(text, node, path + ".groupTypes") is { } t) types.Add(t);
        var needsTypes = kind is CrosslinkerKind.Phenolic or CrosslinkerKind.Aminoplast;
        if (needsTypes && types.Count == 0)
            r.Error(map, path + ".groupTypes", "is required for phenolic and aminoplast crosslinkers (hydroxymethyl, alkoxymethyl, acyloxymethyl)");
        if (skeleton is not null && kind != CrosslinkerKind.Aminoplast)
            r.Error(map, path + ".skeleton", "only aminoplast crosslinkers have a nitrogen skeleton");
        if (kind == CrosslinkerKind.Phenolic && rings == 0)
            r.Error(YamlReader.Get(map, "benzeneRings")!, path + ".benzeneRings", "is 0, but a phenolic crosslinker is a phenol compound: it has at least one benzene ring");
        if (groups == 0 && types.Count > 0)
            r.Error(YamlReader.Get(map, "groups")!, path + ".groups", $"is 0, but groupTypes lists {string.Join(", ", types.Select(t => YamlReader.Kebab(t)))}");
        if (rings is { } rc && groups is { } gc && kind == CrosslinkerKind.Phenolic && rc > 0 && gc > 5 * rc)
            r.Error(YamlReader.Get(map, "groups")!, path + ".groups", $"{gc} groups on {rc} benzene ring(s): a phenol ring has at most 5 positions besides its OH for CH2OR groups");
        if (kind is null || groups is null || (needsTypes && types.Count == 0)) return null;
        if (kind == CrosslinkerKind.Aminoplast && skeleton is null) return null;
        if (kind == CrosslinkerKind.Phenolic && rings is null) return null;
        return new CrosslinkerFacts(kind.Value, skeleton, rings, groups.Value, types);
    }

    private static AcidGeneratorFacts? ReadAcidGenerator(YamlReader r, YamlMappingNode map, string path)
    {
        r.AllowOnly(map, path, "class", "cation");
        var cls = r.Enum<AcidGeneratorClass>(map, "class", path, required: true);
        var cation = r.Enum<OniumCation>(map, "cation", path,
            required: cls is AcidGeneratorClass.OniumSulfonate or AcidGeneratorClass.OniumOther);
        return cls is null ? null : new AcidGeneratorFacts(cls.Value, cation);
    }

    private static StockSolution? ReadStock(YamlReader r, YamlMappingNode map, string path, Dictionary<string, Material> materials)
    {
        r.AllowOnly(map, path, "id", "material", "solidsWtPercent", "solvent");
        var id = r.String(map, "id", path, required: true);
        var materialId = r.String(map, "material", path, required: true);
        var conc = r.Number(map, "solidsWtPercent", path, required: true, 0, 100, minExclusive: true, unit: " wt%");
        var solventId = r.String(map, "solvent", path, required: true);
        Material? material = null, solvent = null;
        if (materialId is not null && !materials.TryGetValue(materialId, out material))
            r.Error(map, path + ".material", $"unknown material '{materialId}'");
        if (solventId is not null && !materials.TryGetValue(solventId, out solvent))
            r.Error(map, path + ".solvent", $"unknown material '{solventId}'");
        if (material is { Role: MaterialRole.Solvent })
            r.Error(map, path + ".material", $"'{material.Id}' is a solvent; a stock solution dissolves a solid in a solvent");
        if (solvent is not null && solvent.Role != MaterialRole.Solvent)
            r.Error(map, path + ".solvent", $"'{solvent.Id}' has role {YamlReader.Kebab(solvent.Role)}, a stock's solvent must have role solvent");
        if (id is null || material is null || solvent is null || conc is null) return null;
        return new StockSolution(id, material, conc.Value, solvent, r.File, YamlReader.Line(map));
    }
}
