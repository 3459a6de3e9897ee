namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// The v1 topic layout (DESIGN section 5) as the gateway's access rules need it.
/// Kept local until the shared protocol library's Topics/StationId land on main.
/// </summary>
public static class StationTopics
{
    public const string Root = "dispense/v1";

    /// <summary>Leaf topics a station publishes on under its own root.</summary>
    public static readonly IReadOnlyList<string> StationPublishLeaves = ["state", "telemetry", "event", "cmd-result"];

    public static string State(string stationId) => $"{Root}/{stationId}/state";
    public static string Command(string stationId, string name) => $"{Root}/{stationId}/cmd/{name}";
    public static string CommandFilter(string stationId) => $"{Root}/{stationId}/cmd/+";

    /// <summary>Station ids become one topic level and an MQTT username: letters, digits, '-' and '_', 1..32 chars.</summary>
    public static bool IsValidStationId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 32) return false;
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) return false;
        return true;
    }

    public const string StationIdRule = "1-32 characters from A-Z, a-z, 0-9, '-' and '_'";
}
