namespace DispenseStation.Firmware.Esp32
{
    /// <summary>Where and how the station reaches its broker (loaded by <see cref="StationSettings"/>).</summary>
    public sealed class MqttSettings
    {
        public string Host;
        public int Port = 1883;
        public bool UseTls;
        /// <summary>PEM of the broker's CA when <see cref="UseTls"/>; null trusts the device's store.</summary>
        public string CaCertificatePem;
        public string ClientId;
        public string UserName;
        public string Password;
        public ushort KeepAliveSeconds = 30;
    }
}
