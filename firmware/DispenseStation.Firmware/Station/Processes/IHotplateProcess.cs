namespace DispenseStation.Firmware.Station.Processes
{
    /// <summary>
    /// The hotplate as the station sequences it: a bake program runs on its own once started (the
    /// station only ticks it), so a Hold or a lost link does not cut a wafer's bake short; the safety
    /// supervisor's verdict arrives through <see cref="HeaterPermitted"/>, and the process must force
    /// the heater off while it is false. Implemented over the thermal controller
    /// (<c>ThermalHotplateProcess</c>) and by fakes in tests.
    /// </summary>
    public interface IHotplateProcess
    {
        /// <summary>Starts a program of <paramref name="count"/> segments (arrays are copied).
        /// A ramp of 0 means as fast as possible; a cool-down is a segment below the plate
        /// temperature with hold 0.</summary>
        void StartProgram(double[] setpointC, double[] rampCPerMin, double[] holdS, double[] bandC, int count);

        /// <summary>Ends any program and turns the heater off.</summary>
        void Stop();

        /// <summary>One control period; called on every station tick.</summary>
        void Tick();

        /// <summary>Set by the station before every tick from the safety supervisor.</summary>
        bool HeaterPermitted { get; set; }

        bool IsRunning { get; }

        /// <summary>True once the last segment of the program finished.</summary>
        bool IsComplete { get; }

        /// <summary>Index of the segment running now (or last run).</summary>
        int SegmentIndex { get; }

        /// <summary>Segments finished so far in the current program.</summary>
        int SegmentsCompleted { get; }

        /// <summary>Seconds outside the band during the hold of segment <paramref name="index"/>.</summary>
        double SecondsOutsideBand(int index);

        /// <summary>Latched fault: null when none, else a short code (e.g. "over-temperature").
        /// A fault ends the program with the heater off.</summary>
        string FaultCode { get; }

        /// <summary>Clears a latched fault once its cause is gone; false if it persists.</summary>
        bool ResetFault();

        double PlateC { get; }

        double SetpointC { get; }

        double HeaterDuty { get; }

        /// <summary>A two-point RTD calibration is loaded (false: the raw reading is used).</summary>
        bool RtdCalibrated { get; }

        /// <summary>When the loaded RTD calibration was made, Unix ms UTC; -1 = not known or none.</summary>
        long RtdCalibratedUtcMs { get; }

        /// <summary>Loads a two-point RTD calibration made at <paramref name="calibratedUtcMs"/> (-1 = not
        /// known); null, or why it was refused (the previous calibration is kept then).</summary>
        string SetRtdCalibration(double reading1C, double reference1C, double reading2C, double reference2C, long calibratedUtcMs);

        /// <summary>Learned parameters to persist (PID gains, feed-forward model, RTD calibration); returns count written.</summary>
        int ExportParameters(double[] destination);

        void ImportParameters(double[] values, int count);
    }
}
