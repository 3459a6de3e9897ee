using System;

namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// How one pump channel doses. Speeds are fractions of the pump's maximum; flows are what the
    /// channel nominally delivers at those speeds (used to choose the first phase and to expect
    /// flow), the doser measures the real flow as it goes.
    /// </summary>
    public sealed class DoseChannelSettings
    {
        public double FastSpeed = 1.0;
        public double SlowSpeed = 0.25;
        public double DribbleSpeed = 0.05;
        public double FastFlowGramsPerS = 5.0;
        public double SlowFlowGramsPerS = 1.25;
        public double DribbleFlowGramsPerS = 0.25;
        /// <summary>Switch fast to slow when the remaining mass is this many seconds of fast flow.</summary>
        public double FastLeadS = 1.5;
        /// <summary>Switch slow to dribble when the remaining mass is this many seconds of slow flow.</summary>
        public double SlowLeadS = 1.5;
        /// <summary>In-flight estimate before the channel has learned one.</summary>
        public double InitialInFlightGrams = 0.02;
        /// <summary>Learned in-flight estimates are clamped to [0, this].</summary>
        public double MaxInFlightGrams = 1.0;
        /// <summary>Weight of each new observation in the in-flight estimate, (0, 1].</summary>
        public double LearningGain = 0.5;
        /// <summary>Drain time constant of the tube tip, s: after a stop the liquid still in the tube
        /// keeps arriving as e^(-t/tau). Laminar (Hagen-Poiseuille) drain, so it grows with viscosity:
        /// tenths of a second for solvent, seconds for a 1000 cP resin (see <see cref="TubeDrain"/>).</summary>
        public double DrainTimeConstantS = 0.3;
        /// <summary>The verify waits until the liquid still draining from the tube (by the drain model) is
        /// below this fraction of the tolerance: a viscous tail can be slow enough to pass the stable test.</summary>
        public double SettleTailFraction = 0.1;
        /// <summary>Aim this fraction of the tolerance below target, so scatter stays under the upper limit.</summary>
        public double AimBelowFraction = 0.25;
        /// <summary>A verified dose further than this fraction of the tolerance below target gets a
        /// top-up pulse while pulses remain, so doses land near target, not at the lower limit.</summary>
        public double TopUpBelowFraction = 0.5;
        /// <summary>Pumping for this long must gain at least <see cref="NoFlowMinGrams"/>.</summary>
        public double NoFlowWindowS = 3.0;
        public double NoFlowMinGrams = 0.02;
        /// <summary>After the pump stops, wait at least this long before trusting a stable weight.</summary>
        public double SettleDelayS = 0.8;
        public double SettleTimeoutS = 10.0;
        /// <summary>Between doses, a rise larger than this from each quarter of <see cref="RunawayWindowS"/>
        /// to the next is liquid arriving with no dose running: a pump runs with no command. Well above
        /// the noise of a quarter's mean, well below what the smallest pump moves in a quarter.</summary>
        public double RunawayRiseGrams = 0.005;
        public double RunawayWindowS = 0.36;
        /// <summary>After a dose ends the tube still drains; the runaway watch starts this much later.</summary>
        public double RunawayHoldoffS = 2.0;
        public int MaxTopUps = 4;
        public int MinPulseMs = 40;
        public int MaxPulseMs = 3000;

        public void Validate()
        {
            CheckSpeed(FastSpeed, "FastSpeed");
            CheckSpeed(SlowSpeed, "SlowSpeed");
            CheckSpeed(DribbleSpeed, "DribbleSpeed");
            if (!(DribbleSpeed <= SlowSpeed && SlowSpeed <= FastSpeed))
                throw new ArgumentException("DribbleSpeed <= SlowSpeed <= FastSpeed must hold");
            CheckPositive(FastFlowGramsPerS, "FastFlowGramsPerS");
            CheckPositive(SlowFlowGramsPerS, "SlowFlowGramsPerS");
            CheckPositive(DribbleFlowGramsPerS, "DribbleFlowGramsPerS");
            CheckPositive(FastLeadS, "FastLeadS");
            CheckPositive(SlowLeadS, "SlowLeadS");
            CheckPositive(MaxInFlightGrams, "MaxInFlightGrams");
            if (!(InitialInFlightGrams >= 0 && InitialInFlightGrams <= MaxInFlightGrams))
                throw new ArgumentException("InitialInFlightGrams must be in [0, MaxInFlightGrams]");
            if (!(LearningGain > 0 && LearningGain <= 1)) throw new ArgumentException("LearningGain must be in (0, 1]");
            CheckPositive(DrainTimeConstantS, "DrainTimeConstantS");
            if (!(SettleTailFraction > 0 && SettleTailFraction <= 1)) throw new ArgumentException("SettleTailFraction must be in (0, 1]");
            if (!(AimBelowFraction >= 0 && AimBelowFraction < 1)) throw new ArgumentException("AimBelowFraction must be in [0, 1)");
            if (!(TopUpBelowFraction > AimBelowFraction && TopUpBelowFraction <= 1))
                throw new ArgumentException("TopUpBelowFraction must be in (AimBelowFraction, 1]");
            CheckPositive(NoFlowWindowS, "NoFlowWindowS");
            CheckPositive(NoFlowMinGrams, "NoFlowMinGrams");
            if (!(SettleDelayS >= 0)) throw new ArgumentException("SettleDelayS must be >= 0");
            if (!(SettleTimeoutS > SettleDelayS)) throw new ArgumentException("SettleTimeoutS must be > SettleDelayS");
            CheckPositive(RunawayRiseGrams, "RunawayRiseGrams");
            if (!(RunawayWindowS > 0 && RunawayWindowS <= 0.4)) throw new ArgumentException("RunawayWindowS must be in (0, 0.4] s so a runaway is cut within 0.5 s");
            if (!(RunawayHoldoffS >= 0)) throw new ArgumentException("RunawayHoldoffS must be >= 0");
            if (MaxTopUps < 0) throw new ArgumentException("MaxTopUps must be >= 0");
            if (MinPulseMs < 1 || MaxPulseMs < MinPulseMs) throw new ArgumentException("1 <= MinPulseMs <= MaxPulseMs must hold");
        }

        private static void CheckSpeed(double value, string name)
        {
            if (!(value > 0 && value <= 1)) throw new ArgumentException(name + " must be in (0, 1]");
        }

        private static void CheckPositive(double value, string name)
        {
            if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentException(name + " must be a finite number > 0");
        }
    }
}
