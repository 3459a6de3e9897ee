namespace DispenseStation.Gateway.HomeAssistant;

/// <summary>Section "Gateway:HomeAssistant": MQTT discovery of every station as a Home Assistant device.</summary>
public sealed class HomeAssistantOptions
{
    public const string Section = "Gateway:HomeAssistant";

    public bool Enabled { get; set; }

    /// <summary>Home Assistant's discovery prefix (its MQTT integration setting, "homeassistant" unless changed there).</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>
    /// Discovery node id (the optional topic level after the component): keeps this gateway's configs apart from
    /// another gateway's under the same prefix. Letters, digits, '_' and '-'.
    /// </summary>
    public string NodeId { get; set; } = "dispense_gateway";

    /// <summary>Where the gateway publishes plain state values (one number or word per topic) and station availability.</summary>
    public string StateTopicRoot { get; set; } = "dispense-ha";

    /// <summary>
    /// Minimum interval between two publishes of one telemetry state topic (per station and entity; stations send ~5 Hz, a
    /// dashboard needs ~1 Hz). A change inside the interval is published at its end with the latest value; 0 publishes every change.
    /// </summary>
    public int TelemetryIntervalMilliseconds { get; set; } = 1000;

    /// <summary>A refusal (discovery topic owned by someone else) is logged at most once per this many seconds per kind.</summary>
    public double RefusalLogIntervalSeconds { get; set; } = 60;
}
