using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Relay-feedback autotune (Åström-Hägglund) with hysteresis and a self-balancing bias: the duty
    /// switches between bias+d and bias-d as the temperature crosses setpoint±hysteresis. While
    /// settling, the bias moves until heating and cooling half-periods match (a hotplate heats far
    /// faster than it cools, so a symmetric relay would give a lopsided cycle). Over the measured
    /// cycles it finds the ultimate gain Ku = 4d / (pi sqrt(a^2 - h^2)) and period Pu, and fits a
    /// first-order-plus-dead-time model: K from the mean temperature rise over the mean duty, then
    /// tau and theta from the plant's gain 1/Ku and phase -pi at 2 pi/Pu.
    /// Its own limits: maximum temperature and maximum duration, each ending with the heater off.
    /// </summary>
    public sealed class RelayAutotune
    {
        private const double MaxAsymmetry = 0.15;

        private readonly AutotuneResult _result = new AutotuneResult();
        private AutotuneSettings _settings = new AutotuneSettings();
        private double _startS, _lastS;
        private bool _heating, _inCycle;
        private double _bias, _amplitude, _output;
        private double _cycleStartS, _highEndS, _max, _min, _dutyIntegral, _tempIntegral;
        private int _settledCycles, _measuredCycles, _totalCycles;
        private double _lastPeriodS = double.NaN;
        private double _sumPeriod, _sumAmplitude, _sumDutyIntegral, _sumTempIntegral, _sumTime;

        public AutotuneStatus Status { get { return _result.Status; } }
        public bool IsRunning { get { return _result.Status == AutotuneStatus.Running; } }
        /// <summary>The latest result; valid once <see cref="Status"/> is no longer Running.</summary>
        public AutotuneResult Result { get { return _result; } }
        public AutotuneSettings Settings { get { return _settings; } }
        public int CyclesCompleted { get { return _totalCycles; } }

        /// <summary>
        /// Relay cycles still to run at least: the settling and measured cycles the settings ask for that have not
        /// happened (an unbalanced cycle adds one more). 0 once finished.
        /// </summary>
        public int CyclesRemaining
        {
            get
            {
                if (!IsRunning) return 0;
                return _settings.SettlingCycles - Num.Min(_settledCycles, _settings.SettlingCycles)
                    + _settings.MeasuredCycles - _measuredCycles;
            }
        }

        /// <summary>Length of the last completed relay cycle, s; NaN before the first one.</summary>
        public double LastPeriodS { get { return _lastPeriodS; } }

        /// <summary>
        /// Fraction done, 0..1: cycles settled and measured over the cycles the settings ask for (the
        /// heat-up before the first cycle counts as none). 1 once finished, whatever the outcome.
        /// </summary>
        public double Progress
        {
            get
            {
                if (!IsRunning) return _result.Status == AutotuneStatus.Idle ? 0 : 1;
                int needed = _settings.SettlingCycles + _settings.MeasuredCycles;
                int done = Num.Min(_settledCycles, _settings.SettlingCycles) + _measuredCycles;
                return needed > 0 ? Num.Clamp((double)done / (needed + 1), 0, 0.99) : 0;
            }
        }

        /// <summary>Starts a run. Throws ArgumentException naming the bad setting; nothing changes then.</summary>
        public void Start(AutotuneSettings settings, double nowS)
        {
            if (settings == null) throw new ArgumentNullException("settings");
            string error = settings.Validate();
            if (error != null) throw new ArgumentException("autotune: " + error);
            _settings = settings;
            ClearResult();
            _result.Status = AutotuneStatus.Running;
            _startS = nowS;
            _lastS = nowS;
            _heating = true;
            _inCycle = false;
            _bias = settings.InitialBias;
            _amplitude = Num.Min(_bias, 1 - _bias);
            _output = _bias + _amplitude;
            _settledCycles = 0;
            _measuredCycles = 0;
            _totalCycles = 0;
            _lastPeriodS = double.NaN;
            _sumPeriod = _sumAmplitude = _sumDutyIntegral = _sumTempIntegral = _sumTime = 0;
        }

        public void Abort()
        {
            if (IsRunning) Finish(AutotuneStatus.Aborted, _lastS);
        }

        /// <summary>One control step: returns the duty to apply (0 once finished or failed).</summary>
        public double Tick(double nowS, double temperatureC)
        {
            if (!IsRunning) return 0;
            if (!(temperatureC < _settings.MaxTemperatureC))
            {
                Finish(AutotuneStatus.FailedOverTemperature, nowS);
                return 0;
            }
            if (nowS - _startS > _settings.MaxDurationS)
            {
                Finish(AutotuneStatus.FailedTimeout, nowS);
                return 0;
            }

            double dt = nowS - _lastS;
            _lastS = nowS;
            if (_inCycle)
            {
                _dutyIntegral += _output * dt;
                _tempIntegral += temperatureC * dt;
                if (temperatureC > _max) _max = temperatureC;
                if (temperatureC < _min) _min = temperatureC;
            }

            double sp = _settings.SetpointC, h = _settings.HysteresisC;
            if (_heating && temperatureC > sp + h)
            {
                _heating = false;
                _highEndS = nowS;
            }
            else if (!_heating && temperatureC < sp - h)
            {
                if (_inCycle) CompleteCycle(nowS);
                if (!IsRunning) return 0;
                _heating = true;
                _inCycle = true;
                _cycleStartS = nowS;
                _max = temperatureC;
                _min = temperatureC;
                _dutyIntegral = 0;
                _tempIntegral = 0;
            }
            _output = _heating ? _bias + _amplitude : _bias - _amplitude;
            return _output;
        }

        private void CompleteCycle(double nowS)
        {
            double high = _highEndS - _cycleStartS;
            double low = nowS - _highEndS;
            double period = high + low;
            _totalCycles++;
            if (period <= 0) return;
            _lastPeriodS = period;
            double asymmetry = (high - low) / period;
            bool balanced = asymmetry < MaxAsymmetry && asymmetry > -MaxAsymmetry;
            if (_settledCycles < _settings.SettlingCycles || (!balanced && _measuredCycles == 0))
            {
                _settledCycles++;
                // Longer heating than cooling means the bias is too low to hold the setpoint (and vice versa).
                _bias = Num.Clamp(_bias + _amplitude * asymmetry, 0.02, 0.98);
                _amplitude = Num.Min(_bias, 1 - _bias);
                return;
            }
            _measuredCycles++;
            _sumPeriod += period;
            _sumAmplitude += (_max - _min) / 2;
            _sumDutyIntegral += _dutyIntegral;
            _sumTempIntegral += _tempIntegral;
            _sumTime += period;
            if (_measuredCycles >= _settings.MeasuredCycles) FitModel(nowS);
        }

        private void FitModel(double nowS)
        {
            double pu = _sumPeriod / _measuredCycles;
            double a = _sumAmplitude / _measuredCycles;
            double h = _settings.HysteresisC;
            _result.UltimatePeriodS = pu;
            _result.AmplitudeC = a;
            _result.RelayAmplitude = _amplitude;
            _result.RelayBias = _bias;
            _result.CyclesMeasured = _measuredCycles;
            _result.MeanDuty = _sumDutyIntegral / _sumTime;
            _result.MeanTemperatureC = _sumTempIntegral / _sumTime;
            _result.AmbientC = _settings.AmbientC;
            if (!(a > h))
            {
                Finish(AutotuneStatus.FailedModelFit, nowS);
                return;
            }
            double ku = 4 * _amplitude / (ThermalMath.Pi * Num.Sqrt(a * a - h * h));
            _result.UltimateGain = ku;
            double k = (_result.MeanTemperatureC - _settings.AmbientC) / _result.MeanDuty;
            double kk = k * ku;
            if (!(k > 0) || !Num.IsFinite(k) || !(kk > 1))
            {
                Finish(AutotuneStatus.FailedModelFit, nowS);
                return;
            }
            double omega = 2 * ThermalMath.Pi / pu;
            double tau = Num.Sqrt(kk * kk - 1) / omega;
            double theta = (ThermalMath.Pi - ThermalMath.Atan(omega * tau)) / omega;
            _result.ProcessGainCPerDuty = k;
            _result.TimeConstantS = tau;
            _result.DeadTimeS = theta;
            Finish(AutotuneStatus.Succeeded, nowS);
        }

        private void Finish(AutotuneStatus status, double nowS)
        {
            _result.Status = status;
            _result.DurationS = nowS - _startS;
            _output = 0;
        }

        private void ClearResult()
        {
            _result.UltimateGain = 0;
            _result.UltimatePeriodS = 0;
            _result.AmplitudeC = 0;
            _result.RelayAmplitude = 0;
            _result.RelayBias = 0;
            _result.ProcessGainCPerDuty = 0;
            _result.TimeConstantS = 0;
            _result.DeadTimeS = 0;
            _result.MeanDuty = 0;
            _result.MeanTemperatureC = 0;
            _result.AmbientC = 0;
            _result.CyclesMeasured = 0;
            _result.DurationS = 0;
        }
    }
}
