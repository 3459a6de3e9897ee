namespace DispenseStation.Gateway.Mqtt;

/// <summary>Who an authenticated MQTT connection is: the gateway itself or one station.</summary>
public sealed record MqttIdentity(string Name, bool IsGateway)
{
    public static MqttIdentity Station(string id) => new(id, false);
    public static MqttIdentity Gateway(string username) => new(username, true);

    /// <summary>A Sparkplug host or Home Assistant: reads the gateway's views, writes only what <see cref="View"/> allows.</summary>
    public static MqttIdentity Viewer(string username, Commissioning.ViewAccess access) => new(username, false) { View = access };

    public Commissioning.ViewAccess? View { get; init; }
}
