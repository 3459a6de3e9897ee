namespace DispenseStation.Gateway.Mqtt;

/// <summary>Who an authenticated MQTT connection is: the gateway itself or one station.</summary>
public sealed record MqttIdentity(string Name, bool IsGateway)
{
    public static MqttIdentity Station(string id) => new(id, false);
    public static MqttIdentity Gateway(string username) => new(username, true);
}
