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
    ProcessBakes Bakes,
    string File,
    int BatchLine)
{
    /// <summary>
    /// The bake steps of a recipe written before bake jobs (its <c>bake:</c> list), read only from a stored batch
    /// record (<see cref="RecipeReading.StoredRecord"/>): the station ran them as steps of that batch. Always empty for a
    /// recipe read for a new batch, which cannot carry bake steps.
    /// </summary>
    public IReadOnlyList<BakeStep> LegacyBake { get; init; } = [];

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

/// <summary>
/// The bake profiles of the recipe's process, by name (the gateway's versioned bake profiles; each is run as a bake job
/// with wafers, never as a step of the dispense batch): coat -> post-apply bake -> expose -> post-exposure bake.
/// Either may be absent. Line is the <c>bakeProfiles:</c> line (0 when absent).
/// </summary>
public sealed record ProcessBakes(string? PostApply, string? PostExposure, int Line)
{
    public static readonly ProcessBakes None = new(null, null, 0);

    /// <summary>The named profiles with the field that names each (for checks and messages).</summary>
    public IEnumerable<(string Field, string Profile)> Named()
    {
        if (PostApply is not null) yield return ("bakeProfiles.postApply", PostApply);
        if (PostExposure is not null) yield return ("bakeProfiles.postExposure", PostExposure);
    }
}

/// <summary>How a recipe text is read.</summary>
public enum RecipeReading
{
    /// <summary>For a new batch, validation or planning: a <c>bake:</c> list is refused (bakes are bake jobs).</summary>
    NewBatch,
    /// <summary>
    /// The recipe text kept in a stored batch record: a <c>bake:</c> list written before bake jobs is read into
    /// <see cref="Recipe.LegacyBake"/> so the record's history still shows the bake steps its station ran.
    /// </summary>
    StoredRecord,
}

/// <summary>One hotplate segment of a pre-bake-job recipe: ramp to SetpointC at RampCPerMin, hold HoldS seconds within ±BandC.</summary>
public sealed record BakeStep(string Name, double SetpointC, double RampCPerMin, double HoldS, double BandC, int Line);
