namespace DispenseStation.Gateway.Mqtt;

/// <summary>
/// Who may publish and subscribe where (DESIGN section 7): a station only publishes its own
/// state/telemetry/event/cmd-result and only subscribes to its own commands; only the gateway commands.
/// The same rules are written for Mosquitto in deploy/mosquitto/acl.
/// </summary>
public static class TopicAccessPolicy
{
    public static bool CanPublish(MqttIdentity who, string topic)
    {
        if (string.IsNullOrEmpty(topic) || topic.Contains('+') || topic.Contains('#')) return false;
        if (who.IsGateway) return true;
        foreach (var leaf in StationTopics.StationPublishLeaves)
            if (topic == $"{StationTopics.Root}/{who.Name}/{leaf}") return true;
        return false;
    }

    public static bool CanSubscribe(MqttIdentity who, string filter)
    {
        if (string.IsNullOrEmpty(filter)) return false;
        if (who.IsGateway) return true;
        var ownCommands = $"{StationTopics.Root}/{who.Name}/cmd/";
        if (!filter.StartsWith(ownCommands, StringComparison.Ordinal)) return false;
        var name = filter[ownCommands.Length..];
        // Either all own commands (+) or one named command; no '#', no deeper levels.
        return name == "+" || (name.Length > 0 && !name.Contains('/') && !name.Contains('+') && !name.Contains('#'));
    }
}
