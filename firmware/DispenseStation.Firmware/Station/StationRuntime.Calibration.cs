using DispenseStation.Firmware.Scale;

namespace DispenseStation.Firmware.Station
{
    /// <summary>
    /// Calibrations applied to the running station (issue 17): each is dated from the station's wall
    /// clock when it knows UTC (else the date stays unknown), kept in the durable progress record with
    /// the values, so it survives a restart, and reported in the retained state (<c>calibration</c>).
    /// Called from the thread that ticks the station, like every other entry point.
    /// </summary>
    public sealed partial class StationRuntime
    {
        /// <summary>
        /// Replaces the scale calibration with one made now (a date the calibration already carries
        /// is kept). Null, or why it was refused: only while no batch is active, in Idle, Complete,
        /// Stopped or Aborted.
        /// </summary>
        public string ApplyScaleCalibration(ScaleCalibration calibration)
        {
            if (calibration == null) return "scale calibration: required";
            string blocked = CalibrationBlockedReason("scale calibration");
            if (blocked != null) return blocked;
            long utc = calibration.CalibratedUtcMs >= 0 ? calibration.CalibratedUtcMs : WallUtcMs();
            _dosing.SetScaleCalibration(calibration.IsCalibrated ? calibration.Dated(utc, calibration.ReferenceGrams) : calibration);
            _stateDirty = true;
            SaveProgress(); // posted: the worker writes it off the tick; a failed write raises the storage alarm
            return null;
        }

        /// <summary>Loads a two-point RTD calibration made now; null, or why it was refused (as above, or the points' check).</summary>
        public string ApplyRtdCalibration(double reading1C, double reference1C, double reading2C, double reference2C)
        {
            string blocked = CalibrationBlockedReason("RTD calibration");
            if (blocked != null) return blocked;
            string why = _hot.SetRtdCalibration(reading1C, reference1C, reading2C, reference2C, WallUtcMs());
            if (why != null) return why;
            _stateDirty = true;
            SaveProgress(); // posted: the worker writes it off the tick; a failed write raises the storage alarm
            return null;
        }

        private string CalibrationBlockedReason(string what)
        {
            PackMlState s = _machine.State;
            if (s != PackMlState.Idle && s != PackMlState.Complete && s != PackMlState.Stopped && s != PackMlState.Aborted)
            {
                return what + " is only accepted in Idle, Complete, Stopped or Aborted (now " + PackMlNames.Of(s) + ")";
            }
            if (_batchActive || Interrupted) return what + ": a batch is active";
            return null;
        }

        /// <summary>UTC now (Unix ms) when the station knows it, else -1: read now, not at the last tick.</summary>
        private long WallUtcMs()
        {
            return _wallClock == null ? -1 : _wallClock.UtcMs;
        }

        private void FillCalibration(Protocol.Messages.StateMessage m)
        {
            m.CalibrationReported = true;
            m.ScaleCalibrated = _dosing.ScaleCalibrated;
            m.ScaleCalibratedUtcMs = _dosing.ScaleCalibratedUtcMs;
            m.ScaleReferenceGrams = _dosing.ScaleReferenceGrams;
            m.RtdCalibrated = _hot.RtdCalibrated;
            m.RtdCalibratedUtcMs = _hot.RtdCalibratedUtcMs;
        }
    }
}
