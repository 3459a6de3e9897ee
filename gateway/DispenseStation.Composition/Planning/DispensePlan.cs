using DispenseStation.Composition.Recipes;
using DispenseStation.Composition.Catalog;

namespace DispenseStation.Composition.Planning;

/// <summary>
/// One pump dose. TargetGrams is exact (mass balance closes on these); SetpointGrams is TargetGrams rounded to the
/// scale resolution, which is what the station doses to, within ±ToleranceGrams.
/// </summary>
public sealed record Dose(
    int Order,
    int Channel,
    Material Material,
    string? StockId,
    double TargetGrams,
    double SetpointGrams,
    double SolidsGrams,
    double SolventGrams,
    Material? Solvent,
    double ToleranceGrams,
    double TolerancePercent,
    bool Minor);

/// <summary>Everything a station needs to make one batch of a validated recipe.</summary>
public sealed record DispensePlan(
    string RecipeName,
    string ClaimSetId,
    string Station,
    double BatchGrams,
    double SolidsGrams,
    IReadOnlyList<Dose> Doses,
    ProcessBakes BakeProfiles,
    double EstimatedVolumeMl,
    IReadOnlyList<string> Warnings)
{
    public double TotalTargetGrams => Doses.Sum(d => d.TargetGrams);

    public double TotalSetpointGrams => Doses.Sum(d => d.SetpointGrams);
}
