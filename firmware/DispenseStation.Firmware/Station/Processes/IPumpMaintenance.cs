namespace DispenseStation.Firmware.Station.Processes
{
    /// <summary>
    /// Maintenance runs of the pumps (optional: a dosing process that does not implement it makes the
    /// station reject prime and calibrate-pump). A run is one channel at one speed until its seconds or
    /// grams; it counts as dosing (<see cref="IDosingProcess.IsDosing"/>), so <see cref="IDosingProcess.Stop"/>
    /// and a false <see cref="IDosingProcess.PumpsPermitted"/> end it with the pump off.
    /// </summary>
    public interface IPumpMaintenance
    {
        /// <summary>Null when the run started, else why not (nothing changed).</summary>
        string StartPumpRun(int channel, double speed, double maxSeconds, double maxGrams);

        /// <summary>Once per finished run: <see cref="PumpRunOutcome"/> Completed, Stopped or Failed; None when nothing new.</summary>
        int TakePumpRunOutcome();

        /// <summary>The last run: grams that arrived (settled weight when completed), pump-on seconds,
        /// whether its grams (not its time) ended it, and the fault code when it failed.</summary>
        double PumpRunGrams { get; }
        double PumpRunSeconds { get; }
        bool PumpRunEndedByGrams { get; }
        string PumpRunFault { get; }

        /// <summary>Everything on the scale now (bottle and contents), g: what the bottle limit is checked against.</summary>
        double GrossGrams { get; }

        /// <summary>Stores the measured flow of <paramref name="channel"/> at <paramref name="speed"/>; null or why not (nothing changed).</summary>
        string SetFlowCalibration(int channel, double speed, double gramsPerS);

        /// <summary>Puts back a value read from <see cref="CalibratedFullSpeedFlow"/> (0 = the factory flows).</summary>
        void RestoreFlowCalibration(int channel, double fullSpeedGramsPerS);

        /// <summary>Calibrated flow at full speed, g/s; 0 = not calibrated.</summary>
        double CalibratedFullSpeedFlow(int channel);
    }

    /// <summary>Values of <see cref="IPumpMaintenance.TakePumpRunOutcome"/>.</summary>
    public static class PumpRunOutcome
    {
        public const int None = 0;
        public const int Completed = 1;
        /// <summary>Cut by Stop or by pumps no longer permitted.</summary>
        public const int Stopped = 2;
        /// <summary>A scale or weight fault ended it (<see cref="IPumpMaintenance.PumpRunFault"/>).</summary>
        public const int Failed = 3;
    }
}
