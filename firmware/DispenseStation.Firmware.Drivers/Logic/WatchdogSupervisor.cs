namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>
    /// The timing of an external watchdog supervisor IC (TPS3823-class, hardware/SAFETY.md): while
    /// its WDI input floats it pulses itself (not armed); once the firmware drives WDI, every level
    /// change restarts its time-out, and a time-out asserts RESET, which resets the ESP32 and, through
    /// the output enables, cuts SSR and pump power in hardware. Used by the virtual station to
    /// simulate the IC and by tests; on the board the IC itself does this. Allocation-free.
    /// </summary>
    public sealed class WatchdogSupervisor
    {
        private readonly long _timeoutMs;
        private bool _armed;
        private bool _level;
        private long _lastEdgeMs;
        private long _trippedAtMs = -1;

        /// <param name="timeoutMs">The IC's time-out (TPS3823: t_tout 1.6 s typical; use the datasheet's minimum for feeding, its maximum for the safety case).</param>
        public WatchdogSupervisor(long timeoutMs)
        {
            if (timeoutMs <= 0) throw new System.ArgumentOutOfRangeException("timeoutMs", "must be positive");
            _timeoutMs = timeoutMs;
        }

        public long TimeoutMs { get { return _timeoutMs; } }

        public bool Armed { get { return _armed; } }

        /// <summary>False once RESET was asserted: SSR and pump power are cut until the board restarts.</summary>
        public bool OutputsEnabled { get { return _trippedAtMs < 0; } }

        /// <summary>When RESET was asserted, or -1.</summary>
        public long TrippedAtMs { get { return _trippedAtMs; } }

        /// <summary>The WDI pin's level as the firmware drives it; the first call arms the watchdog.</summary>
        public void Drive(bool level, long nowMs)
        {
            if (!_armed)
            {
                _armed = true;
                _level = level;
                _lastEdgeMs = nowMs;
                return;
            }
            if (level != _level)
            {
                _level = level;
                _lastEdgeMs = nowMs;
            }
        }

        /// <summary>Advances the IC's timer to <paramref name="nowMs"/>; returns <see cref="OutputsEnabled"/>.</summary>
        public bool Check(long nowMs)
        {
            if (_armed && _trippedAtMs < 0 && nowMs - _lastEdgeMs > _timeoutMs) _trippedAtMs = nowMs;
            return _trippedAtMs < 0;
        }
    }
}
