namespace DispenseStation.VirtualStation.Mqtt;

/// <summary>Where and as whom the station connects.</summary>
public sealed class MqttLinkSettings
{
    public required string StationId { get; init; }
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 1883;
    public string? Username { get; init; }
    public string? Password { get; init; }
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages the link holds for sending; beyond it Publish refuses and the core keeps them.</summary>
    public int SendQueueCapacity { get; init; } = 256;

    /// <summary>Received messages waiting for the station loop; more are dropped (and counted).</summary>
    public int ReceiveQueueCapacity { get; init; } = 256;
}
