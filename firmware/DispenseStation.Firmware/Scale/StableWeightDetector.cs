namespace DispenseStation.Firmware.Scale
{
    /// <summary>
    /// Stable-weight detection as weighing instruments do it: the reading is stable when every
    /// short average in a time window lies within a band. The stable value is the mean over the
    /// window, which is far quieter than any single reading. Separate from the control filter on
    /// purpose: verification wants certainty, control wants low lag.
    /// The histories are floats relative to a reference reading (half the heap of doubles; the raw
    /// detector's values are ADC counts of up to 2^24, where a float alone would round to a count):
    /// the reference follows the reading once it moves more than <see cref="RebaseBands"/> bands
    /// away, so a stored offset is within about that many bands and a float holds it to 6e-8 of
    /// itself, below 1e-4 of the band. Allocation-free after construction.
    /// </summary>
    public sealed class StableWeightDetector
    {
        /// <summary>How far (in bands) a reading may move from the reference before the reference follows it.</summary>
        public const double RebaseBands = 1000;

        private readonly float[] _shortRing; // readings minus _reference
        private readonly float[] _window;    // short averages minus _reference
        private readonly double _band;
        private readonly double _rebaseAt;
        private double _reference;
        private double _shortSum;
        private int _shortIndex, _shortCount;
        private int _windowIndex, _windowCount;

        /// <param name="shortSamples">samples in each short average (suppresses noise before the band test)</param>
        /// <param name="windowSamples">short averages that must all lie within the band</param>
        /// <param name="bandGrams">allowed max-min spread over the window</param>
        public StableWeightDetector(int shortSamples, int windowSamples, double bandGrams)
        {
            _shortRing = new float[shortSamples < 1 ? 1 : shortSamples];
            _window = new float[windowSamples < 2 ? 2 : windowSamples];
            _band = bandGrams;
            _rebaseAt = RebaseBands * (bandGrams > 0 ? bandGrams : 1);
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
            if (_shortCount == 0 && _windowCount == 0) _reference = grams;
            double offset = grams - _reference;
            if (offset > _rebaseAt || offset < -_rebaseAt)
            {
                Rebase(grams);
                offset = 0;
            }
            float stored = (float)offset;
            if (_shortCount == _shortRing.Length) _shortSum -= _shortRing[_shortIndex];
            else _shortCount++;
            _shortRing[_shortIndex] = stored;
            _shortSum += stored;
            _shortIndex = (_shortIndex + 1) % _shortRing.Length;
            if (_shortCount < _shortRing.Length) { IsStable = false; return; }

            _window[_windowIndex] = (float)(_shortSum / _shortCount);
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
            StableGrams = _reference + sum / _window.Length;
        }

        /// <summary>Moves the reference to <paramref name="grams"/>: every stored offset shifts by the
        /// same amount, and the short sum is taken again from the stored values it must match.</summary>
        private void Rebase(double grams)
        {
            double shift = grams - _reference;
            _reference = grams;
            for (int i = 0; i < _shortRing.Length; i++) _shortRing[i] = (float)(_shortRing[i] - shift);
            for (int i = 0; i < _window.Length; i++) _window[i] = (float)(_window[i] - shift);
            // Filled slots: all once full, else 0.._shortCount-1 (Reset starts at slot 0).
            double sum = 0;
            for (int i = 0; i < _shortCount; i++) sum += _shortRing[i];
            _shortSum = sum;
        }
    }
}
