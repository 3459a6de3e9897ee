using DispenseStation.Composition.Catalog;

namespace DispenseStation.Composition.Planning;

public enum DispenseOrder
{
    /// <summary>Pure solvent first, then stocks from most to least dilute, neat solids last (then LastRoles).</summary>
    SolventHeavyFirst,
    /// <summary>By channel number (then LastRoles).</summary>
    ChannelNumber,
    /// <summary>Exactly ExplicitOrder (material ids); LastRoles is not applied.</summary>
    Explicit,
}

/// <summary>How a plan orders doses and sizes their tolerances. Defaults suit a 0.001 g bench scale.</summary>
public sealed record DispenseOptions
{
    public DispenseOrder Order { get; init; } = DispenseOrder.SolventHeavyFirst;

    /// <summary>Roles dosed at the very end, in this order (small doses land on a full bottle and mix in).</summary>
    public IReadOnlyList<MaterialRole> LastRoles { get; init; } = new[] { MaterialRole.Surfactant, MaterialRole.Quencher };

    public IReadOnlyList<string> ExplicitOrder { get; init; } = Array.Empty<string>();

    /// <summary>Relative tolerance of major doses (solvent, resin).</summary>
    public double MajorRelativeTolerance { get; init; } = 0.005;

    /// <summary>Tighter relative tolerance for minor components: a PAG or quencher off by 1 % shifts dose-to-size.</summary>
    public double MinorRelativeTolerance { get; init; } = 0.002;

    /// <summary>A solids component below this fraction of total solids is minor.</summary>
    public double MinorComponentFraction { get; init; } = 0.10;

    /// <summary>No tolerance is tighter than this many scale resolution steps.</summary>
    public double MinimumToleranceSteps { get; init; } = 3;

    /// <summary>Ratio accuracy per role (fraction of the dose) that a dose's 2-sigma error must not exceed; roles not listed are not checked.</summary>
    public IReadOnlyDictionary<MaterialRole, double> RatioAccuracy { get; init; } = DoseFeasibility.DefaultRatioAccuracy;

    /// <summary>Mass of one drop at the nozzle tip: a dose ends with up to one drop hanging or falling (hardware/plant/dosing.md).</summary>
    public double NozzleDropGrams { get; init; } = DoseFeasibility.ReferenceDropGrams;

    /// <summary>When a dose within tolerance could leave a claim: tighten the tolerances (default) or refuse the plan.</summary>
    public Compliance.ClaimCornerPolicy ClaimCorners { get; init; } = Compliance.ClaimCornerPolicy.Tighten;

    /// <summary>Plan a recipe the validator did not find compliant (for development runs only).</summary>
    public bool AllowNonCompliant { get; init; }
}
