using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Scale
{
    /// <summary>
    /// Linear conversion from HX711 counts to grams, set by a two-point calibration (empty and a
    /// reference mass). Both numbers are plain values so the runtime can persist and restore them.
    /// With them the calibration keeps what a batch record reports (issue 17): whether it is a
    /// calibration made on this scale at all (a nominal span is not), when it was made (Unix ms UTC,
    /// -1 when the station had no UTC time then) and the reference mass it was made with (NaN = not known).
    /// </summary>
    public sealed class ScaleCalibration
    {
        /// <summary>Smallest plausible sensitivity; below it the reference mass did not register.</summary>
        public const double MinCountsPerGram = 1.0;

        public double ZeroCounts { get; private set; }
        public double CountsPerGram { get; private set; }

        /// <summary>A calibration made on this scale (false: the nominal span of the load cell's data sheet).</summary>
        public bool IsCalibrated { get; private set; }

        /// <summary>When it was made, Unix ms UTC; -1 = not known.</summary>
        public long CalibratedUtcMs { get; private set; }

        /// <summary>Reference mass it was made with, g; NaN = not known.</summary>
        public double ReferenceGrams { get; private set; }

        /// <summary>Restores a stored calibration (undated, reference not known); rejects values that cannot be one.</summary>
        public ScaleCalibration(double zeroCounts, double countsPerGram)
            : this(zeroCounts, countsPerGram, true, -1, double.NaN)
        {
        }

        /// <summary>Restores a stored calibration with what is known of it; rejects values that cannot be one.</summary>
        public ScaleCalibration(double zeroCounts, double countsPerGram, bool calibrated, long calibratedUtcMs, double referenceGrams)
        {
            if (!Num.IsFinite(zeroCounts))
                throw new ArgumentException("zeroCounts must be a finite number");
            if (!Num.IsFinite(countsPerGram) || Num.Abs(countsPerGram) < MinCountsPerGram)
                throw new ArgumentException("countsPerGram must be finite with magnitude >= 1 count/g");
            if (!double.IsNaN(referenceGrams) && !(referenceGrams > 0 && referenceGrams < 1e6))
                throw new ArgumentException("referenceGrams must be greater than 0 g (or NaN when not known)");
            ZeroCounts = zeroCounts;
            CountsPerGram = countsPerGram;
            IsCalibrated = calibrated;
            CalibratedUtcMs = calibrated && calibratedUtcMs >= 0 ? calibratedUtcMs : -1;
            ReferenceGrams = calibrated ? referenceGrams : double.NaN;
        }

        /// <summary>A load cell's nominal span with zero at 0 counts: converts, but is no calibration.</summary>
        public static ScaleCalibration Nominal(double countsPerGram)
        {
            return new ScaleCalibration(0, countsPerGram, false, -1, double.NaN);
        }

        /// <summary>The same conversion, dated (Unix ms UTC, -1 = not known) and with its reference mass.</summary>
        public ScaleCalibration Dated(long calibratedUtcMs, double referenceGrams)
        {
            return new ScaleCalibration(ZeroCounts, CountsPerGram, true, calibratedUtcMs, referenceGrams);
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
            // The heavier load is the reference mass (gramsA is usually the empty pan).
            double reference = Num.Abs(gramsB) > Num.Abs(gramsA) ? Num.Abs(gramsB) : Num.Abs(gramsA);
            return new ScaleCalibration(zero, countsPerGram, true, -1, reference);
        }

        public double ToGrams(double rawCounts)
        {
            return (rawCounts - ZeroCounts) / CountsPerGram;
        }
    }
}
