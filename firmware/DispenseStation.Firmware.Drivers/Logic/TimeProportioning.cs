namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>
    /// Turns a duty (0..1) into on/off states of a slow switch (an SSR) over fixed windows.
    /// The duty is latched at each window start so the switch changes at most twice per window.
    /// On- or off-times shorter than the minimum switching period are not emitted; the time they
    /// would have lasted is carried into the next window, so the average duty is still met.
    /// Pure and allocation-free; the caller supplies time.
    /// </summary>
    public sealed class TimeProportioning
    {
        private readonly long _windowMs;
        private readonly long _minSwitchMs;
        private double _requestedDuty;
        private long _windowStartMs;
        private long _onMsThisWindow;
        private double _carryMs;
        private bool _started;

        public TimeProportioning(long windowMs, long minSwitchMs)
        {
            if (windowMs <= 0) throw new System.ArgumentOutOfRangeException("windowMs", "window must be positive");
            if (minSwitchMs < 0 || minSwitchMs * 2 > windowMs)
                throw new System.ArgumentOutOfRangeException("minSwitchMs", "minimum switching period must be 0..window/2");
            _windowMs = windowMs;
            _minSwitchMs = minSwitchMs;
        }

        /// <summary>The duty to apply from the next window start; clamped to 0..1, NaN means 0.</summary>
        public double RequestedDuty
        {
            get { return _requestedDuty; }
            set { _requestedDuty = Fraction.Clamp(value); }
        }

        /// <summary>On-time of the window in progress, in ms.</summary>
        public long OnMsThisWindow { get { return _onMsThisWindow; } }

        /// <summary>Stops at once and forgets carried time (used on a fault: nothing owed to a heater).</summary>
        public void Reset()
        {
            _requestedDuty = 0;
            _onMsThisWindow = 0;
            _carryMs = 0;
            _started = false;
        }

        /// <summary>True when the switch should be on at <paramref name="nowMs"/>.</summary>
        public bool Update(long nowMs)
        {
            if (!_started)
            {
                _started = true;
                StartWindow(nowMs);
            }
            else if (nowMs - _windowStartMs >= _windowMs)
            {
                // Windows missed by a late caller are skipped, not replayed.
                long elapsedWindows = (nowMs - _windowStartMs) / _windowMs;
                StartWindow(_windowStartMs + elapsedWindows * _windowMs);
            }
            return nowMs - _windowStartMs < _onMsThisWindow;
        }

        private void StartWindow(long startMs)
        {
            _windowStartMs = startMs;
            double wanted = _requestedDuty * _windowMs + _carryMs;
            long onMs = (long)(wanted + 0.5);
            if (onMs < _minSwitchMs) onMs = 0;
            else if (onMs > _windowMs - _minSwitchMs) onMs = _windowMs;
            if (onMs > _windowMs) onMs = _windowMs;
            _carryMs = wanted - onMs;
            // Owed time is bounded to one window so a long saturated stretch is not paid back later.
            if (_carryMs > _windowMs) _carryMs = _windowMs;
            if (_carryMs < -_windowMs) _carryMs = -_windowMs;
            if (_requestedDuty == 0) _carryMs = 0;
            _onMsThisWindow = onMs;
        }
    }
}
