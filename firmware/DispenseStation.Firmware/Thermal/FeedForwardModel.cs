using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Learned plant model for feed-forward: the steady-state duty that holds a setpoint, plus the
    /// extra duty a ramp needs. Starts from the first-order model the autotune fitted
    /// (duty = (T - ambient) / K, ramp duty = tau / K * dT/dt) and refines the static part from
    /// the average duty of every completed hold, in a table of temperature bins (losses grow faster
    /// than linearly with temperature, which one gain cannot capture). Fixed arrays; no allocation after construction.
    /// </summary>
    public sealed class FeedForwardModel
    {
        /// <summary>Spacing of the learned bins, °C.</summary>
        public const double BinWidthC = 10;
        /// <summary>Most bins: 0..400 °C, the highest cut-off a plate may be configured with.</summary>
        public const int MaxBinCount = 41;
        /// <summary>How much one hold moves a bin towards what it saw (exponential averaging).</summary>
        private const double LearningRate = 0.7;

        private readonly int _binCount;
        private readonly double[] _correction; // learned duty minus prior, per bin
        private double _ambientC = 22;
        private double _gainCPerDuty;   // process gain K, °C per unit duty; 0 = unknown
        private double _timeConstantS;
        private double _deadTimeS;

        /// <summary>A table over the whole 0..400 °C range.</summary>
        public FeedForwardModel() : this(400)
        {
        }

        /// <summary>
        /// A table for a plate that can never learn at or above <paramref name="highestLearnedC"/> (its
        /// safety cut-off: holds are at most its maximum setpoint and an autotune ends below the cut-off).
        /// It keeps the bins a point below that can reach plus one bin above them that stays zero, so
        /// every read, at any temperature, is what the 0..400 °C table would give.
        /// </summary>
        public FeedForwardModel(double highestLearnedC)
        {
            int top = (int)(highestLearnedC / BinWidthC);
            if (top * BinWidthC < highestLearnedC) top++;
            int bins = top + 2;
            if (!(highestLearnedC > 0) || bins > MaxBinCount) bins = MaxBinCount;
            _binCount = bins;
            _correction = new double[bins];
        }

        /// <summary>Learned bins, <see cref="BinWidthC"/> apart from 0 °C.</summary>
        public int BinCount { get { return _binCount; } }

        public bool HasModel { get { return _gainCPerDuty > 0; } }
        public double AmbientC { get { return _ambientC; } }
        public double GainCPerDuty { get { return _gainCPerDuty; } }
        public double TimeConstantS { get { return _timeConstantS; } }
        /// <summary>Effective dead time from heater to reading, s (0 = unknown).</summary>
        public double DeadTimeS { get { return _deadTimeS; } }
        /// <summary>True when the model can say how fast the plate can move (gain and time constant known).</summary>
        public bool HasDynamics { get { return _gainCPerDuty > 0 && _timeConstantS > 0; } }

        /// <summary>Sets the prior from a first-order model (from autotune or stored calibration). Keeps learned corrections.</summary>
        public void SetModel(double gainCPerDuty, double timeConstantS, double ambientC)
        {
            if (!(gainCPerDuty > 0) || !Num.IsFinite(gainCPerDuty)) return;
            _gainCPerDuty = gainCPerDuty;
            _timeConstantS = timeConstantS > 0 && Num.IsFinite(timeConstantS) ? timeConstantS : 0;
            if (Num.IsFinite(ambientC)) _ambientC = ambientC;
        }

        /// <summary>As <see cref="SetModel(double, double, double)"/>, plus the dead time that setpoint shaping lags the PID's reference by.</summary>
        public void SetModel(double gainCPerDuty, double timeConstantS, double ambientC, double deadTimeS)
        {
            SetModel(gainCPerDuty, timeConstantS, ambientC);
            if (Num.IsFinite(deadTimeS) && deadTimeS >= 0) _deadTimeS = deadTimeS;
        }

        /// <summary>
        /// How fast the plate can heat at <paramref name="temperatureC"/> with <paramref name="duty"/>
        /// (first-order model: rate = (duty - steady duty) K / tau), °C/s; 0 without dynamics.
        /// </summary>
        public double RiseRateCPerS(double temperatureC, double duty)
        {
            if (!HasDynamics) return 0;
            double rate = (duty - DutyFor(temperatureC, 0)) * _gainCPerDuty / _timeConstantS;
            return rate > 0 ? rate : 0;
        }

        /// <summary>How fast the plate cools at <paramref name="temperatureC"/> with the heater off, °C/s; 0 without dynamics.</summary>
        public double FallRateCPerS(double temperatureC)
        {
            if (!HasDynamics) return 0;
            return DutyFor(temperatureC, 0) * _gainCPerDuty / _timeConstantS;
        }

        /// <summary>Forgets the model and everything learned.</summary>
        public void Clear()
        {
            _gainCPerDuty = 0;
            _timeConstantS = 0;
            _deadTimeS = 0;
            for (int i = 0; i < _binCount; i++) { _correction[i] = 0; }
        }

        /// <summary>Feed-forward duty for a setpoint moving at <paramref name="rateCPerS"/>; 0 without a model.</summary>
        public double DutyFor(double setpointC, double rateCPerS)
        {
            if (!HasModel || !Num.IsFinite(setpointC)) return 0;
            double duty = Prior(setpointC) + InterpolatedCorrection(setpointC);
            if (rateCPerS > 0) duty += _timeConstantS / _gainCPerDuty * rateCPerS;
            return Num.Clamp(duty, 0, 1);
        }

        /// <summary>Records that <paramref name="averageDuty"/> held <paramref name="temperatureC"/> in steady state.</summary>
        public void Learn(double temperatureC, double averageDuty)
        {
            if (!HasModel || !Num.IsFinite(temperatureC) || !Num.IsFinite(averageDuty)) return;
            if (temperatureC < 0 || temperatureC > (_binCount - 1) * BinWidthC) return;
            double observed = averageDuty - Prior(temperatureC);
            double position = temperatureC / BinWidthC;
            int low = (int)position;
            double fraction = position - low;
            Nudge(low, observed, (1 - fraction) * LearningRate);
            if (low + 1 < _binCount) Nudge(low + 1, observed, fraction * LearningRate);
        }

        private void Nudge(int bin, double observed, double weight)
        {
            _correction[bin] += weight * (observed - _correction[bin]);
        }

        private double Prior(double temperatureC)
        {
            double rise = temperatureC - _ambientC;
            return rise > 0 ? rise / _gainCPerDuty : 0;
        }

        private double InterpolatedCorrection(double temperatureC)
        {
            if (temperatureC <= 0) return _correction[0];
            double position = temperatureC / BinWidthC;
            int low = (int)position;
            if (low >= _binCount - 1) return _correction[_binCount - 1];
            double fraction = position - low;
            return _correction[low] * (1 - fraction) + _correction[low + 1] * fraction;
        }
    }
}
