namespace DispenseStation.Protocol
{
    /// <summary>Version of the MQTT contract (DESIGN section 5); it is the "v1" in every topic.</summary>
    public static class ProtocolVersion
    {
        public const string Name = "v1";
    }
}
