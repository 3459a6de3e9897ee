using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Watches whether the plate still behaves like the model its tuning was made for. Over windows of
    /// <see cref="WindowS"/> while the plate regulates (no wafer just down), it runs the learned
    /// first-order-plus-dead-time model forward from the filtered reading with the duties actually
    /// applied, and compares where the model ends with where the plate is. A heater that lost power
    /// (a failed zone, a low supply) or a plate that gained mass makes the model drift by the same
    /// sign window after window; <see cref="ConsecutiveWindows"/> windows beyond
    /// <see cref="LimitC"/> raise <see cref="RetuneAdvised"/>. Advisory only: it never changes the heater.
    /// Fixed arrays; no allocation after construction; nanoFramework-compatible.
    /// </summary>
    public sealed class PlantMismatchMonitor
    {
        // 30 s of duties at the 100 ms tick (the plate's dead time is ~10 s); 16 bits each: the ESP32 heap is ~100 KB.
        private const int HistoryLength = 300;
        private readonly ushort[] _duty = new ushort[HistoryLength];
        private int _head;
        private int _filled;
        private bool _active;
        private double _windowS;
        private double _modelC;
        private int _overCount;
        private double _lastErrorC;

        /// <summary>Length of one comparison window, s.</summary>
        public double WindowS = 60;
        /// <summary>Model-to-plate difference at the end of a window that counts as a miss, °C.</summary>
        public double LimitC = 0.5;
        public int ConsecutiveWindows = 2;

        public bool RetuneAdvised { get; private set; }
        /// <summary>Model minus plate at the end of the last completed window, °C (positive: the plate heats less than the model says).</summary>
        public double LastErrorC { get { return _lastErrorC; } }
        public int WindowsCompleted { get; private set; }

        /// <summary>Clears the advice and the history (a new tuning set was applied).</summary>
        public void Reset()
        {
            RetuneAdvised = false;
            _active = false;
            _overCount = 0;
            _filled = 0;
            _lastErrorC = 0;
            WindowsCompleted = 0;
        }

        /// <summary>
        /// One tick: <paramref name="appliedDuty"/> is what went to the heater, <paramref name="plateC"/> the
        /// filtered reading, <paramref name="watch"/> whether this tick may count (regulating, no wafer just down).
        /// </summary>
        public void Tick(double dtS, double appliedDuty, double plateC, bool watch, FeedForwardModel model)
        {
            _duty[_head] = Num.DutyToUInt16(appliedDuty);
            _head = (_head + 1) % HistoryLength;
            if (_filled < HistoryLength) _filled++;
            if (!watch || model == null || !model.HasDynamics || !Num.IsFinite(plateC) || !(dtS > 0))
            {
                _active = false;
                return;
            }
            int delayTicks = (int)(model.DeadTimeS / dtS + 0.5);
            if (delayTicks >= HistoryLength) delayTicks = HistoryLength - 1;
            if (_filled <= delayTicks)
            {
                _active = false;
                return;
            }
            if (!_active)
            {
                _active = true;
                _windowS = 0;
                _modelC = plateC;
                return;
            }
            int index = _head - 1 - delayTicks;
            while (index < 0) index += HistoryLength;
            double delayed = Num.DutyFromUInt16(_duty[index]);
            double tau = model.TimeConstantS;
            double steady = model.AmbientC + model.GainCPerDuty * delayed;
            _modelC += dtS * (steady - _modelC) / tau;
            _windowS += dtS;
            if (_windowS < WindowS) return;
            _lastErrorC = _modelC - plateC;
            WindowsCompleted++;
            _overCount = Num.Abs(_lastErrorC) > LimitC ? _overCount + 1 : 0;
            if (_overCount >= ConsecutiveWindows) RetuneAdvised = true;
            _windowS = 0;
            _modelC = plateC;
        }
    }
}
