namespace DispenseStation.Firmware.Esp32
{
    /// <summary>Where and how the station reaches its broker (loaded by <see cref="StationSettings"/>).</summary>
    public sealed class MqttSettings
    {
        public string Host;
        public int Port = 1883;
        public bool UseTls;
        /// <summary>PEM of the broker's CA (read from the flash file named by mqtt.ca); required with TLS.</summary>
        public string CaCertificatePem;
        public string ClientId;
        public string UserName;
        public string Password;
        public ushort KeepAliveSeconds = 30;
        /// <summary>QoS 1 messages awaiting the broker's acknowledgement before Publish refuses more;
        /// each holds ≈ 0.9 KB of M2Mqtt objects at the largest message (hardware/esp32-budget.md).
        /// Two: the station publishes ≈ 5 messages/s (telemetry at 5 Hz, state, events), so with a
        /// broker on the plant network acknowledging in milliseconds well under one is outstanding, and
        /// two cover a round trip up to 400 ms. A refused publish loses nothing: the telemetry samples
        /// stay in the backlog, events in the outbox and the state stays due, all retried on a later
        /// tick; more slots would only hold more heap on a stalled link.</summary>
        public int InflightLimit = 2;
    }
}
