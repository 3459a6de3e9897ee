using DispenseStation.Gateway.Sparkplug.Proto;
using Google.Protobuf;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>What an NCMD or DCMD asks for, once it has passed every check; or why it was refused.</summary>
public sealed record SparkplugCommand(SparkplugMessageType Type, string? Station, string? StationCommand, string? RefusalKind, string? Refusal)
{
    public bool Refused => RefusalKind is not null;
    public bool IsRebirth => !Refused && Type == SparkplugMessageType.NCMD;

    public static SparkplugCommand Refuse(SparkplugMessageType type, string? station, string kind, string why) => new(type, station, null, kind, why);
}

/// <summary>
/// Checks a command from a host completely before anything is done with it, so a command is applied whole or not at
/// all: size before parsing, protobuf well-formed, every metric known (by name or by the alias its birth gave it),
/// datatype Boolean when given, value true, exactly one action per message.
/// Accepted: NCMD "Node Control/Rebirth" = true; DCMD "Device Control/Hold" or "Device Control/Abort" = true for a
/// born device, when the configuration accepts device commands.
/// </summary>
public static class SparkplugCommandParser
{
    public static SparkplugCommand Parse(EdgeNodeSession session, SparkplugOptions options, string topic, byte[] payload)
    {
        if (!SparkplugTopics.TryParseCommand(topic, options.GroupId, options.EdgeNodeId, out var type, out var station))
            return SparkplugCommand.Refuse(SparkplugMessageType.NCMD, null, "topic", $"'{topic}' is not an NCMD or DCMD topic of edge node {options.GroupId}/{options.EdgeNodeId}");
        if (payload.Length > options.MaxCommandBytes)
            return SparkplugCommand.Refuse(type, station, "size", $"{type} payload of {payload.Length} bytes exceeds MaxCommandBytes {options.MaxCommandBytes}");
        Payload p;
        try { p = Payload.Parser.ParseFrom(payload); }
        catch (InvalidProtocolBufferException e)
        {
            return SparkplugCommand.Refuse(type, station, "malformed", $"{type} on {topic} is not a Sparkplug B payload: {e.Message}");
        }
        if (p.Metrics.Count != 1)
            return SparkplugCommand.Refuse(type, station, "metrics", $"{type} on {topic} has {p.Metrics.Count} metrics; exactly one command per message is accepted");
        var metric = p.Metrics[0];
        return type == SparkplugMessageType.NCMD ? Node(metric, topic) : Device(session, options, station!, metric, topic);
    }

    private static SparkplugCommand Node(Payload.Types.Metric metric, string topic)
    {
        var byName = metric.HasName && metric.Name == EdgeNodeSession.RebirthMetric;
        var byAlias = !metric.HasName && metric.HasAlias && metric.Alias == EdgeNodeSession.RebirthAlias;
        if (!byName && !byAlias)
            return SparkplugCommand.Refuse(SparkplugMessageType.NCMD, null, "unknown-metric",
                $"NCMD on {topic}: unknown metric {Describe(metric)}; the edge node accepts only '{EdgeNodeSession.RebirthMetric}'");
        return CheckTrue(SparkplugMessageType.NCMD, null, metric, EdgeNodeSession.RebirthMetric) ?? new SparkplugCommand(SparkplugMessageType.NCMD, null, null, null, null);
    }

    private static SparkplugCommand Device(EdgeNodeSession session, SparkplugOptions options, string station, Payload.Types.Metric metric, string topic)
    {
        if (!session.IsBorn(station) || session.OrdinalOf(station) is not { } ordinal)
            return SparkplugCommand.Refuse(SparkplugMessageType.DCMD, station, "unknown-device", $"DCMD on {topic}: no device '{station}' is born on this edge node");
        MetricDefinition? def = null;
        if (metric.HasName) def = StationMetrics.ByName(metric.Name);
        else if (metric.HasAlias && metric.Alias >> 8 == (ulong)ordinal) def = StationMetrics.ByIndex((int)(metric.Alias & 0xFF));
        var command = StationMetrics.Commands.FirstOrDefault(c => c.Metric == def).Command;
        if (def is null || command is null)
            return SparkplugCommand.Refuse(SparkplugMessageType.DCMD, station, "unknown-metric",
                $"DCMD on {topic}: {Describe(metric)} is not a writable metric of {station} (writable: {string.Join(", ", StationMetrics.Commands.Select(c => c.Metric.Name))})");
        if (!options.AcceptDeviceCommands)
            return SparkplugCommand.Refuse(SparkplugMessageType.DCMD, station, "commands-off",
                $"DCMD on {topic}: device commands are off (Gateway:Sparkplug:AcceptDeviceCommands); '{def.Name}' not applied");
        return CheckTrue(SparkplugMessageType.DCMD, station, metric, def.Name) ?? new SparkplugCommand(SparkplugMessageType.DCMD, station, command, null, null);
    }

    private static SparkplugCommand? CheckTrue(SparkplugMessageType type, string? station, Payload.Types.Metric metric, string name)
    {
        if (metric.HasDatatype && metric.Datatype != (uint)DataType.Boolean)
            return SparkplugCommand.Refuse(type, station, "datatype", $"{type} '{name}': datatype {metric.Datatype} given, Boolean (11) required");
        if (metric.ValueCase != Payload.Types.Metric.ValueOneofCase.BooleanValue)
            return SparkplugCommand.Refuse(type, station, "value", $"{type} '{name}': boolean_value required, got {metric.ValueCase}");
        if (!metric.BooleanValue)
            return SparkplugCommand.Refuse(type, station, "value", $"{type} '{name}': only true triggers it, got false");
        return null;
    }

    private static string Describe(Payload.Types.Metric m) =>
        m.HasName ? $"'{m.Name}'" : m.HasAlias ? $"alias {m.Alias}" : "(no name and no alias)";
}
