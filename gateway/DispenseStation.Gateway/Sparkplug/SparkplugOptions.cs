namespace DispenseStation.Gateway.Sparkplug;

/// <summary>Section "Gateway:Sparkplug": the gateway as a Sparkplug B 3.0 edge node, each station one of its devices.</summary>
public sealed class SparkplugOptions
{
    public const string Section = "Gateway:Sparkplug";

    public bool Enabled { get; set; }

    /// <summary>Sparkplug group id (topic level 2). The specification's topic rules: no '/', '+' or '#'.</summary>
    public string GroupId { get; set; } = "DispenseStation";

    /// <summary>Edge node id (topic level 4); one per gateway.</summary>
    public string EdgeNodeId { get; set; } = "gateway";

    /// <summary>Where the last birth/death sequence number (bdSeq) is kept across restarts, so a host can tell a stale NDEATH from the current session's.</summary>
    public string BdSeqFile { get; set; } = "sparkplug-bdseq";

    /// <summary>Accept "Device Control/Hold" and "Device Control/Abort" from a host (DCMD). Off: commands are refused and the metrics are not born.</summary>
    public bool AcceptDeviceCommands { get; set; }

    /// <summary>At most one rebirth (NCMD "Node Control/Rebirth") per this many seconds; more are refused (a storm of rebirths would flood every host).</summary>
    public double RebirthMinIntervalSeconds { get; set; } = 5;

    /// <summary>A refusal (bad NCMD/DCMD, unknown metric, throttled rebirth) is logged at most once per this many seconds per kind.</summary>
    public double RefusalLogIntervalSeconds { get; set; } = 60;

    /// <summary>Report by exception: a plate or setpoint temperature is sent only when it moved at least this far since it was last sent.</summary>
    public double TemperatureDeadbandC { get; set; } = 0.05;

    /// <summary>Report by exception for the scale weight.</summary>
    public double WeightDeadbandGrams { get; set; } = 0.001;

    /// <summary>Report by exception for the heater duty (0..1).</summary>
    public double DutyDeadband { get; set; } = 0.01;

    /// <summary>
    /// Minimum interval between two telemetry DDATA of one device (tag pacing): a change beyond its deadband that comes
    /// sooner waits for the end of the interval and then goes out, in one DDATA with the latest values and their samples'
    /// timestamps. 0 sends every change at once. State changes (PackML, batch, alarms) are never held back.
    /// </summary>
    public int DataMinIntervalMilliseconds { get; set; } = 1000;

    /// <summary>NCMD/DCMD payloads larger than this are refused before they are parsed.</summary>
    public int MaxCommandBytes { get; set; } = 4096;

    /// <summary>
    /// External broker: the edge node's own MQTT user (Mosquitto's use_username_as_clientid would otherwise make its session
    /// and the gateway's main session take each other over). Null: the gateway's user. Ignored with the embedded broker.
    /// </summary>
    public string? Username { get; set; }

    /// <summary>External broker: the password of <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Reconnect pause of the edge node's own MQTT session.</summary>
    public int ReconnectDelayMilliseconds { get; set; } = 2000;
}
