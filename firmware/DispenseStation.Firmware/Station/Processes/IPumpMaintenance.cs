namespace DispenseStation.Firmware.Station.Processes
{
    /// <summary>
    /// Maintenance runs of the pumps (optional: a dosing process that does not implement it makes the
    /// station reject prime and calibrate-pump). A run is one channel at one speed until its seconds or
    /// grams (a calibration is one run per speed, started by the station one after the other); it counts as dosing (<see cref="IDosingProcess.IsDosing"/>), so <see cref="IDosingProcess.Stop"/>
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

        /// <summary>Stores the measured flow table of <paramref name="channel"/> (the first <paramref name="count"/>
        /// speeds, ascending, and their g/s); null or why not (nothing changed).</summary>
        string SetFlowTable(int channel, double[] speeds, double[] flows, int count);

        /// <summary>Copies the channel's table into the arrays (at least 6 long each); returns its point count (0 = the factory flows).</summary>
        int CopyFlowTable(int channel, double[] speeds, double[] flows);

        /// <summary>Puts back a table read with <see cref="CopyFlowTable"/> (0 points = the factory flows).</summary>
        void RestoreFlowTable(int channel, double[] speeds, double[] flows, int count);

        /// <summary>The flow the station expects at <paramref name="speed"/> now, g/s: its table, else its configured flows.</summary>
        double ExpectedFlow(int channel, double speed);

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
