using DispenseStation.Protocol;

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
        if (who.View is { } view) return view.CanPublish(topic);
        if (!StationId.IsValid(who.Name)) return false;
        return topic == Topics.State(who.Name)
            || topic == Topics.Telemetry(who.Name)
            || topic == Topics.Event(who.Name)
            || topic == Topics.CommandResult(who.Name);
    }

    public static bool CanSubscribe(MqttIdentity who, string filter)
    {
        if (string.IsNullOrEmpty(filter)) return false;
        if (who.IsGateway) return true;
        if (who.View is { } view) return view.CanSubscribe(filter);
        if (!StationId.IsValid(who.Name)) return false;
        var ownCommands = $"{Topics.Root}/{who.Name}/{Topics.CommandLevel}/";
        if (!filter.StartsWith(ownCommands, StringComparison.Ordinal)) return false;
        var name = filter[ownCommands.Length..];
        // Either all own commands (+) or one named command; no '#', no deeper levels.
        return name == "+" || (name.Length > 0 && !name.Contains('/') && !name.Contains('+') && !name.Contains('#'));
    }
}
