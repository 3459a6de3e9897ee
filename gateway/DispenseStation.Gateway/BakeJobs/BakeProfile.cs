namespace DispenseStation.Gateway.BakeJobs;

/// <summary>One segment: the plate at <see cref="SetpointC"/> for <see cref="HoldS"/> of the wafer's time on plate; band for stability.</summary>
public sealed record BakeProfileSegment(double SetpointC, double HoldS, double BandC);

/// <summary>What a wafer must meet to pass. Null = not checked.</summary>
public sealed record BakeTolerances(double TimeOnPlateS, double? MaxDoseDeficitPercent, double? MaxDipC, double? MaxRecoverS);

/// <summary>
/// A versioned bake profile (gateway/bake-profiles/*.yaml; new versions saved through the API). The version is stored
/// with every wafer baked by it; a stored version never changes.
/// </summary>
public sealed record BakeProfile(
    string Name,
    int Version,
    string? Description,
    string Process,
    WaferSize Wafer,
    double WaferHeatCapacityJPerK,
    double ProximityGapMm,
    double WaferTauS,
    IReadOnlyList<BakeProfileSegment> Segments,
    BakeTolerances Tolerances,
    double StableS,
    double PlaceTimeoutS,
    double RemoveGraceS)
{
    /// <summary>How old a withdrawn wafer-down the operator's "wafer was already down" may back-date to, s (YAML
    /// maxBackdateS; null: the station's default, 30 s).</summary>
    public double? MaxBackdateS { get; init; }

    public double PlannedS => Segments.Sum(s => s.HoldS);
    public double IdealDoseCs => Segments.Sum(s => s.SetpointC * s.HoldS);
}
