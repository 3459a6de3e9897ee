using System;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Esp32
{
    /// <summary>
    /// The messages' "utc" from the ESP32's RTC, which nanoFramework's SNTP client
    /// (nanoFramework.Networking.Sntp, started by <see cref="NetworkStart"/> once Wi-Fi is up) sets in
    /// the background. Until the clock reads a plausible date the station reports uptime only. Read by
    /// the control tick: DateTime is a struct and UtcNow a native call, so nothing is allocated.
    /// </summary>
    public sealed class SntpWallClock : IWallClock
    {
        /// <summary>Before this the RTC has not been set by SNTP (it starts at 1970 after a cold boot).</summary>
        public static readonly DateTime SaneUtc = new DateTime(2024, 1, 1);

        private static readonly long UnixEpochTicks = new DateTime(1970, 1, 1).Ticks;

        public long UtcMs
        {
            get { return ToUnixMs(DateTime.UtcNow); }
        }

        /// <summary>Unix milliseconds of <paramref name="utcNow"/>, or -1 when the clock is not set yet.</summary>
        public static long ToUnixMs(DateTime utcNow)
        {
            if (utcNow < SaneUtc) return -1;
            return (utcNow.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond;
        }
    }
}
