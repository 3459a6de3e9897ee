namespace DispenseStation.Firmware.Thermal
{
    /// <summary>Structure of the PID (everything except the gains). Plain values, set at construction.</summary>
    public sealed class PidSettings
    {
        /// <summary>Fixed sample period, s.</summary>
        public double SamplePeriodS = 0.1;
        /// <summary>Derivative filter: the derivative is low-passed with time constant Td/N.</summary>
        public double DerivativeFilterN = 8;
        /// <summary>Setpoint weight b of the proportional term: Kp * (b*r - y). 1 = plain error.</summary>
        public double SetpointWeight = 1;
        /// <summary>True: derivative acts on the measurement only (no kick on setpoint steps).</summary>
        public bool DerivativeOnMeasurement = true;
        public AntiWindup AntiWindup = AntiWindup.BackCalculation;
        /// <summary>Tracking time constant for back-calculation, as a fraction of sqrt(Ti*Td) (or of Ti without D).</summary>
        public double TrackingFactor = 1;
        public double OutputMin = 0;
        public double OutputMax = 1;
        /// <summary>Largest output change per second; 0 = unlimited.</summary>
        public double OutputRateLimitPerS = 0;

        public string Validate()
        {
            if (!(SamplePeriodS > 0) || SamplePeriodS > 10) return "SamplePeriodS must be in (0, 10] s";
            if (!(DerivativeFilterN >= 2) || DerivativeFilterN > 100) return "DerivativeFilterN must be in [2, 100]";
            if (!(SetpointWeight >= 0) || SetpointWeight > 1) return "SetpointWeight must be in [0, 1]";
            if (!(TrackingFactor > 0) || TrackingFactor > 10) return "TrackingFactor must be in (0, 10]";
            if (!Util.Num.IsFinite(OutputMin) || !Util.Num.IsFinite(OutputMax) || OutputMin >= OutputMax)
                return "OutputMin must be below OutputMax";
            if (!(OutputRateLimitPerS >= 0)) return "OutputRateLimitPerS must be >= 0 (0 = unlimited)";
            return null;
        }
    }
}
