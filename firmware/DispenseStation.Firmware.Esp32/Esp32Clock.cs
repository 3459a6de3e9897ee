using DispenseStation.Firmware.Ports;
using nanoFramework.Hardware.Esp32;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>Monotonic uptime from the ESP32 high-resolution timer (µs since boot); DateTime
    /// is wall-clock and jumps when SNTP sets it, so it never drives control timing.</summary>
    public sealed class Esp32Clock : IClock
    {
        public long UptimeMs
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000); }
        }
    }
}
