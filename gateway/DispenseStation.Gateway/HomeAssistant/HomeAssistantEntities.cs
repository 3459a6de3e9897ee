using DispenseStation.Gateway.Registry;

namespace DispenseStation.Gateway.HomeAssistant;

/// <summary>One Home Assistant entity of a station: its key (topic level and unique id suffix), how HA should show it, and its value.</summary>
public sealed record HomeAssistantEntity(
    string Key, string Name, string? DeviceClass, string? Unit, string? StateClass, int? Precision, bool FromTelemetry,
    Func<StationSnapshot?, TelemetryPoint?, string> Value);

/// <summary>
/// The entities each station gets (issue 18: plate temperature, setpoint, scale weight, PackML state, active alarm,
/// batch progress). Every value is published as plain text on its own topic, so HA reads it without a template;
/// "None" is HA's word for an unknown state.
/// </summary>
public static class HomeAssistantEntities
{
    public const string Unknown = "None";

    public static readonly HomeAssistantEntity[] All =
    [
        new("plate_temperature", "Plate temperature", "temperature", "°C", "measurement", 2, true, (_, t) => Number(t?.PlateC, "0.00")),
        new("setpoint", "Plate setpoint", "temperature", "°C", "measurement", 1, true, (_, t) => Number(t?.SetpointC, "0.0")),
        new("scale_weight", "Scale weight", "weight", "g", "measurement", 3, true, (_, t) => Number(t?.ScaleGrams, "0.000")),
        new("heater_duty", "Heater duty", null, "%", "measurement", 0, true, (_, t) => Number(t?.HeaterDuty * 100, "0.0")),
        new("packml_state", "PackML state", null, null, null, null, false, (s, _) => s?.PackMlState ?? Unknown),
        new("active_alarm", "Active alarm", null, null, null, null, false, (s, _) => s is null ? Unknown : s.ActiveAlarms.Count == 0 ? "none" : string.Join(",", s.ActiveAlarms)),
        new("batch", "Batch", null, null, null, null, false, (s, _) => s?.BatchId ?? "none"),
        new("batch_progress", "Batch progress", null, "%", "measurement", 0, false,
            (s, _) => s is { BatchId: not null, StepIndex: { } i, StepCount: > 0 and var n } ? Number(100.0 * i / n, "0.0") : Unknown),
        new("step", "Batch step", null, null, null, null, false, (s, _) => s?.StepName ?? "none"),
    ];

    private static string Number(double? v, string format) =>
        v is { } x && double.IsFinite(x) ? x.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : Unknown;
}
