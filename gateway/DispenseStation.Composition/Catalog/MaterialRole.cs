namespace DispenseStation.Composition.Catalog;

/// <summary>What a material does in a resist. YAML spells these kebab-case ("photoacid-generator").</summary>
public enum MaterialRole
{
    Resin,
    PhotoacidGenerator,
    Crosslinker,
    Quencher,
    Surfactant,
    Solvent,
    /// <summary>A low-molecular compound with a polymerizable unsaturated bond (e.g. an acrylate monomer).</summary>
    PolymerizableUnsaturated,
    Other,
}
