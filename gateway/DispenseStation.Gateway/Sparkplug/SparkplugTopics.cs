namespace DispenseStation.Gateway.Sparkplug;

/// <summary>Message types of the Sparkplug topic namespace (specification section 4.1).</summary>
public enum SparkplugMessageType { NBIRTH, NDEATH, NDATA, NCMD, DBIRTH, DDEATH, DDATA, DCMD }

/// <summary>
/// spBv1.0/{group_id}/{message_type}/{edge_node_id}[/{device_id}] (Sparkplug 3.0 section 4.1.1). Ids are UTF-8
/// strings without the MQTT separators and wildcards '/', '+' and '#'.
/// </summary>
public static class SparkplugTopics
{
    public const string Namespace = "spBv1.0";

    public static string Node(string group, SparkplugMessageType type, string node) => $"{Namespace}/{group}/{type}/{node}";

    public static string Device(string group, SparkplugMessageType type, string node, string device) => $"{Namespace}/{group}/{type}/{node}/{device}";

    /// <summary>The command topics of one edge node: its NCMD, and the DCMD of all its devices.</summary>
    public static string[] CommandFilters(string group, string node) =>
        [Node(group, SparkplugMessageType.NCMD, node), $"{Namespace}/{group}/{SparkplugMessageType.DCMD}/{node}/+"];

    /// <summary>Null when <paramref name="id"/> may be a group, edge node or device id; else the rule it breaks.</summary>
    public static string? CheckId(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "required";
        if (id.IndexOfAny(['/', '+', '#']) >= 0) return "must not contain '/', '+' or '#' (Sparkplug topic ids are single topic levels)";
        return null;
    }

    /// <summary>Splits a command topic addressed to this edge node: NCMD (device null) or DCMD with the device id.</summary>
    public static bool TryParseCommand(string topic, string group, string node, out SparkplugMessageType type, out string? device)
    {
        type = SparkplugMessageType.NCMD;
        device = null;
        var parts = topic.Split('/');
        if (parts.Length < 4 || parts[0] != Namespace || parts[1] != group || parts[3] != node) return false;
        if (parts[2] == nameof(SparkplugMessageType.NCMD) && parts.Length == 4) return true;
        if (parts[2] == nameof(SparkplugMessageType.DCMD) && parts.Length == 5 && parts[4].Length > 0)
        {
            type = SparkplugMessageType.DCMD;
            device = parts[4];
            return true;
        }
        return false;
    }
}
