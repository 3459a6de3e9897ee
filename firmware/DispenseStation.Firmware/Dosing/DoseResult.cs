namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// Outcome of one dose. The doser owns one instance and refills it on each Start (no
    /// allocation while dosing); copy the fields out to keep them.
    /// </summary>
    public sealed class DoseResult
    {
        public int Channel;
        public double TargetGrams;
        public double ToleranceGrams;
        /// <summary>Delivered mass by the stable weight (or the last filtered weight on a fault).</summary>
        public double ActualGrams;
        public double ErrorGrams;
        public double DurationS;
        /// <summary>Bit set of <see cref="DosePhase"/> values the dose went through.</summary>
        public int Phases;
        public int TopUpPulses;
        /// <summary><see cref="DoseFault"/> code; None when the dose succeeded.</summary>
        public int FaultCode;
        public bool Succeeded;
        /// <summary>The in-flight estimate the cut-off used (the learned one scaled to what the tube held then).</summary>
        public double InFlightUsedGrams;
        /// <summary>Filtered delivered weight when the pump was cut off.</summary>
        public double CutoffGrams;
        /// <summary>In-flight mass this dose showed (first stable weight minus cut-off weight); the learner is fed it
        /// scaled to a steady dribble.</summary>
        public double InFlightObservedGrams;

        internal void Clear()
        {
            Channel = 0;
            TargetGrams = ToleranceGrams = ActualGrams = ErrorGrams = DurationS = 0;
            InFlightUsedGrams = CutoffGrams = InFlightObservedGrams = 0;
            Phases = TopUpPulses = FaultCode = 0;
            Succeeded = false;
        }
    }
}
