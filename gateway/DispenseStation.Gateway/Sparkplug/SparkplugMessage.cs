using DispenseStation.Gateway.Sparkplug.Proto;
using Google.Protobuf;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>One Sparkplug message the edge node publishes: topic, type, the device (null for node messages) and the payload.</summary>
public sealed record SparkplugMessage(string Topic, SparkplugMessageType Type, string? Device, Payload Payload)
{
    public byte[] ToBytes() => Payload.ToByteArray();
}
