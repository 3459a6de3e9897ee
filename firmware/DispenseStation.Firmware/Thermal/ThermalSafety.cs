using System;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Thermal safety supervisor, independent of the PID: it sees only the raw reading, the setpoint
    /// and the duty, and it sits between the controller and the heater (every duty goes through
    /// <see cref="ApplyDuty"/>). Over-temperature cut-off, RTD open/short/no-response, implausible
    /// jump, stuck reading, runaway (high duty without rise; falling away from a reached setpoint),
    /// above-setpoint deviation, welded SSR (plate rising with the heater commanded off; checked
    /// even after another trip) and a heater-on watchdog. Any of these forces the heater off at once and latches a fault
    /// that only <see cref="Reset"/> clears. Thread-safe: the watchdog check runs from its own timer.
    /// </summary>
    public sealed class ThermalSafety
    {
        private const double ReachedWithinC = 0.5;

        private readonly IHeaterOutput _heater;
        private readonly ThermalSafetyLimits _limits;
        private readonly object _sync = new object();

        private ThermalFault _fault;
        private long _trippedAtMs;
        private int _badReads;
        private bool _haveReading;
        private double _lastC;
        private double _latestC = double.NaN;
        private long _lastReadMs;
        private long _sameSinceMs;
        private double _lastDuty;
        private bool _heaterOn;
        private long _lastRefreshMs;
        private bool _riseWindowActive;
        private long _riseWindowStartMs;
        private double _riseWindowStartC;
        private bool _armed;
        private double _armedSetpoint;
        private bool _below;
        private long _belowSinceMs;
        private bool _aboveArmed;
        private double _aboveSetpoint;
        private bool _above;
        private long _aboveSinceMs;
        private bool _heaterOffKnown;
        private long _heaterOffSinceMs;
        private bool _weldWindowActive;
        private long _weldWindowStartMs;
        private double _weldWindowMinC;

        public ThermalSafety(IHeaterOutput heater, ThermalSafetyLimits limits)
        {
            if (heater == null) throw new ArgumentNullException("heater");
            if (limits == null) throw new ArgumentNullException("limits");
            string error = limits.Validate();
            if (error != null) throw new ArgumentException("safety limits: " + error);
            _heater = heater;
            _limits = limits;
            _heater.ForceOff();
        }

        public ThermalSafetyLimits Limits { get { return _limits; } }
        /// <summary>The duty the heater output reports applying now (an SSR's latched window duty), 0..1.</summary>
        public double AppliedDuty { get { return _heater.AppliedDuty; } }
        public ThermalFault Fault { get { lock (_sync) { return _fault; } } }
        public bool IsTripped { get { lock (_sync) { return _fault != ThermalFault.None; } } }
        /// <summary>Uptime at which the latched fault tripped, ms.</summary>
        public long TrippedAtMs { get { lock (_sync) { return _trippedAtMs; } } }

        /// <summary>
        /// Checks one reading. <paramref name="setpointC"/> is the temperature being regulated to, or
        /// NaN when not regulating (idle, manual, cool-down). Returns true when the reading may be used
        /// for control; false for a bad read (the caller keeps the heater off) or a trip.
        /// </summary>
        public bool Evaluate(long nowMs, bool readOk, double celsius, int faultBits, double setpointC)
        {
            lock (_sync)
            {
                ThermalFault sensorFault = ClassifyRead(readOk, celsius, faultBits);
                if (sensorFault != ThermalFault.None)
                {
                    _badReads++;
                    if (_badReads >= _limits.SensorFaultReads) Trip(sensorFault, nowMs);
                    return false;
                }
                _badReads = 0;
                _latestC = celsius; // kept while tripped too: Reset needs to see the cause gone
                // A welded SSR keeps heating after any other trip turned the output off: look for it always.
                CheckWelded(nowMs, celsius);
                if (_fault != ThermalFault.None) return false;
                if (celsius >= _limits.MaxTemperatureC)
                {
                    Trip(ThermalFault.OverTemperature, nowMs);
                    return false;
                }
                if (_haveReading)
                {
                    double dtS = (nowMs - _lastReadMs) / 1000.0;
                    if (Num.Abs(celsius - _lastC) > 1 + _limits.MaxRateCPerS * dtS)
                    {
                        Trip(ThermalFault.SensorImplausibleJump, nowMs);
                        return false;
                    }
                    if (celsius != _lastC || _lastDuty < _limits.StuckMinDuty) _sameSinceMs = nowMs;
                    else if (nowMs - _sameSinceMs >= (long)(_limits.StuckS * 1000))
                    {
                        Trip(ThermalFault.SensorStuck, nowMs);
                        return false;
                    }
                }
                else
                {
                    _sameSinceMs = nowMs;
                }
                _haveReading = true;
                _lastC = celsius;
                _lastReadMs = nowMs;

                CheckRise(nowMs, celsius);
                CheckFallingAway(nowMs, celsius, setpointC);
                CheckAbove(nowMs, celsius, setpointC);
                return _fault == ThermalFault.None;
            }
        }

        /// <summary>The only path from the controller to the heater. Refused (heater off) once tripped.</summary>
        public void ApplyDuty(long nowMs, double duty)
        {
            lock (_sync)
            {
                if (_fault != ThermalFault.None || !(duty > 0))
                {
                    _heater.ForceOff();
                    _lastDuty = 0;
                    _heaterOn = false;
                    MarkHeaterOff(nowMs);
                }
                else
                {
                    _heaterOffKnown = false;
                    _lastDuty = Num.Clamp(duty, 0, 1);
                    _heater.SetDuty(_lastDuty);
                    _heaterOn = true;
                }
                _lastRefreshMs = nowMs;
            }
        }

        /// <summary>Heater-on watchdog: call from a timer independent of the control loop.</summary>
        public void CheckWatchdog(long nowMs)
        {
            lock (_sync)
            {
                if (_fault == ThermalFault.None && _heaterOn && nowMs - _lastRefreshMs > _limits.WatchdogTimeoutMs)
                    Trip(ThermalFault.HeaterWatchdog, nowMs);
            }
        }

        /// <summary>Latches a fault found elsewhere (e.g. e-stop) with the same heater-off guarantee.</summary>
        public void TripExternal(ThermalFault fault, long nowMs)
        {
            lock (_sync)
            {
                if (_fault == ThermalFault.None && fault != ThermalFault.None) Trip(fault, nowMs);
            }
        }

        /// <summary>
        /// Clears the latched fault if its cause is gone: the latest reading (readings keep being
        /// evaluated while tripped) must be good and below the cut-off. The heater stays off until the controller commands it again. Returns false if refused.
        /// </summary>
        public bool Reset()
        {
            lock (_sync)
            {
                if (_fault == ThermalFault.None) return true;
                if (_badReads > 0 || !(_latestC < _limits.MaxTemperatureC)) return false;
                _fault = ThermalFault.None;
                _trippedAtMs = 0;
                _riseWindowActive = false;
                _armed = false;
                _below = false;
                _aboveArmed = false;
                _above = false;
                _haveReading = false;
                _heater.ForceOff();
                return true;
            }
        }

        private ThermalFault ClassifyRead(bool readOk, double celsius, int faultBits)
        {
            if ((faultBits & SensorFaults.NoResponse) != 0) return ThermalFault.SensorNoResponse;
            if ((faultBits & SensorFaults.HighThreshold) != 0) return ThermalFault.SensorOpen;
            if ((faultBits & SensorFaults.LowThreshold) != 0) return ThermalFault.SensorShort;
            if (faultBits != 0 || !readOk || double.IsNaN(celsius)) return ThermalFault.SensorNoResponse;
            if (celsius > _limits.MaxPlausibleC) return ThermalFault.SensorOpen;
            if (celsius < _limits.MinPlausibleC) return ThermalFault.SensorShort;
            return ThermalFault.None;
        }

        /// <summary>High duty must raise the plate: a heater, SSR or RTD that has come loose does not.</summary>
        private void CheckRise(long nowMs, double celsius)
        {
            if (_lastDuty < _limits.RunawayHighDuty)
            {
                _riseWindowActive = false;
                return;
            }
            if (!_riseWindowActive)
            {
                _riseWindowActive = true;
                _riseWindowStartMs = nowMs;
                _riseWindowStartC = celsius;
                return;
            }
            if (nowMs - _riseWindowStartMs < (long)(_limits.RunawayWindowS * 1000)) return;
            if (celsius - _riseWindowStartC < _limits.RunawayMinRiseC)
            {
                Trip(ThermalFault.RunawayNoRise, nowMs);
                return;
            }
            _riseWindowStartMs = nowMs;
            _riseWindowStartC = celsius;
        }

        /// <summary>Once a setpoint is reached, staying far below it means heat is going somewhere it should not.</summary>
        private void CheckFallingAway(long nowMs, double celsius, double setpointC)
        {
            if (!Num.IsFinite(setpointC))
            {
                _armed = false;
                _below = false;
                return;
            }
            if (_armed && setpointC > _armedSetpoint + _limits.FallAwayMarginC) _armed = false; // a new, higher target
            if (celsius >= setpointC - ReachedWithinC)
            {
                _armed = true;
                _armedSetpoint = setpointC;
            }
            if (!_armed || celsius >= setpointC - _limits.FallAwayMarginC)
            {
                _below = false;
                return;
            }
            if (!_below)
            {
                _below = true;
                _belowSinceMs = nowMs;
            }
            else if (nowMs - _belowSinceMs >= (long)(_limits.FallAwayWindowS * 1000))
            {
                Trip(ThermalFault.RunawayFallingAway, nowMs);
            }
        }

        private void MarkHeaterOff(long nowMs)
        {
            if (_heaterOffKnown) return;
            _heaterOffKnown = true;
            _heaterOffSinceMs = nowMs;
            _weldWindowActive = false;
        }

        /// <summary>With the heater commanded off past the grace time, the plate must not rise: if it does, the SSR conducts on its own.</summary>
        private void CheckWelded(long nowMs, double celsius)
        {
            if (!_heaterOffKnown || _fault == ThermalFault.SsrWelded) return;
            if (nowMs - _heaterOffSinceMs < (long)(_limits.WeldedGraceS * 1000)) return;
            if (!_weldWindowActive)
            {
                _weldWindowActive = true;
                _weldWindowStartMs = nowMs;
                _weldWindowMinC = celsius;
                return;
            }
            if (celsius < _weldWindowMinC) _weldWindowMinC = celsius;
            if (celsius - _weldWindowMinC >= _limits.WeldedRiseC)
            {
                // Overrides any fault latched before: this one needs the contactor opened.
                _heater.ForceOff();
                _heaterOn = false;
                _lastDuty = 0;
                _fault = ThermalFault.SsrWelded;
                _trippedAtMs = nowMs;
                return;
            }
            if (nowMs - _weldWindowStartMs >= (long)(_limits.WeldedWindowS * 1000))
            {
                _weldWindowStartMs = nowMs;
                _weldWindowMinC = celsius;
            }
        }

        /// <summary>Once a setpoint is reached, staying well above it means heat the controller did not ask for.</summary>
        private void CheckAbove(long nowMs, double celsius, double setpointC)
        {
            if (!Num.IsFinite(setpointC))
            {
                _aboveArmed = false;
                _above = false;
                return;
            }
            if (_aboveArmed && setpointC < _aboveSetpoint) _aboveArmed = false; // a lower target: re-arm once reached from above
            if (Num.Abs(celsius - setpointC) <= ReachedWithinC)
            {
                _aboveArmed = true;
                _aboveSetpoint = setpointC;
            }
            if (_aboveArmed && setpointC > _aboveSetpoint) _aboveSetpoint = setpointC;
            if (!_aboveArmed || celsius <= setpointC + _limits.AboveMarginC)
            {
                _above = false;
                return;
            }
            if (!_above)
            {
                _above = true;
                _aboveSinceMs = nowMs;
            }
            else if (nowMs - _aboveSinceMs >= (long)(_limits.AboveWindowS * 1000))
            {
                Trip(ThermalFault.AboveSetpoint, nowMs);
            }
        }

        private void Trip(ThermalFault fault, long nowMs)
        {
            _heater.ForceOff();
            _heaterOn = false;
            _lastDuty = 0;
            MarkHeaterOff(nowMs);
            if (_fault != ThermalFault.None) return;
            _fault = fault;
            _trippedAtMs = nowMs;
        }
    }
}
