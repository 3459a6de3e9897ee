namespace DispenseStation.Firmware.Scale
{
    /// <summary>
    /// Control-grade weight filter: a median of three (drops single-sample spikes) followed by an
    /// alpha-beta tracker that estimates weight and its rate. A tracker follows a steady flow
    /// without the lag a moving average has, and its rate is the measured flow in g/s.
    /// </summary>
    public sealed class WeightFilter
    {
        private readonly double _alpha;
        private readonly double _beta;
        private readonly double _dt;
        private double _m0, _m1;
        private int _count;

        public double Grams { get; private set; }
        public double RateGramsPerS { get; private set; }
        /// <summary>The median-of-three value of the last sample (the jump detector uses it).</summary>
        public double MedianGrams { get; private set; }

        /// <param name="alpha">position gain, 0..1 (lower = smoother, more lag on steps)</param>
        /// <param name="beta">rate gain; about alpha^2/(2-alpha) gives a critically damped tracker</param>
        public WeightFilter(double alpha, double beta, int samplesPerSecond)
        {
            _alpha = alpha;
            _beta = beta;
            _dt = 1.0 / samplesPerSecond;
        }

        public void Reset(double grams)
        {
            _m0 = _m1 = grams;
            Grams = MedianGrams = grams;
            RateGramsPerS = 0;
            _count = 1;
        }

        /// <summary>Forgets everything: the next sample seeds the filter as the first one did.</summary>
        public void Clear()
        {
            _count = 0;
        }

        public void Add(double grams)
        {
            if (_count == 0) { Reset(grams); return; }
            double median = MedianOf3(_m0, _m1, grams);
            _m0 = _m1;
            _m1 = grams;
            _count++;
            MedianGrams = median;
            double predicted = Grams + RateGramsPerS * _dt;
            double residual = median - predicted;
            Grams = predicted + _alpha * residual;
            RateGramsPerS += _beta / _dt * residual;
        }

        private static double MedianOf3(double a, double b, double c)
        {
            if (a > b) { double t = a; a = b; b = t; }
            if (b > c) { b = c; }
            return a > b ? a : b;
        }
    }
}
