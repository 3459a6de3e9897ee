using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Alpha-beta tracking filter on the plate reading: a level and a rate, corrected by a fixed
    /// fraction of each innovation. It follows a ramp without steady lag (the rate term), and it cuts
    /// the RTD's white noise (±0.016 °C rms plus the 0.034 °C code step at 110 °C) before the PID
    /// multiplies it, which is what made the hold wander: the plate's jitter was the controller
    /// chasing noise. Beta follows Benedict-Bordner (beta = alpha²/(2 - alpha)) for a critically
    /// damped response. Allocation-free; nanoFramework-compatible.
    /// </summary>
    public sealed class MeasurementObserver
    {
        private double _alpha;
        private double _beta;
        private double _level = double.NaN;
        private double _rate;

        public MeasurementObserver(double alpha)
        {
            SetAlpha(alpha);
        }

        /// <summary>Filtered plate temperature, °C (NaN before the first reading).</summary>
        public double EstimateC { get { return _level; } }
        /// <summary>Filtered rate of change, °C/s.</summary>
        public double RateCPerS { get { return _rate; } }
        public double Alpha { get { return _alpha; } }

        /// <summary>Alpha in (0, 1]; 1 passes the reading through unfiltered.</summary>
        public void SetAlpha(double alpha)
        {
            _alpha = Num.Clamp(alpha, 0.01, 1);
            _beta = _alpha * _alpha / (2 - _alpha);
        }

        /// <summary>Starts again from <paramref name="celsius"/> at rest (after a bad read or a fault).</summary>
        public void Reset(double celsius)
        {
            _level = celsius;
            _rate = 0;
        }

        /// <summary>One reading <paramref name="dtS"/> after the previous; returns the estimate.</summary>
        public double Update(double celsius, double dtS)
        {
            if (!Num.IsFinite(_level) || !(dtS > 0))
            {
                Reset(celsius);
                return _level;
            }
            double predicted = _level + _rate * dtS;
            double innovation = celsius - predicted;
            _level = predicted + _alpha * innovation;
            _rate += _beta / dtS * innovation;
            return _level;
        }
    }
}
