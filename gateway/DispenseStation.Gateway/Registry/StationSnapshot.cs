namespace DispenseStation.Gateway.Registry;

/// <summary>The latest process values of a station, stamped with gateway time.</summary>
public sealed record TelemetryPoint(
    DateTimeOffset At, double? ScaleGrams, bool ScaleStable, double? PlateC, double? SetpointC, double? HeaterDuty, double[] PumpRates);

/// <summary>A loaded pump channel as the channel map describes it (Channel is the 1-based label).</summary>
public sealed record LoadedChannel(int Channel, string Material, string? Stock);

/// <summary>
/// What the gateway knows about one station, replaced whole on every change (readers never see a half update).
/// Online comes from the retained state and its last will; Known is false until the station has said anything.
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
    IReadOnlyList<LoadedChannel> Channels)
{
    public static StationSnapshot Unknown(string id, IReadOnlyList<LoadedChannel> channels) =>
        new(id, false, false, null, null, null, null, null, null, false, [], null, null, channels);
}
