namespace DispenseStation.Composition.Catalog;

/// <summary>What a material does in a resist. YAML spells these kebab-case ("photoacid-generator").</summary>
public enum MaterialRole
{
    Resin,
    PhotoacidGenerator,
    Crosslinker,
    /// <summary>An acid quencher: amines, photodecomposable onium salts of weak acids.</summary>
    Quencher,
    Surfactant,
    Solvent,
    /// <summary>A low-molecular compound with a polymerizable unsaturated bond (e.g. an acrylate monomer).</summary>
    PolymerizableUnsaturated,
    /// <summary>A compound that generates radicals (not an acid) on irradiation, e.g. an alpha-cleavage photoinitiator.</summary>
    RadicalGenerator,
    /// <summary>An organic basic compound other than an amine quencher, e.g. a tertiary phosphine (nitrogen-free).</summary>
    OrganicBase,
    Other,
}
