namespace DispenseStation.Protocol.Messages
{
    /// <summary>Alarm severities. critical: the station has made itself safe (heater off, pumps stopped).</summary>
    public static class Severities
    {
        public const string Info = "info";
        public const string Warning = "warning";
        public const string Critical = "critical";

        public static readonly string[] All = { Info, Warning, Critical };

        public static bool IsKnown(string severity)
        {
            return Names.IndexOf(All, severity) >= 0;
        }
    }
}
