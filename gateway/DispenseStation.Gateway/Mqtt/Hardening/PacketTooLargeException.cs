namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>A client's packet broke <see cref="PacketSizeGuard"/>'s limits; its connection closes.</summary>
public sealed class PacketTooLargeException(string reason) : IOException(reason);
