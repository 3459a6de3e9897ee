using System;

namespace DispenseStation.Firmware.Scale
{
    /// <summary>Tuning of the scale pipeline. Defaults suit an HX711 at 80 samples/s on a 1 kg cell.</summary>
    public sealed class ScaleSettings
    {
        /// <summary>Response time of the control filter. Its gains follow from it and the ADC rate,
        /// so 10 and 80 samples/s behave alike (80 samples/s then averages 8 times more noise away).</summary>
        public double FilterTimeS = 0.2;
        /// <summary>Length of each short average in the stable-weight detector (suppresses noise before the band test).</summary>
        public double StableShortS = 0.4;
        /// <summary>How long every short average must stay within the band. The stable weight is the
        /// mean over this window, so a longer window also gives a quieter verify reading.</summary>
        public double StableWindowS = 1.2;
        /// <summary>Wide enough that HX711 noise never breaks it (about 4 sigma of a short average at
        /// 80 samples/s), narrow enough that a drip of 10 mg/s is not called stable.</summary>
        public double StableBandGrams = 0.010;
        /// <summary>Zero tracking acts only while the stable net weight is within this of zero.</summary>
        public double ZeroTrackRangeGrams = 0.02;
        /// <summary>Most the zero may move per second by tracking.</summary>
        public double ZeroTrackRateGramsPerS = 0.002;
        /// <summary>No conversion for this long means the load cell is disconnected.</summary>
        public int SilentMs = 500;
        /// <summary>Standard deviation of one stable (verify) reading: the balance's datasheet
        /// repeatability, or for the HX711 cell the measured scatter of the stable mean. A dose whose
        /// tolerance is within the 2-sigma error of two such readings (tare and final) is refused:
        /// the scale could not tell whether it is in tolerance.</summary>
        public double RepeatabilityGrams = 0.001;
        /// <summary>This many identical raw readings in a row mean the converter froze (an HX711
        /// whose noise is tens of counts never repeats 16 times). 0 = off: a balance repeats its
        /// display value whenever nothing changes.</summary>
        public int FrozenSamples;

        /// <summary>
        /// Settings for a laboratory balance that streams its own filtered weight (MT-SICS "SIR", about 10
        /// readings/s). The HX711 defaults (0.4 s short averages, 1.2 s window, 10 mg band) were set for tens
        /// of counts of noise at 80 samples/s; a balance reading repeats within its datasheet repeatability,
        /// so short averages of 0.2 s (2 readings, sigma about 0.7 x repeatability) that stay within 4 x
        /// repeatability for 0.6 s are at rest. A weight still creeping by more than about 8 mg/s (4 mg over
        /// the 0.5 s between the first and last short average) is not stable, as with the HX711 settings
        /// (10 mg over 1.1 s); the verify mean averages 0.8 s of readings (sigma about 0.4 x repeatability).
        /// The stable weight is reached about 0.7 s after the weight stops changing instead of 1.5 s.
        /// No frozen check: a balance repeats its display value whenever nothing changes.
        /// </summary>
        public static ScaleSettings ForBalance(double repeatabilityGrams)
        {
            ScaleSettings s = new ScaleSettings();
            s.RepeatabilityGrams = repeatabilityGrams;
            s.StableShortS = 0.2;
            s.StableWindowS = 0.6;
            s.StableBandGrams = 4 * repeatabilityGrams;
            s.FrozenSamples = 0;
            s.Validate();
            return s;
        }

        public void Validate()
        {
            if (!(FilterTimeS > 0 && FilterTimeS < 10)) throw new ArgumentException("FilterTimeS must be in (0, 10) s");
            if (!(StableShortS > 0)) throw new ArgumentException("StableShortS must be > 0");
            if (!(StableWindowS > 0)) throw new ArgumentException("StableWindowS must be > 0");
            if (!(StableBandGrams > 0)) throw new ArgumentException("StableBandGrams must be > 0");
            if (!(ZeroTrackRangeGrams >= 0)) throw new ArgumentException("ZeroTrackRangeGrams must be >= 0");
            if (!(ZeroTrackRateGramsPerS >= 0)) throw new ArgumentException("ZeroTrackRateGramsPerS must be >= 0");
            if (SilentMs < 1) throw new ArgumentException("SilentMs must be >= 1");
            if (!(RepeatabilityGrams > 0) || double.IsInfinity(RepeatabilityGrams)) throw new ArgumentException("RepeatabilityGrams must be a finite number > 0");
            if (FrozenSamples < 0 || FrozenSamples == 1) throw new ArgumentException("FrozenSamples must be 0 (off) or >= 2");
        }
    }
}
