using DispenseStation.Gateway.Registry;

namespace DispenseStation.Gateway.HomeAssistant;

/// <summary>One Home Assistant entity of a station: its key (topic level and unique id suffix), how HA should show it, and its value.</summary>
public sealed record HomeAssistantEntity(
    string Key, string Name, string? DeviceClass, string? Unit, string? StateClass, int? Precision, bool FromTelemetry,
    Func<StationSnapshot?, TelemetryPoint?, string> Value);

/// <summary>
/// The entities each station gets (issue 18: plate temperature, setpoint, scale weight, PackML state, active alarm,
/// batch progress). State, alarm and batch values are plain text on their own topics, so HA reads them without a
/// template; "None" is HA's word for an unknown state. The four telemetry values, which change every interval, share
/// one JSON topic per station (<see cref="TelemetryJson"/>), read through a value_template: half or less of the messages.
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

    /// <summary>
    /// The station's telemetry topic payload: each telemetry entity's value under its key, as a JSON number with the
    /// entity's precision, or null when unknown (the template then renders None, HA's unknown).
    /// </summary>
    public static string TelemetryJson(StationSnapshot? s, TelemetryPoint? t)
    {
        var json = new System.Text.StringBuilder("{");
        foreach (var e in All)
        {
            if (!e.FromTelemetry) continue;
            var v = e.Value(s, t);
            if (json.Length > 1) json.Append(',');
            json.Append('"').Append(e.Key).Append("\":").Append(v == Unknown ? "null" : v);
        }
        return json.Append('}').ToString();
    }

    private static string Number(double? v, string format) =>
        v is { } x && double.IsFinite(x) ? x.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : Unknown;
}
