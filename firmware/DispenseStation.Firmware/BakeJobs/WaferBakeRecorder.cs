using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>
    /// One wafer's record while it is on the plate: its estimated temperature (first-order: it heats
    /// toward the plate reading with the gap's time constant), the thermal dose (integral of that
    /// estimate over the time on plate, against the setpoints times the planned holds: the ideal
    /// isothermal bake), the plate's deepest dip below the setpoint and the time until the estimate is
    /// back within ±0.1 °C of the setpoint. Starts at the estimated landing and replays the
    /// detector's history up to now, since wafer-down is confirmed after the landing. No allocation.
    /// </summary>
    public sealed class WaferBakeRecorder
    {
        /// <summary>The window the wafer's recovery is measured against, °C (issue 15: ±0.1 °C).</summary>
        public const double RecoverBandC = 0.1;

        private long _landingMs, _lastMs;
        private double _setpointC, _waferC, _tauS;
        private double _dose, _minPlateC;
        private double _recoverS;
        private bool _active;

        public bool Active { get { return _active; } }
        public long LandingMs { get { return _landingMs; } }
        /// <summary>Estimated wafer temperature now, °C.</summary>
        public double WaferC { get { return _waferC; } }
        /// <summary>Integral of the wafer estimate from landing to the last sample, °C·s.</summary>
        public double DoseCs { get { return _dose; } }
        /// <summary>Setpoint less the lowest plate reading since landing, °C.</summary>
        public double DipC { get { return _setpointC - _minPlateC; } }
        /// <summary>Landing to the estimate first within ±0.1 °C of the setpoint, s; NaN until then.</summary>
        public double RecoverS { get { return _recoverS; } }

        /// <summary>A wafer at <paramref name="waferC"/> landed at <paramref name="landingMs"/>;
        /// replays the detector's samples taken since (pass null when there are none).</summary>
        public void Begin(long landingMs, double setpointC, double waferC, double tauS, WaferDownDetector history)
        {
            _active = true;
            _landingMs = landingMs;
            _lastMs = landingMs;
            _setpointC = setpointC;
            _waferC = waferC;
            _tauS = tauS > 0 ? tauS : 4.1;
            _dose = 0;
            _minPlateC = setpointC;
            _recoverS = double.NaN;
            if (history == null) return;
            for (int ago = history.HistoryCount - 1; ago >= 0; ago--)
            {
                long t = history.TimeAgo(ago);
                if (t > landingMs) Sample(t, history.CelsiusAgo(ago), setpointC);
            }
        }

        /// <summary>Advances the estimate to <paramref name="nowMs"/> with the plate at <paramref name="plateC"/>
        /// and the running segment's setpoint.</summary>
        public void Sample(long nowMs, double plateC, double setpointC)
        {
            if (!_active || nowMs <= _lastMs || !Num.IsFinite(plateC)) return;
            double dtS = (nowMs - _lastMs) / 1000.0;
            _lastMs = nowMs;
            double before = _waferC;
            // Exact step of the first-order lag with the plate held over the interval.
            _waferC = plateC + (before - plateC) * Num.Exp(-dtS / _tauS);
            _dose += 0.5 * (before + _waferC) * dtS;
            if (Num.IsFinite(setpointC)) _setpointC = setpointC;
            if (plateC < _minPlateC) _minPlateC = plateC;
            if (double.IsNaN(_recoverS) && Num.Abs(_waferC - _setpointC) <= RecoverBandC)
                _recoverS = (nowMs - _landingMs) / 1000.0;
        }

        /// <summary>Closes the record at removal; the time on plate, s.</summary>
        public double Finish(long removalMs, double plateC)
        {
            Sample(removalMs, plateC, double.NaN);
            _active = false;
            return (removalMs - _landingMs) / 1000.0;
        }

        public void Cancel()
        {
            _active = false;
        }
    }
}
