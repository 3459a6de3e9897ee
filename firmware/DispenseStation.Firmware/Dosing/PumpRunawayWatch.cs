namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// Watches the scale between doses: liquid arriving with no dose running means a pump runs
    /// that was not told to (a shorted driver, a welded relay). The window is cut in four equal
    /// segments and their means compared: a pump is a rise that keeps going, so all three steps
    /// between the segments must exceed the minimum rise. A bottle put down or a hand on it is one
    /// step, which can lift at most two of the three, so it is not mistaken for a pump; averaging
    /// each segment keeps the scale's noise far below the minimum rise. A step can still line up with a
    /// burst of vibration that lifts the third step past the minimum; but a pump adds at most its
    /// full flow per segment, so a step larger than the most a pump can add is not flow either.
    /// Allocation-free after construction. The history is float: at the heaviest bottle (1 kg) a float
    /// holds a reading to 0.06 mg, far below the scale's noise and any minimum rise.
    /// </summary>
    public sealed class PumpRunawayWatch
    {
        private readonly float[] _ring;
        private readonly int _segment;
        private readonly double _minRiseGrams;
        private readonly double _maxRiseGrams;
        private int _index, _count;

        /// <param name="windowSamples">samples across the whole window (rounded up to four segments)</param>
        /// <param name="minRiseGrams">least rise between successive segment means that counts as flow</param>
        public PumpRunawayWatch(int windowSamples, double minRiseGrams)
            : this(windowSamples, minRiseGrams, double.MaxValue)
        {
        }

        /// <param name="windowSamples">samples across the whole window (rounded up to four segments)</param>
        /// <param name="minRiseGrams">least rise between successive segment means that counts as flow</param>
        /// <param name="maxRiseGrams">most any pump can add between successive segment means; a larger step is a
        /// load put on the scale, not flow</param>
        public PumpRunawayWatch(int windowSamples, double minRiseGrams, double maxRiseGrams)
        {
            _segment = windowSamples < 4 ? 1 : (windowSamples + 3) / 4;
            _ring = new float[4 * _segment];
            _minRiseGrams = minRiseGrams;
            _maxRiseGrams = maxRiseGrams;
        }

        public void Reset() { _index = _count = 0; }

        /// <summary>Adds one sample; true when liquid keeps arriving across the window.</summary>
        public bool Add(double grams)
        {
            _ring[_index] = (float)grams;
            _index = (_index + 1) % _ring.Length;
            if (_count < _ring.Length) _count++;
            if (_count < _ring.Length) return false;
            // _index is now the oldest sample.
            double previous = SegmentMean(0);
            for (int s = 1; s < 4; s++)
            {
                double mean = SegmentMean(s);
                double rise = mean - previous;
                if (!(rise > _minRiseGrams) || rise > _maxRiseGrams) return false;
                previous = mean;
            }
            return true;
        }

        private double SegmentMean(int segment)
        {
            double sum = 0;
            int start = _index + segment * _segment;
            for (int i = 0; i < _segment; i++) sum += _ring[(start + i) % _ring.Length];
            return sum / _segment;
        }
    }
}
