using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol
{
    /// <summary>Parses a received topic into station id, kind and command name. Anything that is not
    /// exactly a v1 station topic (wildcards, empty or extra levels, bad ids, null) is an error.</summary>
    public static class TopicParser
    {
        /// <summary>Longest topic accepted; well above the longest valid one.</summary>
        public const int MaxTopicLength = 128;

        public static bool TryParse(string topic, out TopicInfo info, out string error)
        {
            info = null;
            error = Parse(topic, ref info);
            return error == null;
        }

        private static string Parse(string topic, ref TopicInfo info)
        {
            if (topic == null) return "topic is missing";
            if (topic.Length == 0) return "topic is empty";
            if (topic.Length > MaxTopicLength) return "topic is longer than " + MaxTopicLength.ToString() + " characters";
            string prefix = Topics.Root + "/";
            if (!topic.StartsWith(prefix)) return "topic does not start with '" + prefix + "'";
            int stationStart = prefix.Length;
            int stationEnd = topic.IndexOf('/', stationStart);
            if (stationEnd < 0) return "topic has no level after the station id";
            string stationId = topic.Substring(stationStart, stationEnd - stationStart);
            string reason = StationId.Check(stationId);
            if (reason != null) return reason;
            string rest = topic.Substring(stationEnd + 1);
            if (rest == Topics.StateLevel) info = new TopicInfo(stationId, TopicKind.State, null);
            else if (rest == Topics.TelemetryLevel) info = new TopicInfo(stationId, TopicKind.Telemetry, null);
            else if (rest == Topics.EventLevel) info = new TopicInfo(stationId, TopicKind.Event, null);
            else if (rest == Topics.CommandResultLevel) info = new TopicInfo(stationId, TopicKind.CommandResult, null);
            else if (rest.StartsWith(Topics.CommandLevel + "/"))
            {
                string name = rest.Substring(Topics.CommandLevel.Length + 1);
                reason = CommandNames.CheckSyntax(name);
                if (reason != null) return reason;
                info = new TopicInfo(stationId, TopicKind.Command, name);
            }
            else return "unknown topic level '" + rest + "' (expected state, telemetry, event, cmd/{name} or cmd-result)";
            return null;
        }
    }
}
