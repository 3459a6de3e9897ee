using DispenseStation.Composition.Catalog;

namespace DispenseStation.Composition.Recipes;

/// <summary>
/// A parsed, catalog-resolved recipe. Component fractions are of total solids and add up to 1; solvent fractions
/// are of total solvent and add up to 1. Everything was range-checked by <see cref="RecipeParser"/>.
/// </summary>
public sealed record Recipe(
    string Name,
    string ClaimSetId,
    double BatchGrams,
    double SolidsWtPercent,
    IReadOnlyList<RecipeComponent> Components,
    IReadOnlyList<RecipeSolvent> Solvents,
    Exposure? Exposure,
    IReadOnlyList<ProcessUse> Uses,
    IReadOnlyList<BakeStep> Bake,
    string File,
    int BatchLine)
{
    public double SolidsGrams => BatchGrams * SolidsWtPercent / 100.0;

    public double SolventGrams => BatchGrams - SolidsGrams;
}

/// <summary>A solids component: FractionOfSolids in [0, 1]; Amount as written (parts or wt% of solids).</summary>
public sealed record RecipeComponent(Material Material, double FractionOfSolids, double Amount, AmountUnit Unit, int Line)
{
    public double WtPercentOfSolids => FractionOfSolids * 100.0;
}

public enum AmountUnit
{
    PartsByWeight,
    WtPercentOfSolids,
}

public sealed record RecipeSolvent(Material Material, double FractionOfSolvent, int Line);

public enum Radiation
{
    EBeam,
    XRay,
    Euv,
    ArF,
    KrF,
    ILine,
}

/// <summary>How the resist is exposed; AcceleratingVoltageKeV only for e-beam.</summary>
public sealed record Exposure(Radiation Radiation, double? AcceleratingVoltageKeV, int Line);

/// <summary>Process a resist is made for, where a claim names one.</summary>
public enum ProcessUse
{
    /// <summary>Top layer of a two-layer (bilayer) resist: organic underlayer etched by dry etch through it.</summary>
    TwoLayerResist,
    /// <summary>Mask for ion etching (ion milling) of a magnetic film.</summary>
    MagneticFilmIonEtch,
    /// <summary>Upper layer of a lift-off pattern (base film + resist) for ion etching a magnetic film.</summary>
    MagneticFilmLiftOff,
}

/// <summary>One hotplate segment: ramp to SetpointC at RampCPerMin, hold HoldS seconds within ±BandC.</summary>
public sealed record BakeStep(string Name, double SetpointC, double RampCPerMin, double HoldS, double BandC, int Line);
