namespace DispenseStation.Gateway.Orchestration;

/// <summary>
/// One step of a dispatched batch as operators see it. Channel is the station's 0-based pump channel (as on the
/// wire); ChannelLabel is the 1-based number on the channel map and the front panel.
/// </summary>
public sealed record PlannedStep(
    int Index,
    string Kind,
    string Name,
    int? Channel,
    int? ChannelLabel,
    string? Material,
    double? TargetGrams,
    double? ToleranceGrams,
    double? SetpointC,
    double? RampCPerMin,
    double? HoldS,
    double? BandC);
