using DispenseStation.Gateway.Mqtt;
using DispenseStation.Protocol;

namespace DispenseStation.Gateway.Commissioning;

/// <summary>
/// A station is retired by clearing its retained state (an empty retained message on dispense/v1/{station}/state, the
/// MQTT way to delete a retained message: <c>mosquitto_pub -r -n -t dispense/v1/ds-07/state</c>). The views then
/// remove what they published about it; the station's records stay.
/// </summary>
public static class StationRetirement
{
    public static bool IsRetirement(GatewayMessage m, out string station)
    {
        station = "";
        if (m.Payload.Length != 0 || !TopicParser.TryParse(m.Topic, out var topic, out _) || topic.Kind != TopicKind.State) return false;
        station = topic.StationId;
        return true;
    }
}
