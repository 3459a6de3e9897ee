using System;
using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// The hotplate: reads the RTD, lets <see cref="ThermalSafety"/> judge the reading, runs the bake
    /// program or autotune, computes the duty with the PID plus learned feed-forward, and drives the
    /// heater only through the safety supervisor. Once the plate regulates, setpoint changes between
    /// segments follow a <see cref="SetpointTrajectory"/> instead of stepping (no overshoot). Call <see cref="Tick"/> every TickPeriodMs from the
    /// control loop and <see cref="ThermalSafety.CheckWatchdog"/> from an independent timer.
    /// Allocation-free per tick; nanoFramework-compatible.
    /// </summary>
    public sealed class HotplateController
    {
        private readonly ITemperatureSensor _sensor;
        private readonly HotplateConfig _config;
        private readonly PidController _pid;
        private readonly FeedForwardModel _feedForward = new FeedForwardModel();
        private readonly BakeProgramRunner _program = new BakeProgramRunner();
        private readonly RelayAutotune _autotune = new RelayAutotune();
        private readonly SetpointTrajectory _trajectory = new SetpointTrajectory();
        private bool _regulating; // the plate has reached the program's setpoint since the start or the last cool-down
        private readonly ThermalSafety _safety;
        // Commands arrive from the link thread while Tick runs on the control thread.
        private readonly object _sync = new object();

        private HotplateState _state = HotplateState.Idle;
        private double _temperatureC = double.NaN;
        private double _setpointC = double.NaN;
        private double _duty;
        private long _lastTickMs;
        private bool _ticked;

        public HotplateController(ITemperatureSensor sensor, IHeaterOutput heater, HotplateConfig config)
        {
            if (sensor == null) throw new ArgumentNullException("sensor");
            if (heater == null) throw new ArgumentNullException("heater");
            if (config == null) throw new ArgumentNullException("config");
            string error = config.Validate();
            if (error != null) throw new ArgumentException("hotplate config: " + error);
            _sensor = sensor;
            _config = config;
            _safety = new ThermalSafety(heater, config.Safety);
            _pid = new PidController(config.Gains, config.Pid);
        }

        public HotplateState State { get { return _state; } }
        /// <summary>Last good plate reading, °C (NaN before the first).</summary>
        public double TemperatureC { get { return _temperatureC; } }
        /// <summary>Setpoint in force, °C (NaN when not regulating).</summary>
        public double SetpointC { get { return _setpointC; } }
        /// <summary>Duty commanded on the last tick, 0..1.</summary>
        public double Duty { get { return _duty; } }
        public ThermalFault Fault { get { return _safety.Fault; } }
        public ThermalSafety Safety { get { return _safety; } }
        public BakeProgramRunner Program { get { return _program; } }
        public RelayAutotune Autotune { get { return _autotune; } }
        public FeedForwardModel FeedForward { get { return _feedForward; } }
        public PidController Pid { get { return _pid; } }
        /// <summary>The shaped setpoint and the PID's reference while a program runs.</summary>
        public SetpointTrajectory Trajectory { get { return _trajectory; } }
        public HotplateConfig Config { get { return _config; } }

        /// <summary>Loads a program (validated as a whole; throws ArgumentException naming segment, field and rule).</summary>
        public void SetProgram(BakeSegment[] segments)
        {
            lock (_sync)
            {
                if (IsBusy)
                    throw new InvalidOperationException("program: cannot load while " + (_state == HotplateState.Running ? "running" : "autotuning"));
                _program.Load(segments, _config.MaxSetpointC);
            }
        }

        /// <summary>Starts the loaded program from the present plate temperature.</summary>
        public void StartProgram()
        {
            lock (_sync)
            {
                RequireReady("program: already busy");
                if (!Util.Num.IsFinite(_temperatureC)) throw new InvalidOperationException("program: no plate reading yet");
                bool fromManual = _state == HotplateState.Manual;
                _program.Start(_temperatureC);
                _trajectory.PassThrough(_program.Setpoint);
                _regulating = false;
                if (fromManual)
                {
                    // Continue from the manual duty under the program's setpoint and feed-forward: bumpless.
                    double feedForward = _config.UseFeedForward ? _feedForward.DutyFor(_program.Setpoint, 0) : 0;
                    _pid.SetAutomatic(_program.Setpoint, _temperatureC, feedForward);
                }
                else
                {
                    _pid.Reset();
                }
                _state = HotplateState.Running;
            }
        }

        /// <summary>Operator duty. The PID tracks it so that a program started next begins bumplessly.</summary>
        public void SetManual(double duty)
        {
            lock (_sync)
            {
                RequireReady("manual: abort the running program or autotune first");
                if (!Util.Num.IsFinite(duty) || duty < 0 || duty > 1) throw new ArgumentException("duty must be between 0 and 1");
                _pid.SetManual(duty);
                _state = HotplateState.Manual;
            }
        }

        /// <summary>Starts a relay autotune (throws ArgumentException naming the bad setting).</summary>
        public void StartAutotune(AutotuneSettings settings)
        {
            lock (_sync)
            {
                RequireReady("autotune: abort the running program first");
                if (settings != null && settings.MaxTemperatureC >= _config.Safety.MaxTemperatureC)
                    throw new ArgumentException("autotune: MaxTemperatureC must be below the safety cut-off");
                _autotune.Start(settings, _lastTickMs / 1000.0);
                _state = HotplateState.Autotuning;
            }
        }

        /// <summary>Uses this plate's last successful autotune; see <see cref="ApplyTuning"/>.</summary>
        public PidGains ApplyAutotune(TuningRule rule)
        {
            return ApplyTuning(_autotune.Result, rule);
        }

        /// <summary>
        /// Gains from <paramref name="result"/> by <paramref name="rule"/> (applied bumplessly) and its model
        /// for feed-forward: the fitted first-order model as prior, and the duty that held the relay's
        /// mean temperature as the first learned point. Throws ArgumentException if the result is unusable.
        /// </summary>
        public PidGains ApplyTuning(AutotuneResult result, TuningRule rule)
        {
            lock (_sync)
            {
                PidGains gains = TuningRules.Compute(result, rule);
                SetGains(gains);
                if (_config.UseFeedForward)
                {
                    _feedForward.SetModel(result.ProcessGainCPerDuty, DynamicTimeConstant(result), result.AmbientC, result.DeadTimeS);
                    _feedForward.Learn(result.MeanTemperatureC, result.MeanDuty);
                }
                return gains;
            }
        }

        /// <summary>
        /// The time constant that makes tau/K the plate's heat capacity over heater power, which is what
        /// ramp feed-forward and setpoint shaping need. The first-order fit reads the plant's gain at
        /// the relay frequency as tau alone, but part of that attenuation is the element and RTD lags.
        /// Treating half the dead time as a lag (the half rule SIMC uses too) and removing its attenuation
        /// at the ultimate frequency recovers tau within a few % on the documented plate (the raw fit
        /// overstates it by about a third, which overdrives every planned rise).
        /// </summary>
        public static double DynamicTimeConstant(AutotuneResult result)
        {
            double tau = result.TimeConstantS;
            if (!(result.UltimatePeriodS > 0) || !(result.DeadTimeS > 0)) return tau;
            double lagTimesOmega = 2 * ThermalMath.Pi / result.UltimatePeriodS * result.DeadTimeS / 2;
            return tau / Util.Num.Sqrt(1 + lagTimesOmega * lagTimesOmega);
        }

        /// <summary>New gains, applied without a bump (throws ArgumentException if invalid).</summary>
        public void SetGains(PidGains gains)
        {
            lock (_sync)
            {
                _pid.SetGains(gains);
            }
        }

        /// <summary>Stops whatever runs and turns the heater off now. Faults stay latched.</summary>
        public void Abort()
        {
            lock (_sync)
            {
                _program.Abort();
                _autotune.Abort();
                _safety.ApplyDuty(_lastTickMs, 0);
                _duty = 0;
                _setpointC = double.NaN;
                if (_state != HotplateState.Fault) _state = HotplateState.Idle;
            }
        }

        /// <summary>Clears a latched fault if its cause is gone; the plate returns to Idle. False if refused.</summary>
        public bool ResetFault()
        {
            lock (_sync)
            {
                if (!_safety.Reset()) return false;
                if (_state == HotplateState.Fault) _state = HotplateState.Idle;
                return true;
            }
        }

        /// <summary>One control step at uptime <paramref name="nowMs"/>.</summary>
        public void Tick(long nowMs)
        {
            lock (_sync)
            {
                double dtS = _ticked ? (nowMs - _lastTickMs) / 1000.0 : _config.TickPeriodMs / 1000.0;
                _lastTickMs = nowMs;
                _ticked = true;

                double celsius;
                int faultBits;
                bool readOk = _sensor.TryRead(out celsius, out faultBits);
                bool regulating = _state == HotplateState.Running && _program.HeaterEnabled;
                bool usable = _safety.Evaluate(nowMs, readOk, celsius, faultBits, regulating ? _program.Setpoint : double.NaN);
                if (_safety.IsTripped)
                {
                    EnterFault(nowMs);
                    return;
                }
                if (!usable)
                {
                    // A single bad read: heater off for this period, state unchanged (safety counts repeats).
                    Apply(nowMs, 0);
                    return;
                }
                _temperatureC = celsius;
                Apply(nowMs, ComputeDuty(nowMs, dtS, celsius));
            }
        }

        private double ComputeDuty(long nowMs, double dtS, double celsius)
        {
            switch (_state)
            {
                case HotplateState.Manual:
                    _setpointC = double.NaN;
                    return _pid.Update(celsius, celsius, 0);
                case HotplateState.Autotuning:
                {
                    _setpointC = _autotune.Settings.SetpointC;
                    double duty = _autotune.Tick(nowMs / 1000.0, celsius);
                    if (!_autotune.IsRunning)
                    {
                        _state = HotplateState.Idle;
                        _setpointC = double.NaN;
                        return 0;
                    }
                    return duty;
                }
                case HotplateState.Running:
                    return RunProgram(dtS, celsius);
                default:
                    _setpointC = double.NaN;
                    return 0;
            }
        }

        private double RunProgram(double dtS, double celsius)
        {
            _program.Tick(dtS, celsius, _duty);
            double heldTarget, heldDuty;
            if (_program.TakeCompletedHold(out heldTarget, out heldDuty) && _config.UseFeedForward)
                _feedForward.Learn(heldTarget, heldDuty);
            if (_program.Status != BakeProgramStatus.Running)
            {
                _state = HotplateState.Completed;
                _setpointC = double.NaN;
                return 0;
            }
            double setpoint = _program.Setpoint;
            _setpointC = setpoint;
            if (!_program.HeaterEnabled)
            {
                // Cool-down: heater off, PID tracking zero so heating resumes without a bump, from where the plate is.
                _trajectory.Reset(celsius);
                _regulating = false;
                double coolFeedForward = _config.UseFeedForward ? _feedForward.DutyFor(celsius, 0) : 0;
                _pid.SetManual(0);
                _pid.Update(celsius, celsius, coolFeedForward);
                return 0;
            }
            // The first approach from a cold plate saturates the heater long enough for back-calculation
            // to unwind the integrator (tuned on the 25 -> 110 °C gate); changes from a regulated plate
            // (between segments) do not, and are shaped instead.
            if (!_regulating && Util.Num.Abs(celsius - setpoint) <= _config.ShapingEngageC)
            {
                _regulating = true;
                _trajectory.PassThrough(setpoint);
            }
            double feedForward;
            bool shaped = Shaping && _regulating;
            if (shaped)
            {
                double deadTimeS = _feedForward.DeadTimeS > 0 ? _feedForward.DeadTimeS : _config.AssumedDeadTimeS;
                double from = _trajectory.ShapedC;
                _trajectory.Update(setpoint, _program.SetpointRateCPerS, _program.SegmentTargetC, dtS,
                    _feedForward.RiseRateCPerS(from, _config.ShapingMaxDuty),
                    _feedForward.FallRateCPerS(from) * _config.ShapingFallFraction,
                    _config.ApproachDeadTimes * deadTimeS, _config.ReferenceLagDeadTimes * deadTimeS);
                feedForward = _feedForward.DutyFor(_trajectory.ShapedC, _trajectory.ShapedRateCPerS);
            }
            else
            {
                _trajectory.PassThrough(setpoint);
                feedForward = _config.UseFeedForward ? _feedForward.DutyFor(setpoint, _program.SetpointRateCPerS) : 0;
            }
            if (_pid.IsManual) _pid.SetAutomatic();
            return shaped
                ? _pid.UpdateTracking(_trajectory.ReferenceC, celsius, feedForward)
                : _pid.Update(setpoint, celsius, feedForward);
        }

        /// <summary>Setpoint shaping needs feed-forward and a model that knows how fast the plate moves.</summary>
        private bool Shaping
        {
            get { return _config.ShapeSetpoint && _config.UseFeedForward && _feedForward.HasDynamics; }
        }

        private void Apply(long nowMs, double duty)
        {
            _duty = duty;
            _safety.ApplyDuty(nowMs, duty);
        }

        private void EnterFault(long nowMs)
        {
            _program.Abort();
            _autotune.Abort();
            _safety.ApplyDuty(nowMs, 0);
            _duty = 0;
            _setpointC = double.NaN;
            _state = HotplateState.Fault;
        }

        /// <summary>Running a program or an autotune: the plate takes no other command until it ends or is aborted.</summary>
        private bool IsBusy
        {
            get { return _state == HotplateState.Running || _state == HotplateState.Autotuning; }
        }

        /// <summary>Throws unless no fault is latched and the plate is not busy (<paramref name="whenBusy"/> says why).</summary>
        private void RequireReady(string whenBusy)
        {
            if (_safety.IsTripped) throw new InvalidOperationException("hotplate: fault latched; reset it first");
            if (IsBusy) throw new InvalidOperationException(whenBusy);
        }
    }
}
