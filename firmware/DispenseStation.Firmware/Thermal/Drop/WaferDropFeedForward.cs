using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Feed-forward for a cold wafer landing on the plate. At wafer-down the wafer will take
    /// C_w (T_plate - T_wafer) joules from the plate over a few of its gap time constants; the plate
    /// can only be given heat through the element's lag (about 4 s), so waiting for the RTD to show
    /// the dip (another 4-5 s of lag and dead time) is too late. Instead the energy is booked at once
    /// and paid out as extra duty, front-loaded: each tick pays the remaining energy over
    /// <see cref="PayoutTimeConstantS"/>, limited by the heater's headroom; the element's own lag then
    /// spreads it roughly as the wafer draws it. The plate's heat capacity comes from the learned
    /// model (tau / K is C / P), so the predicted uncompensated dip is also known.
    /// Also estimates the wafer's temperature (first order through the proximity gap), and predicts the
    /// dip the RTD will show (<see cref="PredictedReadingDipC"/>) from the same model: the heat this
    /// feed-forward delivered, through the element's lag, less what the modelled wafer draws, on the
    /// plate's heat capacity, seen through the sensor's lag. The PID acts on the reading less that
    /// prediction, so it answers only what the model did not foresee: it neither pushes against a dip
    /// the feed-forward is already refilling nor brakes the recovery it sees seconds late.
    /// Allocation-free; nanoFramework-compatible.
    /// </summary>
    public sealed class WaferDropFeedForward
    {
        private double _remainingJ;
        private double _bookedJ;
        private double _waferC = double.NaN;
        private double _waferHeatCapacity;
        private double _gapWPerK;
        private double _sinceDownS;
        private bool _present;
        // The plate model of the prediction (deviations from the held state; see PredictedReadingDipC).
        private double _plateHeatCapacity;
        private double _plateTimeConstantS;
        private double _heatLagS;
        private double _readingLagS;
        private double _heatInW;
        private double _plateDevC;
        private double _modelWaferDevC;
        private double _readingDevC;
        private bool _modelling;

        /// <summary>Time constant over which the booked energy is paid, s.</summary>
        public double PayoutTimeConstantS = 1.5;

        public bool Active { get { return _remainingJ != 0; } }
        /// <summary>Time constant over which an overpaid account is taken back, s (slower than the payout: the dip is still being refilled).</summary>
        public double TakeBackTimeConstantS = 6;
        /// <summary>The account closes this long after wafer-down, whatever is left in it, s.</summary>
        public double AccountS = 25;
        public bool WaferPresent { get { return _present; } }
        /// <summary>Estimated wafer temperature, °C (NaN with no wafer).</summary>
        public double WaferEstimateC { get { return _waferC; } }
        public double BookedJ { get { return _bookedJ; } }
        public double RemainingJ { get { return _remainingJ; } }
        /// <summary>
        /// The deviation of the plate reading from its target that the model predicts for this wafer and the
        /// feed-forward paid so far, °C (negative in the dip; 0 without a model or a wafer).
        /// </summary>
        public double PredictedReadingDipC { get { return _readingDevC; } }
        /// <summary>
        /// How far to lift the plate's target while the wafer estimate is still more than
        /// <paramref name="untilGapC"/> below <paramref name="waferSetpointC"/>: <paramref name="gain"/> times the
        /// excess, at most <paramref name="maxC"/>, °C (0 with no wafer or once it is estimated that close). The
        /// gap closes with the wafer's time constant, and so does the lift.
        /// </summary>
        public double TargetLiftC(double waferSetpointC, double untilGapC, double gain, double maxC)
        {
            if (!_present || !Num.IsFinite(_waferC) || !Num.IsFinite(waferSetpointC) || !(maxC > 0) || !(gain > 0)) return 0;
            double gap = waferSetpointC - _waferC - untilGapC;
            return gap > 0 ? Num.Min(maxC, gain * gap) : 0;
        }
        /// <summary>Seconds since the last wafer-down (0 without one).</summary>
        public double SinceWaferDownS { get { return _sinceDownS; } }

        /// <summary>
        /// Books, for <paramref name="accountS"/> seconds, the energy a wafer of <paramref name="heatCapacityJPerK"/> at <paramref name="waferC"/>
        /// will take to reach <paramref name="waferSetpointC"/>. Ignored (returns false) for non-physical input.
        /// </summary>
        public bool WaferDown(double heatCapacityJPerK, double waferC, double waferSetpointC, double gapWPerK, double accountS)
        {
            if (!(heatCapacityJPerK > 0) || heatCapacityJPerK > 10000 || !Num.IsFinite(waferC) || !Num.IsFinite(waferSetpointC) || !(gapWPerK > 0))
                return false;
            double rise = waferSetpointC - waferC;
            _bookedJ = rise > 0 ? heatCapacityJPerK * rise : 0;
            _remainingJ = _bookedJ;
            _waferC = waferC;
            _waferHeatCapacity = heatCapacityJPerK;
            _gapWPerK = gapWPerK;
            _sinceDownS = 0;
            _present = true;
            AccountS = accountS;
            _heatInW = 0;
            _plateDevC = 0;
            _readingDevC = 0;
            _modelWaferDevC = waferC - waferSetpointC;
            return true;
        }

        /// <summary>
        /// The plate as the learned model knows it, for <see cref="PredictedReadingDipC"/>: heat capacity
        /// (P tau / K) and time constant, and the lags of the heat path (heater mat to plate) and of the
        /// reading (RTD in its well). Without it (non-positive values) nothing is predicted.
        /// </summary>
        public void SetPlateModel(double heatCapacityJPerK, double timeConstantS, double heatLagS, double readingLagS)
        {
            _modelling = heatCapacityJPerK > 0 && timeConstantS > 0 && heatLagS >= 0 && readingLagS >= 0;
            _plateHeatCapacity = heatCapacityJPerK;
            _plateTimeConstantS = timeConstantS;
            _heatLagS = heatLagS;
            _readingLagS = readingLagS;
            if (!_modelling) ClearModel();
        }

        /// <summary>The wafer left the plate: nothing more is owed.</summary>
        public void WaferUp()
        {
            _remainingJ = 0;
            _present = false;
            _waferC = double.NaN;
        }

        /// <summary>Forgets the prediction (the program stopped heating, or a fault: the plate is no longer held).</summary>
        public void ClearModel()
        {
            _heatInW = 0;
            _plateDevC = 0;
            _readingDevC = 0;
            _modelWaferDevC = 0;
        }

        /// <summary>
        /// Extra duty this tick (negative when overpaid), given the wafer's surroundings (plate estimate
        /// less the surface offset), the duty the controller already asks for and
        /// the heater's power. Nothing is paid until <see cref="Paid"/> says what the heater got.
        /// </summary>
        public double ExtraDuty(double plateC, double baseDuty, double heaterPowerW, double dtS)
        {
            if (_present)
            {
                _sinceDownS += dtS;
                if (Num.IsFinite(plateC) && Num.IsFinite(_waferC))
                    _waferC += dtS * _gapWPerK * (plateC - _waferC) / _waferHeatCapacity;
            }
            if (_sinceDownS > AccountS) _remainingJ = 0;
            if (_remainingJ == 0 || !(heaterPowerW > 0) || !(dtS > 0)) return 0;
            double timeConstant = _remainingJ > 0 ? PayoutTimeConstantS : TakeBackTimeConstantS;
            double want = _remainingJ / (heaterPowerW * Num.Max(timeConstant, dtS));
            double duty = Num.Clamp(baseDuty, 0, 1);
            // Overpaid (the PID went on pushing against the dip): take it back, down to no heat at all.
            return Num.Clamp(want, -duty, 1 - duty);
        }

        /// <summary>
        /// Pays off the booked energy with what the heater delivered for the drop over the last
        /// <paramref name="dtS"/>: <paramref name="deliveredDuty"/> is the duty the heater applied less the
        /// PID's own part (a time-proportioned SSR latches its duty per window, so what it delivers lags and
        /// differs from what was asked by up to a window's worth). Advances the prediction with the same heat.
        /// </summary>
        public void Paid(double deliveredDuty, double heaterPowerW, double dtS)
        {
            if (!(dtS > 0) || !Num.IsFinite(deliveredDuty)) return;
            double heatW = _remainingJ != 0 ? deliveredDuty * heaterPowerW : 0;
            if (_remainingJ != 0)
            {
                // Kept open until AccountS even at zero: what the SSR delivers beyond the booking (its latch
                // on a falling duty) is taken back, not left to come out as overshoot.
                _remainingJ -= heatW * dtS;
                if (_remainingJ == 0) _remainingJ = -1e-9;
            }
            if (!_modelling) return;
            // Deviations from the held state: the wafer draws G (plate - wafer) beyond its steady loss, which
            // the controller feeds as a steady term while the wafer is present.
            double drawW = _present ? _gapWPerK * (_plateDevC - _modelWaferDevC) : 0;
            _heatInW += Num.Min(1, dtS / Num.Max(_heatLagS, dtS)) * (heatW - _heatInW);
            _plateDevC += dtS * ((_heatInW - drawW) / _plateHeatCapacity - _plateDevC / _plateTimeConstantS);
            if (_present) _modelWaferDevC += dtS * drawW / _waferHeatCapacity;
            _readingDevC += Num.Min(1, dtS / Num.Max(_readingLagS, dtS)) * (_plateDevC - _readingDevC);
        }
    }
}
