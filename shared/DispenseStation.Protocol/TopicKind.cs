namespace DispenseStation.Protocol
{
    /// <summary>What a station topic carries.</summary>
    public enum TopicKind
    {
        State,
        Telemetry,
        Event,
        Command,
        CommandResult
    }
}
