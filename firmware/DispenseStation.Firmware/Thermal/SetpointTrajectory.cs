using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Shapes the program's setpoint into what the plate can follow, for the feed-forward and the PID.
    /// A setpoint step (or the corner at the end of a ramp) asked of a plate with seconds of sensor lag
    /// makes any PID overshoot: the error stays large until the lagging reading arrives, so P and the
    /// integrator keep heating while the plate has already got there. Instead:
    /// the shaped setpoint moves no faster than the heater can drive the plate (with duty headroom
    /// left to the PID) and eases into the target exponentially; the feed-forward supplies the duty
    /// for that motion from the plant model; and the PID is compared against the reading the model
    /// expects (the shaped setpoint lagged by the plate's dead time), so it corrects only model error
    /// and its integrator does not wind up during the move. Allocation-free.
    /// </summary>
    public sealed class SetpointTrajectory
    {
        private double _shapedC = double.NaN;
        private double _shapedRate;
        private double _referenceC = double.NaN;

        /// <summary>Setpoint the plate is being moved along, °C.</summary>
        public double ShapedC { get { return _shapedC; } }
        /// <summary>Its rate of change, °C/s (for the ramp part of the feed-forward).</summary>
        public double ShapedRateCPerS { get { return _shapedRate; } }
        /// <summary>What the RTD should read if the plate follows the shaped setpoint: the PID's setpoint, °C.</summary>
        public double ReferenceC { get { return _referenceC; } }

        /// <summary>Starts both at the plate's reading with no motion (bumpless start, or heater off).</summary>
        public void Reset(double measuredC)
        {
            _shapedC = measuredC;
            _referenceC = measuredC;
            _shapedRate = 0;
        }

        /// <summary>No model: the setpoint passes through unshaped.</summary>
        public void PassThrough(double targetC)
        {
            _shapedC = targetC;
            _referenceC = targetC;
            _shapedRate = 0;
        }

        /// <summary>
        /// One step along the program's setpoint <paramref name="setpointC"/> (moving at
        /// <paramref name="setpointRateCPerS"/>, 0 for a step) towards the segment's
        /// <paramref name="targetC"/>. A ramp the plate can follow is followed without lag; the last
        /// part of any move eases into the target with time constant <paramref name="approachS"/>
        /// (so the heat the ramp needed is withdrawn gradually, not at the corner).
        /// <paramref name="maxRiseCPerS"/> and <paramref name="maxFallCPerS"/> bound the motion;
        /// <paramref name="lagS"/> is the plate-to-reading lag of the PID's reference.
        /// </summary>
        public void Update(double setpointC, double setpointRateCPerS, double targetC, double dtS,
            double maxRiseCPerS, double maxFallCPerS, double approachS, double lagS)
        {
            if (!Num.IsFinite(_shapedC)) Reset(setpointC);
            double approach = approachS > dtS ? approachS : dtS;
            // Follow the program's path (its rate plus a correction for any gap) ...
            double rate = setpointRateCPerS + (setpointC - _shapedC) / approach;
            // ... but no faster than an exponential landing on the segment's target allows.
            double landing = (targetC - _shapedC) / approach;
            if (landing >= 0 ? rate > landing : rate < landing) rate = landing;
            rate = Num.Clamp(rate, -maxFallCPerS, maxRiseCPerS);
            double next = _shapedC + rate * dtS;
            // Never step past the target (a large dt or a tiny approach time would).
            if ((rate > 0 && next > targetC) || (rate < 0 && next < targetC)) next = targetC;
            _shapedRate = (next - _shapedC) / dtS;
            _shapedC = next;
            // First-order lag as the model of the dead time between heat and reading (exact in steady state).
            double a = lagS > 0 ? dtS / (lagS + dtS) : 1;
            _referenceC += a * (_shapedC - _referenceC);
        }
    }
}
