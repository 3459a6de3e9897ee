using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Station.Safety
{
    /// <summary>
    /// Watchdog over the control loop. Only the station's main loop feeds it (from
    /// <c>StationRuntime.Tick</c>, after every subsystem ran); a separate monitor (a thread or timer
    /// in the host) asks <see cref="IsStarved"/> and, when true, forces the heater off and reboots
    /// (<c>Power.RebootDevice</c> on the ESP32). Locked because the monitor runs on another thread and
    /// 64-bit reads are not atomic on the ESP32.
    /// </summary>
    public sealed class SoftwareWatchdog
    {
        private readonly IClock _clock;
        private readonly object _gate = new object();
        private long _lastFeedMs;

        public SoftwareWatchdog(IClock clock, long timeoutMs)
        {
            if (clock == null) throw new System.ArgumentNullException("clock");
            if (timeoutMs <= 0) throw new System.ArgumentOutOfRangeException("timeoutMs");
            _clock = clock;
            TimeoutMs = timeoutMs;
            _lastFeedMs = clock.UptimeMs;
        }

        public long TimeoutMs { get; private set; }

        internal void Feed()
        {
            long now = _clock.UptimeMs;
            lock (_gate)
            {
                _lastFeedMs = now;
            }
        }

        /// <summary>True when the main loop has not fed the watchdog within the timeout.</summary>
        public bool IsStarved()
        {
            long now = _clock.UptimeMs;
            lock (_gate)
            {
                return now - _lastFeedMs > TimeoutMs;
            }
        }
    }
}
