namespace DispenseStation.Protocol
{
    /// <summary>A parsed station topic.</summary>
    public sealed class TopicInfo
    {
        public TopicInfo(string stationId, TopicKind kind, string commandName)
        {
            StationId = stationId;
            Kind = kind;
            CommandName = commandName;
        }

        public string StationId { get; private set; }

        public TopicKind Kind { get; private set; }

        /// <summary>The last level of a command topic; null for other kinds.</summary>
        public string CommandName { get; private set; }
    }
}
