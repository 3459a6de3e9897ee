using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Fixed-step two-degree-of-freedom PID: setpoint-weighted P, filtered derivative on the
    /// measurement, back-calculation or clamping anti-windup, output and rate limits, an additive
    /// feed-forward term, and bumpless transfer between manual and automatic and on gain changes.
    /// Allocation-free after construction; nanoFramework-compatible.
    /// </summary>
    public sealed class PidController
    {
        private readonly PidSettings _settings;
        private double _kp, _ti, _td;

        private double _integral;     // the I term, in output units (so gain changes leave it valid)
        private double _derivative;   // filtered D term, in output units
        private double _lastMeasurement, _lastError, _lastSetpoint;
        private double _lastOutput;
        private bool _primed;
        private bool _manual;
        private double _manualOutput;

        public PidController(PidGains gains, PidSettings settings)
        {
            if (settings == null) throw new ArgumentNullException("settings");
            string error = settings.Validate();
            if (error != null) throw new ArgumentException("PID settings: " + error);
            _settings = settings;
            SetGainsUnchecked(gains);
        }

        public double Kp { get { return _kp; } }
        public double Ti { get { return _ti; } }
        public double Td { get { return _td; } }
        public bool IsManual { get { return _manual; } }
        public double Output { get { return _lastOutput; } }
        public double IntegralTerm { get { return _integral; } }
        public double DerivativeTerm { get { return _derivative; } }
        public PidSettings Settings { get { return _settings; } }
        /// <summary>While true the integrator keeps its value (a disturbance another term is answering).</summary>
        public bool IntegralHeld;

        /// <summary>
        /// New gains without a bump in the output: the integrator absorbs the change in the P term.
        /// The D term is rescaled rather than absorbed: it carries sensor noise, and folding one noisy
        /// sample into the integrator would leave a lasting offset.
        /// </summary>
        public void SetGains(PidGains gains)
        {
            if (!_primed)
            {
                SetGainsUnchecked(gains);
                return;
            }
            double oldDerivativeGain = _kp * _td;
            double before = ProportionalTerm(_lastSetpoint, _lastMeasurement);
            SetGainsUnchecked(gains);
            double after = ProportionalTerm(_lastSetpoint, _lastMeasurement);
            _integral += before - after;
            _derivative = oldDerivativeGain > 0 ? _derivative * (_kp * _td) / oldDerivativeGain : 0;
        }

        /// <summary>Hold the output at <paramref name="output"/>; the integrator tracks so that switching back is bumpless.</summary>
        public void SetManual(double output)
        {
            _manual = true;
            _manualOutput = Num.Clamp(output, _settings.OutputMin, _settings.OutputMax);
        }

        /// <summary>Back to automatic, continuing from the last output (the integrator was tracking).</summary>
        public void SetAutomatic()
        {
            _manual = false;
        }

        /// <summary>
        /// Back to automatic with a new setpoint and feed-forward: the integrator is set so that the
        /// first automatic output equals the last output (bumpless even though the terms changed).
        /// </summary>
        public void SetAutomatic(double setpoint, double measurement, double feedForward)
        {
            _manual = false;
            if (!_primed) return;
            _integral = _lastOutput - ProportionalTerm(setpoint, measurement) - _derivative - feedForward;
            // Differentiate the error from the new setpoint on, so D on the error does not kick either.
            _lastError = setpoint - _lastMeasurement;
            _lastSetpoint = setpoint;
        }

        /// <summary>
        /// Forget all history (a fresh start, e.g. a new program): integrator and derivative at zero,
        /// automatic mode. Transfers that must be bumpless go through manual tracking or SetGains instead.
        /// </summary>
        public void Reset()
        {
            _integral = 0;
            _derivative = 0;
            _primed = false;
            _manual = false;
            _lastOutput = _settings.OutputMin;
        }

        /// <summary>
        /// One fixed step. <paramref name="feedForward"/> is added to the PID output (e.g. the learned
        /// steady-state duty for this setpoint). Returns the limited output.
        /// </summary>
        public double Update(double setpoint, double measurement, double feedForward)
        {
            return Step(setpoint, measurement, feedForward, _settings.DerivativeOnMeasurement);
        }

        /// <summary>
        /// As <see cref="Update"/>, for a reference that moves smoothly along a planned path (a shaped
        /// setpoint): the derivative acts on the error, so it damps deviation from the path rather than
        /// braking the motion the feed-forward is driving. D on the measurement would fight every planned
        /// rise; there is no setpoint kick to guard against because the reference has no steps.
        /// </summary>
        public double UpdateTracking(double reference, double measurement, double feedForward)
        {
            return Step(reference, measurement, feedForward, false);
        }

        private double Step(double setpoint, double measurement, double feedForward, bool derivativeOnMeasurement)
        {
            double ts = _settings.SamplePeriodS;
            double error = setpoint - measurement;
            if (!_primed)
            {
                _lastMeasurement = measurement;
                _lastError = error;
                _lastSetpoint = setpoint;
                _primed = true;
            }

            // Filtered derivative (Tustin-free backward difference with first-order filter Td/N).
            if (_td > 0)
            {
                double tf = _td / _settings.DerivativeFilterN;
                double a = tf / (tf + ts);
                double change = derivativeOnMeasurement
                    ? -(measurement - _lastMeasurement)
                    : error - _lastError;
                _derivative = a * _derivative + (_kp * _td / (tf + ts)) * change;
            }
            else
            {
                _derivative = 0;
            }

            double proportional = ProportionalTerm(setpoint, measurement);
            double unlimited = proportional + _integral + _derivative + feedForward;
            double output;
            if (_manual)
            {
                output = _manualOutput;
            }
            else
            {
                output = Num.Clamp(unlimited, _settings.OutputMin, _settings.OutputMax);
                if (_settings.OutputRateLimitPerS > 0)
                {
                    double step = _settings.OutputRateLimitPerS * ts;
                    output = Num.Clamp(output, _lastOutput - step, _lastOutput + step);
                }
            }

            if (_manual)
            {
                // Track: the integrator takes whatever value makes the automatic output equal the manual one.
                _integral = output - proportional - _derivative - feedForward;
            }
            else if (_ti > 0 && !IntegralHeld)
            {
                double increment = _kp * ts / _ti * error;
                if (_settings.AntiWindup == AntiWindup.BackCalculation)
                {
                    _integral += increment + ts / TrackingTime() * (output - unlimited);
                }
                else
                {
                    bool pushingHigh = unlimited > _settings.OutputMax && error > 0;
                    bool pushingLow = unlimited < _settings.OutputMin && error < 0;
                    if (!pushingHigh && !pushingLow) _integral += increment;
                }
            }

            _lastMeasurement = measurement;
            _lastError = error;
            _lastSetpoint = setpoint;
            _lastOutput = output;
            return output;
        }

        private double ProportionalTerm(double setpoint, double measurement)
        {
            return _kp * (_settings.SetpointWeight * setpoint - measurement);
        }

        private double TrackingTime()
        {
            double basis = _td > 0 ? Num.Sqrt(_ti * _td) : _ti;
            double tt = _settings.TrackingFactor * basis;
            return tt < _settings.SamplePeriodS ? _settings.SamplePeriodS : tt;
        }

        private void SetGainsUnchecked(PidGains gains)
        {
            if (gains == null) throw new ArgumentNullException("gains");
            string error = gains.Validate();
            if (error != null) throw new ArgumentException("PID gains: " + error);
            _kp = gains.Kp;
            _ti = gains.Ti;
            _td = gains.Td;
        }
    }
}
