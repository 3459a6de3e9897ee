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
    /// Also estimates the wafer's temperature (first order through the proximity gap).
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
            return true;
        }

        /// <summary>The wafer left the plate: nothing more is owed.</summary>
        public void WaferUp()
        {
            _remainingJ = 0;
            _present = false;
            _waferC = double.NaN;
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
        /// Pays off the booked energy with everything the heater got above <paramref name="dutyBeforeDrop"/>
        /// this tick, the PID's own reaction to the dip included: counting only the feed-forward would give
        /// the wafer its energy twice and the plate an overshoot once the wafer is warm.
        /// </summary>
        public void Paid(double appliedDuty, double dutyBeforeDrop, double heaterPowerW, double dtS)
        {
            if (_remainingJ == 0) return;
            // Kept open until AccountS even at zero: the PID sees the dip seconds late and pushes on after
            // the wafer has had its energy; that push is taken back, not left to come out as overshoot.
            _remainingJ -= (appliedDuty - dutyBeforeDrop) * heaterPowerW * dtS;
            if (_remainingJ == 0) _remainingJ = -1e-9;
        }
    }
}
