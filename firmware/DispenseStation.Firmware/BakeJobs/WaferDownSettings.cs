namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>
    /// Thresholds of the wafer-down signature. Defaults are for the documented plate
    /// (hardware/plant/hotplate.md: 1060 J/K aluminium, RTD lag 2.5 s, converter delay 1.5 s): a
    /// 200 mm wafer at 22 °C on a 110 °C plate pulls ~0.75 °C/s out of it at first; the lid opening
    /// or a draught pulls well under 0.1 °C/s (figures in bench/DispenseStation.Bench.WaferDown).
    /// </summary>
    public sealed class WaferDownSettings
    {
        /// <summary>The detector samples the plate at this period, ms.</summary>
        public long SamplePeriodMs = 200;
        /// <summary>Slope window, samples (x SamplePeriodMs = 1.6 s by default).</summary>
        public int SlopeWindowSamples = 8;
        /// <summary>The plate must fall at least this fast, °C/s ...</summary>
        public double SlopeThresholdCPerS = 0.12;
        /// <summary>... and be at least this far below its baseline, °C ...</summary>
        public double DropThresholdC = 0.3;
        /// <summary>... on this many consecutive samples.</summary>
        public int ConfirmSamples = 2;
        /// <summary>A departure from the baseline larger than this marks the onset, °C (~3x the RTD noise).</summary>
        public double OnsetC = 0.05;
        /// <summary>From the landing to the onset seen by the RTD (converter delay plus lag), s.</summary>
        public double SensorDelayS = 2.35;
        /// <summary>Samples kept to look back for the onset and to replay the wafer estimate.</summary>
        public int HistorySamples = 64;
        /// <summary>Time constant of the baseline that follows the plate while nothing falls, s.</summary>
        public double BaselineTauS = 5;

        /// <summary>Null when usable, else the field and the rule.</summary>
        public string Validate()
        {
            if (SamplePeriodMs <= 0) return "samplePeriodMs must be > 0";
            if (SlopeWindowSamples < 2) return "slopeWindowSamples must be >= 2";
            if (HistorySamples <= SlopeWindowSamples + 2) return "historySamples must exceed slopeWindowSamples + 2";
            if (!(SlopeThresholdCPerS > 0)) return "slopeThresholdCPerS must be > 0";
            if (!(DropThresholdC > 0)) return "dropThresholdC must be > 0";
            if (ConfirmSamples < 1) return "confirmSamples must be >= 1";
            if (!(OnsetC > 0)) return "onsetC must be > 0";
            if (!(SensorDelayS >= 0)) return "sensorDelayS must be >= 0";
            if (!(BaselineTauS > 0)) return "baselineTauS must be > 0";
            return null;
        }
    }
}
