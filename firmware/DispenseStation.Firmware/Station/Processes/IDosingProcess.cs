namespace DispenseStation.Firmware.Station.Processes
{
    /// <summary>
    /// Scale and pumps as the station sequences them. The pumps must stop while
    /// <see cref="PumpsPermitted"/> is false and on every fault. Implemented over the scale and
    /// doser (<c>DoserDosingProcess</c>) and by fakes in tests.
    /// </summary>
    public interface IDosingProcess
    {
        /// <summary>One control period; called on every station tick.</summary>
        void Tick();

        /// <summary>Set by the station before every tick from the safety supervisor.</summary>
        bool PumpsPermitted { get; set; }

        /// <summary>Net grams on the scale (after tare), filtered.</summary>
        double NetGrams { get; }

        /// <summary>Whether the scale reading is stable.</summary>
        bool IsStable { get; }

        /// <summary>Requests a tare at the next stable reading.</summary>
        void BeginTare();

        /// <summary>True once the requested tare was taken.</summary>
        bool TareDone { get; }

        /// <summary>Starts dosing <paramref name="targetGrams"/> more grams into the bottle.</summary>
        void StartDose(int channel, double targetGrams, double toleranceGrams, double timeoutS);

        /// <summary>Stops any pump now (hold, abort); the dose so far stays in <see cref="DoseActualGrams"/>.</summary>
        void Stop();

        bool IsDosing { get; }

        /// <summary>True once the dose started last has ended (successfully or not).</summary>
        bool DoseFinished { get; }

        bool DoseSucceeded { get; }

        double DoseActualGrams { get; }

        long DoseDurationMs { get; }

        /// <summary>Null, or a short code for the dose or scale fault (e.g. "no-flow", "overfill").</summary>
        string FaultCode { get; }

        /// <summary>Liquid kept arriving with no dose running (a pump runs uncommanded): the batch in the bottle is no longer what the record says.</summary>
        bool PumpRunOn { get; }

        /// <summary>Commanded flow per channel, g/s (for telemetry).</summary>
        double PumpRate(int channel);

        int ChannelCount { get; }

        /// <summary>The scale converts with a calibration made on it (false: a nominal span only).</summary>
        bool ScaleCalibrated { get; }

        /// <summary>When the scale calibration was made, Unix ms UTC; -1 = not known.</summary>
        long ScaleCalibratedUtcMs { get; }

        /// <summary>Reference mass of the scale calibration, g; NaN = not known.</summary>
        double ScaleReferenceGrams { get; }

        /// <summary>Replaces the scale calibration (with its date and reference mass).</summary>
        void SetScaleCalibration(DispenseStation.Firmware.Scale.ScaleCalibration calibration);

        /// <summary>Scale calibration (with its date), zero and what the doser learned per channel, to persist; returns count.</summary>
        int ExportParameters(double[] destination);

        /// <summary>Restores what <see cref="ExportParameters"/> wrote; null, or what it could not restore and why.</summary>
        string ImportParameters(double[] values, int count);
    }
}
