namespace DispenseStation.Composition.Catalog;

/// <summary>
/// A catalog material. MolecularWeight is g/mol of the molecule (null for polymers, whose Mw lives in Resin);
/// Density is g/mL at 20-25 °C. File/Line point at its catalog entry for error messages.
/// </summary>
public sealed record Material(
    string Id,
    string Name,
    MaterialRole Role,
    double? MolecularWeight,
    double Density,
    bool NitrogenContaining,
    bool PolymerizableUnsaturated,
    ResinFacts? Resin,
    CrosslinkerFacts? Crosslinker,
    AcidGeneratorFacts? AcidGenerator,
    string File,
    int Line)
{
    public override string ToString() => Id;
}

/// <summary>A material supplied dissolved in a solvent at SolidsWtPercent (mass of material / mass of solution).</summary>
public sealed record StockSolution(string Id, Material Material, double SolidsWtPercent, Material Solvent, string File, int Line);
