namespace DispenseStation.Firmware.Scale
{
    /// <summary>
    /// Stable-weight detection as weighing instruments do it: the reading is stable when every
    /// short average in a time window lies within a band. The stable value is the mean over the
    /// window, which is far quieter than any single reading. Separate from the control filter on
    /// purpose: verification wants certainty, control wants low lag.
    /// </summary>
    public sealed class StableWeightDetector
    {
        private readonly double[] _shortRing;
        private readonly double[] _window;
        private readonly double _band;
        private double _shortSum;
        private int _shortIndex, _shortCount;
        private int _windowIndex, _windowCount;

        /// <param name="shortSamples">samples in each short average (suppresses noise before the band test)</param>
        /// <param name="windowSamples">short averages that must all lie within the band</param>
        /// <param name="bandGrams">allowed max-min spread over the window</param>
        public StableWeightDetector(int shortSamples, int windowSamples, double bandGrams)
        {
            _shortRing = new double[shortSamples < 1 ? 1 : shortSamples];
            _window = new double[windowSamples < 2 ? 2 : windowSamples];
            _band = bandGrams;
        }

        public bool IsStable { get; private set; }
        /// <summary>Mean over the window; meaningful when <see cref="IsStable"/>.</summary>
        public double StableGrams { get; private set; }
        /// <summary>Max-min spread over the current window (for diagnostics).</summary>
        public double Spread { get; private set; }

        public void Reset()
        {
            _shortSum = 0;
            _shortIndex = _shortCount = _windowIndex = _windowCount = 0;
            IsStable = false;
        }

        public void Add(double grams)
        {
            if (_shortCount == _shortRing.Length) _shortSum -= _shortRing[_shortIndex];
            else _shortCount++;
            _shortRing[_shortIndex] = grams;
            _shortSum += grams;
            _shortIndex = (_shortIndex + 1) % _shortRing.Length;
            if (_shortCount < _shortRing.Length) { IsStable = false; return; }

            _window[_windowIndex] = _shortSum / _shortCount;
            _windowIndex = (_windowIndex + 1) % _window.Length;
            if (_windowCount < _window.Length) _windowCount++;
            if (_windowCount < _window.Length) { IsStable = false; return; }

            double min = _window[0], max = _window[0], sum = 0;
            for (int i = 0; i < _window.Length; i++)
            {
                double v = _window[i];
                if (v < min) min = v;
                if (v > max) max = v;
                sum += v;
            }
            Spread = max - min;
            IsStable = Spread <= _band;
            StableGrams = sum / _window.Length;
        }
    }
}
