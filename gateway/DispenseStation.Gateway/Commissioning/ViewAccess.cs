using DispenseStation.Gateway.HomeAssistant;
using DispenseStation.Gateway.Sparkplug;

namespace DispenseStation.Gateway.Commissioning;

/// <summary>
/// What a view client (a Sparkplug host such as Ignition, or Home Assistant) may do on the embedded broker: read the
/// Sparkplug namespace, the discovery prefix and the state root; write only what a host sends: NCMD/DCMD to this
/// edge node, its own Sparkplug 3.0 STATE (spBv1.0/STATE/{host_id}) and HA's birth ({prefix}/status). Never station topics.
/// </summary>
public sealed class ViewAccess(SparkplugOptions sparkplug, HomeAssistantOptions homeAssistant)
{
    public bool CanSubscribe(string filter)
    {
        if (string.IsNullOrEmpty(filter)) return false;
        return Under(filter, SparkplugTopics.Namespace)
            || (homeAssistant.Enabled && (Under(filter, homeAssistant.DiscoveryPrefix) || Under(filter, homeAssistant.StateTopicRoot)));
    }

    public bool CanPublish(string topic)
    {
        if (string.IsNullOrEmpty(topic) || topic.Contains('+') || topic.Contains('#')) return false;
        if (sparkplug.Enabled)
        {
            if (topic == SparkplugTopics.Node(sparkplug.GroupId, SparkplugMessageType.NCMD, sparkplug.EdgeNodeId)) return true;
            var dcmd = SparkplugTopics.Node(sparkplug.GroupId, SparkplugMessageType.DCMD, sparkplug.EdgeNodeId) + "/";
            if (topic.StartsWith(dcmd, StringComparison.Ordinal) && SparkplugTopics.CheckId(topic[dcmd.Length..]) is null) return true;
            var state = SparkplugTopics.Namespace + "/STATE/";
            if (topic.StartsWith(state, StringComparison.Ordinal) && SparkplugTopics.CheckId(topic[state.Length..]) is null) return true;
        }
        return homeAssistant.Enabled && topic == homeAssistant.DiscoveryPrefix + "/status";
    }

    private static bool Under(string filter, string root) =>
        filter == root || filter.StartsWith(root + "/", StringComparison.Ordinal);
}
