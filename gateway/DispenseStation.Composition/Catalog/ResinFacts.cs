namespace DispenseStation.Composition.Catalog;

/// <summary>
/// Structural motif of a resin repeating unit. The catalog names the motif; each claim-set rule pack says which
/// of its claimed formulas a motif is (the seeds' structural drawings are not in their text, so this mapping
/// is where chemistry knowledge enters, once, in code).
/// </summary>
public enum UnitMotif
{
    /// <summary>HO-C6H4-R-SiO3/2 (hydroxyphenylalkyl silsesquioxane); R is an alkylene of AlkyleneCarbons.</summary>
    SsqHydroxyphenylalkyl,
    /// <summary>C6H5-SiO3/2 (phenyl silsesquioxane).</summary>
    SsqPhenyl,
    /// <summary>R'O-C6H4-R-SiO3/2 (alkoxyphenylalkyl silsesquioxane); R alkylene, R' alkyl.</summary>
    SsqAlkoxyphenylalkyl,
    /// <summary>CH3-SiO3/2 and other alkyl silsesquioxanes.</summary>
    SsqAlkyl,
    /// <summary>p-hydroxystyrene and ring-substituted hydroxystyrenes (free phenolic OH on a vinyl-benzene unit).</summary>
    Hydroxystyrene,
    /// <summary>Styrene and alkyl/halo-substituted styrenes (no oxygen on the ring).</summary>
    Styrene,
    /// <summary>Alkoxystyrene (e.g. p-methoxystyrene, p-tert-butoxystyrene).</summary>
    Alkoxystyrene,
    /// <summary>Acyloxystyrene (e.g. p-acetoxystyrene).</summary>
    Acyloxystyrene,
    /// <summary>Vinylnaphthalene and hydroxy/alkoxy vinylnaphthalenes (fused aromatic side group).</summary>
    Vinylnaphthalene,
    /// <summary>Alkyl (meth)acrylates.</summary>
    AlkylMethacrylate,
    /// <summary>Hydroxystyrene whose phenol carries a (meth)acryloyl or allyl ether side group (polymerizable).</summary>
    HydroxystyrenePolymerizableSideChain,
    /// <summary>Cresol-formaldehyde novolak unit.</summary>
    Novolak,
    /// <summary>The catalog does not describe the unit's structure.</summary>
    Unspecified,
}

/// <summary>One repeating unit of a resin with its share of all units in mol%.</summary>
public sealed record ResinUnit(string Id, UnitMotif Motif, double MolPercent, int? AlkyleneCarbons, int? AlkylCarbons, int? HydroxylCount);

/// <summary>What the claims need to know about a resin: units (mol%), weight-average molecular weight, solubility.</summary>
public sealed record ResinFacts(
    string Backbone,
    double? WeightAverageMw,
    bool AlkaliSoluble,
    bool WaterSoluble,
    IReadOnlyList<ResinUnit> Units);
