namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>
    /// Software watchdog over the control loop: the loop kicks it every tick; a supervisor thread
    /// asks whether it expired and then forces outputs off and reboots. A loop that never kicked
    /// is given the start-up grace time. Pure; thread-safe through a lock.
    /// </summary>
    public sealed class LoopWatchdog
    {
        private readonly object _gate = new object();
        private readonly long _timeoutMs;
        private readonly long _startupGraceMs;
        private readonly long _armedAtMs;
        private long _lastKickMs;
        private bool _kicked;
        private int _kicks;

        public LoopWatchdog(long timeoutMs, long startupGraceMs, long nowMs)
        {
            if (timeoutMs <= 0) throw new System.ArgumentOutOfRangeException("timeoutMs", "must be positive");
            if (startupGraceMs < 0) throw new System.ArgumentOutOfRangeException("startupGraceMs", "must be >= 0");
            _timeoutMs = timeoutMs;
            _startupGraceMs = startupGraceMs;
            _armedAtMs = nowMs;
        }

        public long TimeoutMs { get { return _timeoutMs; } }

        public int Kicks { get { lock (_gate) { return _kicks; } } }

        public void Kick(long nowMs)
        {
            lock (_gate)
            {
                _lastKickMs = nowMs;
                _kicked = true;
                _kicks++;
            }
        }

        /// <summary>Milliseconds since the loop last proved alive (since arming, before the first kick).</summary>
        public long SilentForMs(long nowMs)
        {
            lock (_gate) { return nowMs - (_kicked ? _lastKickMs : _armedAtMs); }
        }

        public bool IsExpired(long nowMs)
        {
            lock (_gate)
            {
                if (!_kicked) return nowMs - _armedAtMs > _startupGraceMs + _timeoutMs;
                return nowMs - _lastKickMs > _timeoutMs;
            }
        }
    }
}
