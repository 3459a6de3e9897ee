namespace DispenseStation.Gateway.Registry;

/// <summary>The latest process values of a station, stamped with gateway time.</summary>
public sealed record TelemetryPoint(
    DateTimeOffset At, double? ScaleGrams, bool ScaleStable, double? PlateC, double? SetpointC, double? HeaterDuty, double[] PumpRates);

/// <summary>A loaded pump channel as the channel map describes it (Channel is the 1-based label).</summary>
public sealed record LoadedChannel(int Channel, string Material, string? Stock);

/// <summary>
/// A station's calibrations as its retained state reports them (issue 17): whether scale and RTD are calibrated, when
/// (null = the station did not know UTC then) and the scale's reference mass (null = not known).
/// </summary>
public sealed record StationCalibration(
    bool ScaleCalibrated, DateTimeOffset? ScaleCalibratedAt, double? ScaleReferenceGrams, bool RtdCalibrated, DateTimeOffset? RtdCalibratedAt)
{
    /// <summary>The facts of a state message, or null when it does not carry them (older firmware, the last will).</summary>
    public static StationCalibration? From(DispenseStation.Protocol.Messages.StateMessage m) => m.CalibrationReported
        ? new(m.ScaleCalibrated, At(m.ScaleCalibratedUtcMs), double.IsNaN(m.ScaleReferenceGrams) ? null : m.ScaleReferenceGrams,
            m.RtdCalibrated, At(m.RtdCalibratedUtcMs))
        : null;

    private static DateTimeOffset? At(long unixMs) => unixMs >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs) : null;
}

/// <summary>
/// What the gateway knows about one station, replaced whole on every change (readers never see a half update).
/// Online comes from the retained state and its last will; Known is false until the station has said anything.
/// TelemetryReceivedAt is the gateway's time of the latest telemetry (LastTelemetry.At is on the station's time base).
/// </summary>
public sealed record StationSnapshot(
    string Id,
    bool Online,
    bool Known,
    string? Firmware,
    string? PackMlState,
    string? BatchId,
    int? StepIndex,
    int? StepCount,
    string? StepName,
    bool Interrupted,
    IReadOnlyList<string> ActiveAlarms,
    DateTimeOffset? LastSeen,
    TelemetryPoint? LastTelemetry,
    IReadOnlyList<LoadedChannel> Channels,
    StationCalibration? Calibration = null,
    DateTimeOffset? TelemetryReceivedAt = null)
{
    public static StationSnapshot Unknown(string id, IReadOnlyList<LoadedChannel> channels) =>
        new(id, false, false, null, null, null, null, null, null, false, [], null, null, channels);
}
