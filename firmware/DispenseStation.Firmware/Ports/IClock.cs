namespace DispenseStation.Firmware.Ports
{
    /// <summary>Monotonic time since boot. The simulation drives it; the ESP32 reads its tick counter.</summary>
    public interface IClock
    {
        long UptimeMs { get; }
    }
}
