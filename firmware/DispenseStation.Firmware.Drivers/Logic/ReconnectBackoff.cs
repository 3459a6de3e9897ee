namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>
    /// Exponential reconnect backoff with a cap and deterministic jitter, so a fleet of stations
    /// does not hammer a broker that just restarted all at the same instant.
    /// </summary>
    public sealed class ReconnectBackoff
    {
        private readonly long _initialMs;
        private readonly long _maxMs;
        private readonly int _jitterPercent;
        private uint _jitterState;
        private long _currentMs;
        private long _nextAttemptMs;
        private int _failures;

        /// <param name="jitterSeed">Seed per station (e.g. a hash of its id) to spread retries.</param>
        public ReconnectBackoff(long initialMs, long maxMs, int jitterPercent, uint jitterSeed)
        {
            if (initialMs <= 0) throw new System.ArgumentOutOfRangeException("initialMs", "must be positive");
            if (maxMs < initialMs) throw new System.ArgumentOutOfRangeException("maxMs", "must be >= initialMs");
            if (jitterPercent < 0 || jitterPercent > 50) throw new System.ArgumentOutOfRangeException("jitterPercent", "must be 0..50");
            _initialMs = initialMs;
            _maxMs = maxMs;
            _jitterPercent = jitterPercent;
            _jitterState = jitterSeed == 0 ? 0x9E3779B9u : jitterSeed;
            _currentMs = initialMs;
        }

        public int ConsecutiveFailures { get { return _failures; } }

        /// <summary>Delay applied after the last failure.</summary>
        public long CurrentDelayMs { get { return _currentMs; } }

        public bool ShouldAttempt(long nowMs)
        {
            return _failures == 0 || nowMs >= _nextAttemptMs;
        }

        public void RecordFailure(long nowMs)
        {
            if (_failures > 0)
            {
                _currentMs = _currentMs * 2;
                if (_currentMs > _maxMs) _currentMs = _maxMs;
            }
            _failures++;
            _nextAttemptMs = nowMs + _currentMs + Jitter(_currentMs);
        }

        public void RecordSuccess()
        {
            _failures = 0;
            _currentMs = _initialMs;
        }

        private long Jitter(long delayMs)
        {
            if (_jitterPercent == 0) return 0;
            // xorshift32: tiny, allocation-free, no System.Random on the hot path.
            uint x = _jitterState;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _jitterState = x;
            long span = delayMs * _jitterPercent / 100;
            if (span == 0) return 0;
            return (long)(x % (uint)(2 * span + 1)) - span;
        }
    }
}
