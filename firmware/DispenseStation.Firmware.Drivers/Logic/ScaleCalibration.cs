namespace DispenseStation.Firmware.Drivers.Logic
{
    /// <summary>
    /// Two-point load-cell calibration (empty pan, then a reference mass), used by the bench
    /// calibration procedure in hardware/CALIBRATION.md. grams = (counts - zeroCounts) / countsPerGram.
    /// </summary>
    public sealed class ScaleCalibration
    {
        private readonly double _zeroCounts;
        private readonly double _countsPerGram;

        public ScaleCalibration(double zeroCounts, double countsPerGram)
        {
            if (!(countsPerGram > 0 || countsPerGram < 0) || double.IsInfinity(countsPerGram) || double.IsNaN(countsPerGram))
                throw new System.ArgumentException("countsPerGram must be a finite non-zero number", "countsPerGram");
            _zeroCounts = zeroCounts;
            _countsPerGram = countsPerGram;
        }

        public double ZeroCounts { get { return _zeroCounts; } }

        public double CountsPerGram { get { return _countsPerGram; } }

        /// <summary>
        /// From the mean counts with the pan empty and with a reference mass on it. Rejects a span
        /// too small to resolve: fewer than <paramref name="minCountsPerGram"/> counts per gram means
        /// a wrong gain, a miswired bridge or a reference mass that was not on the pan.
        /// </summary>
        public static ScaleCalibration FromTwoPoints(double zeroCounts, double loadedCounts, double referenceGrams, double minCountsPerGram)
        {
            if (!(referenceGrams > 0)) throw new System.ArgumentException("referenceGrams must be > 0", "referenceGrams");
            double perGram = (loadedCounts - zeroCounts) / referenceGrams;
            double magnitude = perGram < 0 ? -perGram : perGram;
            if (!(magnitude >= minCountsPerGram))
                throw new System.ArgumentException("span is " + magnitude.ToString("F3") + " counts/g, below the minimum " + minCountsPerGram.ToString("F3") + ": check gain, wiring and reference mass", "loadedCounts");
            return new ScaleCalibration(zeroCounts, perGram);
        }

        public double ToGrams(double counts)
        {
            return (counts - _zeroCounts) / _countsPerGram;
        }

        public double ToCounts(double grams)
        {
            return grams * _countsPerGram + _zeroCounts;
        }
    }
}
