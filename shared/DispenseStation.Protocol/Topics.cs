using System;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol
{
    /// <summary>
    /// Topic names of the v1 contract: dispense/v1/{station}/state | telemetry | event |
    /// cmd/{name} | cmd-result. Builders check the station id and throw ArgumentException for an
    /// invalid one (a configuration error, caught at start-up).
    /// </summary>
    public static class Topics
    {
        public const string Root = "dispense/v1";
        public const string StateLevel = "state";
        public const string TelemetryLevel = "telemetry";
        public const string EventLevel = "event";
        public const string CommandLevel = "cmd";
        public const string CommandResultLevel = "cmd-result";

        /// <summary>Retained station state, also the last will.</summary>
        public static string State(string stationId)
        {
            return Station(stationId) + "/" + StateLevel;
        }

        public static string Telemetry(string stationId)
        {
            return Station(stationId) + "/" + TelemetryLevel;
        }

        public static string Event(string stationId)
        {
            return Station(stationId) + "/" + EventLevel;
        }

        public static string Command(string stationId, string commandName)
        {
            string reason = CommandNames.CheckSyntax(commandName);
            if (reason != null) throw new ArgumentException(reason, "commandName");
            return Station(stationId) + "/" + CommandLevel + "/" + commandName;
        }

        public static string CommandResult(string stationId)
        {
            return Station(stationId) + "/" + CommandResultLevel;
        }

        /// <summary>What a station subscribes to: all of its commands.</summary>
        public static string CommandFilter(string stationId)
        {
            return Station(stationId) + "/" + CommandLevel + "/+";
        }

        /// <summary>Gateway filter: the state of every station.</summary>
        public static string AllStates { get { return Root + "/+/" + StateLevel; } }

        public static string AllTelemetry { get { return Root + "/+/" + TelemetryLevel; } }

        public static string AllEvents { get { return Root + "/+/" + EventLevel; } }

        public static string AllCommandResults { get { return Root + "/+/" + CommandResultLevel; } }

        /// <summary>Everything under the root (for tools and logging).</summary>
        public static string Everything { get { return Root + "/#"; } }

        private static string Station(string stationId)
        {
            string reason = StationId.Check(stationId);
            if (reason != null) throw new ArgumentException(reason, "stationId");
            return Root + "/" + stationId;
        }
    }
}
