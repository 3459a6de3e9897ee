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
        /// <summary>Samples kept to look back for the onset, to replay the wafer estimate and for the energy windows.</summary>
        public int HistorySamples = 128;
        /// <summary>Time constant of the baseline that follows the plate while nothing falls, s.</summary>
        public double BaselineTauS = 5;

        // The energy balance (used when the detector is told the wafer it expects, the plate's heat capacity
        // and the heater's power): extra loss = heater power through the heat path and the reading's lags
        // - plate heat capacity x dT/dt - the steady loss before the event. A wafer's extra loss rises at
        // once and decays with its time constant, and its integral converges to C_w x (setpoint - wafer);
        // a draught or an open lid adds a loss that lasts as long as it does.

        // The heat path's lags are the plate model's (the hotplate's ElementLagS and ReadingLagS, passed to
        // WaferDownDetector.Configure): one plate, one description. The detector models the reading's lag as a pure
        // delay then a first-order lag (ReadingLagS - SensorDeadS: the RTD in its well).

        /// <summary>The part of the plate model's reading lag that is heat travel and converter filtering ahead of the
        /// reading (a pure delay here), s (hotplate.md: 1.5 s of the 4.0 s).</summary>
        public double SensorDeadS = 1.5;
        /// <summary>Window of the steady-loss estimate, s ...</summary>
        public double BaselineWindowS = 10;
        /// <summary>... smoothed with this time constant, s.</summary>
        public double BaselineLossTauS = 20;
        /// <summary>The extra energy over this window, s ...</summary>
        public double EnergyWindowS = 8;
        /// <summary>... reaching this fraction of the expected wafer's energy is a provisional wafer-down.</summary>
        public double ProvisionalFraction = 0.4;
        /// <summary>... and at least this much, J: the balance's noise over the window on the documented plate is ~10-15 J
        /// rms, so a wafer expected to give less than ~250 J (a coupon) is left to the signature, the input or the operator.</summary>
        public double MinProvisionalJ = 100;
        /// <summary>While the extra energy over the window exceeds this fraction, the steady loss stops following.</summary>
        public double SuspectFraction = 0.15;
        /// <summary>The landing is where the extra energy passed this fraction of the expected, less the model's lag to it.</summary>
        public double OnsetFraction = 0.1;
        /// <summary>Extra loss rate is measured over this window, s ...</summary>
        public double LossWindowS = 2;
        /// <summary>... between balances each averaged over this long, s (the RTD's noise and its 0.034 °C steps).</summary>
        public double AverageS = 2;
        /// <summary>Absorbed energy within [EnergyLow, EnergyHigh] x what the expected wafer would have given by then
        /// (its share of C_w x dT the model says the reading has seen) confirms; above EnergyHigh x C_w x dT withdraws at once.</summary>
        public double EnergyLow = 0.6;
        public double EnergyHigh = 1.5;
        /// <summary>The extra loss must fall below half its peak within this x the expected wafer's half-width, else it
        /// persists (withdrawn); once it has, with the energy within [EnergyLow, EnergyHigh], the wafer-down is confirmed.</summary>
        public double WidthFactor = 1.25;
        /// <summary>The fall below half the peak must hold this long before it counts, s (the balance's noise can dip a lid's plateau for a moment).</summary>
        public double SustainS = 1.5;
        /// <summary>After a withdrawal the steady loss follows the plate with this time constant, s, and no new
        /// detection is made until the extra energy over a whole EnergyWindowS has stayed below SuspectFraction.
        /// A loss that clearly fell (the lid closed, a draught ended: it cannot be a wafer) is followed as fast.</summary>
        public double SettleTauS = 2;
        /// <summary>Before withdrawing for too much energy or a loss that persists: the expected wafer plus a later
        /// sustained loss must fit the extra loss this many times better (residual) than a sustained loss alone for the
        /// wafer to stand (a draught during its bake); 0 turns the test off. Over 8 seeds per case on the documented plate:
        /// a wafer then a draught from 8 s after landing 2.5-170, a draught or the lid alone 0.02-0.74.</summary>
        public double SeparationFactor = 2;
        /// <summary>Undecided this long after the provisional detection: withdrawn, s.</summary>
        public double MaxPendingS = 40;

        /// <summary>The longest history the detector keeps, ms (HistorySamples x SamplePeriodMs).</summary>
        public const long MaxHistoryMs = 32000;

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
            if (!(SensorDeadS >= 0)) return "sensorDeadS must be >= 0";
            if (!(BaselineWindowS > 0)) return "baselineWindowS must be > 0";
            if (!(BaselineLossTauS > 0)) return "baselineLossTauS must be > 0";
            if (!(EnergyWindowS > 0)) return "energyWindowS must be > 0";
            if (!(LossWindowS > 0) || !(LossWindowS < EnergyWindowS)) return "lossWindowS must be > 0 and < energyWindowS";
            if (!(AverageS >= SamplePeriodMs / 1000.0) || !(AverageS < EnergyWindowS)) return "averageS must be at least one sample period and < energyWindowS";
            long span = (long)((SensorDeadS + BaselineWindowS + EnergyWindowS + LossWindowS + AverageS + 2) * 1000);
            if (HistorySamples * SamplePeriodMs < span)
                return "historySamples must hold sensorDeadS + baselineWindowS + energyWindowS + lossWindowS + averageS + 2 s of samples (" + (span / SamplePeriodMs).ToString() + ")";
            // The detector keeps sample times as 16-bit ms offsets: exact over 32.7 s of history.
            if (HistorySamples * SamplePeriodMs > MaxHistoryMs)
                return "historySamples x samplePeriodMs must be at most " + MaxHistoryMs.ToString() + " ms (sample times are 16-bit ms offsets)";
            if (!(ProvisionalFraction > 0) || ProvisionalFraction > 1) return "provisionalFraction must be in (0, 1]";
            if (!(MinProvisionalJ >= 0)) return "minProvisionalJ must be >= 0";
            if (!(SuspectFraction > 0) || !(SuspectFraction < ProvisionalFraction)) return "suspectFraction must be > 0 and < provisionalFraction";
            if (!(OnsetFraction > 0) || !(OnsetFraction < ProvisionalFraction)) return "onsetFraction must be > 0 and < provisionalFraction";
            if (!(EnergyLow > 0) || !(EnergyHigh > EnergyLow)) return "energyLow must be > 0 and energyHigh > energyLow";
            if (!(WidthFactor >= 1)) return "widthFactor must be >= 1";
            if (!(SettleTauS > 0)) return "settleTauS must be > 0";
            if (!(SustainS >= 0)) return "sustainS must be >= 0";
            if (!(MaxPendingS > 0)) return "maxPendingS must be > 0";
            if (!(SeparationFactor >= 0)) return "separationFactor must be >= 0";
            return null;
        }
    }
}
