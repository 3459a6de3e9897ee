using System;

namespace DispenseStation.Firmware.Scale
{
    /// <summary>Tuning of the scale pipeline. Defaults suit an HX711 at 80 samples/s on a 1 kg cell.</summary>
    public sealed class ScaleSettings
    {
        public double FilterAlpha = 0.12;
        public double FilterBeta = 0.0075;
        /// <summary>Samples per short average in the stable-weight detector.</summary>
        public int StableShortSamples = 8;
        /// <summary>How long every short average must stay within the band.</summary>
        public double StableWindowS = 0.6;
        public double StableBandGrams = 0.008;
        /// <summary>Zero tracking acts only while the stable net weight is within this of zero.</summary>
        public double ZeroTrackRangeGrams = 0.02;
        /// <summary>Most the zero may move per second by tracking.</summary>
        public double ZeroTrackRateGramsPerS = 0.002;
        /// <summary>No conversion for this long means the load cell is disconnected.</summary>
        public int SilentMs = 500;

        public void Validate()
        {
            if (!(FilterAlpha > 0 && FilterAlpha <= 1)) throw new ArgumentException("FilterAlpha must be in (0, 1]");
            if (!(FilterBeta >= 0 && FilterBeta < 1)) throw new ArgumentException("FilterBeta must be in [0, 1)");
            if (StableShortSamples < 1) throw new ArgumentException("StableShortSamples must be >= 1");
            if (!(StableWindowS > 0)) throw new ArgumentException("StableWindowS must be > 0");
            if (!(StableBandGrams > 0)) throw new ArgumentException("StableBandGrams must be > 0");
            if (!(ZeroTrackRangeGrams >= 0)) throw new ArgumentException("ZeroTrackRangeGrams must be >= 0");
            if (!(ZeroTrackRateGramsPerS >= 0)) throw new ArgumentException("ZeroTrackRateGramsPerS must be >= 0");
            if (SilentMs < 1) throw new ArgumentException("SilentMs must be >= 1");
        }
    }
}
