namespace DispenseStation.Gateway.Mqtt;

/// <summary>One MQTT message the gateway received.</summary>
public sealed record GatewayMessage(string Topic, byte[] Payload, bool Retain);
