using System.Text.Json;
using DispenseStation.Gateway.Registry;

namespace DispenseStation.Gateway.HomeAssistant;

/// <summary>
/// Topics and retained config payloads of Home Assistant MQTT discovery (HA documentation, "MQTT Discovery"):
/// &lt;prefix&gt;/sensor/&lt;node_id&gt;/&lt;object_id&gt;/config, with device info so HA groups a station's
/// entities, a unique id per entity, and availability on the station's online/offline.
/// </summary>
public sealed class DiscoveryConfig(HomeAssistantOptions options, string gatewayInstance)
{
    public const string Online = "online";
    public const string Offline = "offline";

    /// <summary>Origin name in every config: how the gateway recognises its own configs and sees another's on the same topic.</summary>
    public string Origin { get; } = $"DispenseStation gateway {gatewayInstance}";

    public string ConfigTopic(string station, HomeAssistantEntity e) => $"{options.DiscoveryPrefix}/sensor/{options.NodeId}/{station}_{e.Key}/config";

    /// <summary>
    /// Where HA reads the entity: its own plain topic, or for a telemetry entity the station's one telemetry topic (a JSON
    /// object HA reads through the entity's value_template).
    /// </summary>
    public string StateTopic(string station, HomeAssistantEntity e) => e.FromTelemetry ? TelemetryTopic(station) : $"{options.StateTopicRoot}/{station}/{e.Key}";

    /// <summary>
    /// The station's telemetry values (plate temperature, setpoint, scale weight, heater duty) in one JSON object, as
    /// Zigbee2MQTT publishes a device's state: one message per station per interval instead of one per value. Every
    /// message the embedded broker routes costs a check of each subscribed session (each station holds one), so at fleet
    /// scale the number of messages, not their size, is what the view costs.
    /// </summary>
    public string TelemetryTopic(string station) => $"{options.StateTopicRoot}/{station}/telemetry";

    /// <summary>The template HA applies to the telemetry topic's JSON to read one entity (HA "MQTT Sensor", value_template).</summary>
    public static string ValueTemplate(HomeAssistantEntity e) => "{{ value_json." + e.Key + " }}";

    public string AvailabilityTopic(string station) => $"{options.StateTopicRoot}/{station}/availability";

    /// <summary>Filter matching every config topic of this gateway's node id (to see configs someone else put there).</summary>
    public string ConfigFilter => $"{options.DiscoveryPrefix}/sensor/{options.NodeId}/+/config";

    /// <summary>The station an own config topic belongs to, or null for a topic that is not one of this node id's station configs.</summary>
    public string? StationOfConfigTopic(string topic)
    {
        var head = $"{options.DiscoveryPrefix}/sensor/{options.NodeId}/";
        if (!topic.StartsWith(head, StringComparison.Ordinal) || !topic.EndsWith("/config", StringComparison.Ordinal)) return null;
        var objectId = topic[head.Length..^"/config".Length];
        foreach (var e in HomeAssistantEntities.All)
            if (objectId.EndsWith("_" + e.Key, StringComparison.Ordinal)) return objectId[..^(e.Key.Length + 1)];
        return null;
    }

    public byte[] Payload(StationSnapshot station, HomeAssistantEntity e)
    {
        var config = new Dictionary<string, object?>
        {
            ["name"] = e.Name,
            ["unique_id"] = $"dispense_station_{station.Id}_{e.Key}",
            ["state_topic"] = StateTopic(station.Id, e),
            ["availability_topic"] = AvailabilityTopic(station.Id),
            ["payload_available"] = Online,
            ["payload_not_available"] = Offline,
            ["device"] = new Dictionary<string, object?>
            {
                ["identifiers"] = new[] { $"dispense_station_{station.Id}" },
                ["name"] = $"Dispense station {station.Id}",
                ["manufacturer"] = "DispenseStation",
                ["model"] = "Resist dispense station",
                ["sw_version"] = station.Firmware,
            },
            ["origin"] = new Dictionary<string, object?> { ["name"] = Origin },
        };
        if (e.FromTelemetry) config["value_template"] = ValueTemplate(e);
        if (e.DeviceClass is { } dc) config["device_class"] = dc;
        if (e.Unit is { } u) config["unit_of_measurement"] = u;
        if (e.StateClass is { } sc) config["state_class"] = sc;
        if (e.Precision is { } p) config["suggested_display_precision"] = p;
        return JsonSerializer.SerializeToUtf8Bytes(config);
    }

    /// <summary>The origin name in a retained config payload, or null when it has none or is not JSON.</summary>
    public static string? OriginOf(byte[] payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 8 });
            foreach (var key in new[] { "origin", "o" })
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(key, out var o) && o.ValueKind == JsonValueKind.Object)
                    foreach (var nameKey in new[] { "name" })
                        if (o.TryGetProperty(nameKey, out var n) && n.ValueKind == JsonValueKind.String) return n.GetString();
            return null;
        }
        catch (JsonException) { return null; }
    }
}
