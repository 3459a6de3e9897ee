namespace DispenseStation.Composition.Catalog;

/// <summary>Chemical family of an acid-catalysed crosslinker.</summary>
public enum CrosslinkerKind
{
    /// <summary>Phenol compound with hydroxymethyl/alkoxymethyl/acyloxymethyl groups on its benzene rings.</summary>
    Phenolic,
    /// <summary>Aminoplast: N-CH2-O-R groups on a nitrogen skeleton (melamine, urea, glycoluril, ...).</summary>
    Aminoplast,
    Epoxy,
    Other,
}

/// <summary>Nitrogen skeleton of an aminoplast crosslinker.</summary>
public enum NitrogenSkeleton
{
    Melamine,
    Urea,
    Imidazolidine,
    Glycoluril,
    Benzoguanamine,
    Other,
}

/// <summary>The crosslinking -CH2-O-R group: R = H (hydroxymethyl), alkyl (alkoxymethyl) or acyl (acyloxymethyl).</summary>
public enum CrosslinkGroup
{
    Hydroxymethyl,
    Alkoxymethyl,
    Acyloxymethyl,
}

/// <summary>
/// Structure facts of a crosslinker. Groups counts the crosslinking groups per molecule: -CH2-O-R on benzene
/// rings for phenolics, N-CH2-O-R for aminoplasts (an N(CH2OR)2 nitrogen counts two).
/// </summary>
public sealed record CrosslinkerFacts(
    CrosslinkerKind Kind,
    NitrogenSkeleton? Skeleton,
    int? BenzeneRings,
    int Groups,
    IReadOnlyList<CrosslinkGroup> GroupTypes);
