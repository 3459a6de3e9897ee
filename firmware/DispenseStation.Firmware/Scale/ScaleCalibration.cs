using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Scale
{
    /// <summary>
    /// Linear conversion from HX711 counts to grams, set by a two-point calibration (empty and a
    /// reference mass). Both numbers are plain values so the runtime can persist and restore them.
    /// </summary>
    public sealed class ScaleCalibration
    {
        /// <summary>Smallest plausible sensitivity; below it the reference mass did not register.</summary>
        public const double MinCountsPerGram = 1.0;

        public double ZeroCounts { get; private set; }
        public double CountsPerGram { get; private set; }

        /// <summary>Restores a stored calibration; rejects values that cannot be one.</summary>
        public ScaleCalibration(double zeroCounts, double countsPerGram)
        {
            if (!Num.IsFinite(zeroCounts))
                throw new ArgumentException("zeroCounts must be a finite number");
            if (!Num.IsFinite(countsPerGram) || Num.Abs(countsPerGram) < MinCountsPerGram)
                throw new ArgumentException("countsPerGram must be finite with magnitude >= 1 count/g");
            ZeroCounts = zeroCounts;
            CountsPerGram = countsPerGram;
        }

        /// <summary>
        /// Two-point calibration from stable raw readings at two known loads (usually empty pan and a
        /// reference weight). The loads must differ by at least 1 g.
        /// </summary>
        public static ScaleCalibration FromTwoPoints(double rawA, double gramsA, double rawB, double gramsB)
        {
            if (!Num.IsFinite(rawA) || !Num.IsFinite(rawB) || !Num.IsFinite(gramsA) || !Num.IsFinite(gramsB))
                throw new ArgumentException("calibration points must be finite numbers");
            if (Num.Abs(gramsB - gramsA) < 1.0)
                throw new ArgumentException("gramsB must differ from gramsA by at least 1 g");
            double countsPerGram = (rawB - rawA) / (gramsB - gramsA);
            if (Num.Abs(countsPerGram) < MinCountsPerGram)
                throw new ArgumentException("rawB must differ from rawA: the reference mass did not change the reading");
            double zero = rawA - countsPerGram * gramsA;
            return new ScaleCalibration(zero, countsPerGram);
        }

        public double ToGrams(double rawCounts)
        {
            return (rawCounts - ZeroCounts) / CountsPerGram;
        }
    }
}
