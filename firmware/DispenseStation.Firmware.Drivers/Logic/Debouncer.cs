namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>
    /// Time-based debouncer with separate assert and release times: an e-stop or a lid switch
    /// should take effect fast and clear slowly. The debounced state changes only after the raw
    /// level has held the new value for the whole time. Pure and allocation-free.
    /// </summary>
    public sealed class Debouncer
    {
        private readonly long _assertMs;
        private readonly long _releaseMs;
        private bool _state;
        private bool _candidate;
        private long _candidateSinceMs;

        /// <param name="initialState">State assumed at start-up: true (active) for safety inputs,
        /// so the station starts stopped until the input has read inactive for the release time.</param>
        public Debouncer(long assertMs, long releaseMs, bool initialState, long nowMs)
        {
            if (assertMs < 0) throw new System.ArgumentOutOfRangeException("assertMs", "must be >= 0");
            if (releaseMs < 0) throw new System.ArgumentOutOfRangeException("releaseMs", "must be >= 0");
            _assertMs = assertMs;
            _releaseMs = releaseMs;
            _state = initialState;
            _candidate = initialState;
            _candidateSinceMs = nowMs;
        }

        public bool State { get { return _state; } }

        /// <summary>Feeds one raw sample (true = active level) and returns the debounced state.</summary>
        public bool Sample(bool raw, long nowMs)
        {
            if (raw != _candidate)
            {
                _candidate = raw;
                _candidateSinceMs = nowMs;
            }
            if (_candidate != _state)
            {
                long needed = _candidate ? _assertMs : _releaseMs;
                if (nowMs - _candidateSinceMs >= needed) _state = _candidate;
            }
            return _state;
        }
    }
}
