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
    public sealed partial class HotplateController
    {
        private readonly ITemperatureSensor _sensor;
        private readonly HotplateConfig _config;
        private readonly PidController _pid;
        private readonly FeedForwardModel _feedForward;
        private readonly BakeProgramRunner _program = new BakeProgramRunner();
        private readonly RelayAutotune _autotune = new RelayAutotune();
        private readonly SetpointTrajectory _trajectory = new SetpointTrajectory();
        private readonly MeasurementObserver _observer;
        private readonly RtdCalibration _calibration = new RtdCalibration();
        private readonly SurfaceOffsetTable _surfaceOffsets = new SurfaceOffsetTable();
        private readonly WaferDropFeedForward _drop = new WaferDropFeedForward();
        private readonly PlantMismatchMonitor _mismatch = new PlantMismatchMonitor();
        private readonly TuningSetStore _tuningSets;
        private readonly TuningSet _proposal = new TuningSet();
        private readonly TuningSet _scratch = new TuningSet();
        private readonly TuningPrediction _prediction = new TuningPrediction();
        private bool _hasProposal;
        private double _estimateC = double.NaN;
        private double _plateSetpointC = double.NaN;
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
            // Nothing is learned at or above the cut-off (holds <= MaxSetpointC < cut-off, autotunes end below it).
            _feedForward = new FeedForwardModel(config.Safety.MaxTemperatureC);
            _tuningSets = new TuningSetStore(config.TuningSetsKept);
            _pid = new PidController(config.Gains, config.Pid);
            _observer = new MeasurementObserver(config.ObserverAlpha);
            _drop.PayoutTimeConstantS = config.DropPayoutTimeConstantS;
            _drop.TakeBackTimeConstantS = config.DropTakeBackTimeConstantS;
        }

        public HotplateState State { get { return _state; } }
        /// <summary>Last good plate reading after the RTD calibration, °C (NaN before the first).</summary>
        public double TemperatureC { get { return _temperatureC; } }
        /// <summary>The observer's filtered plate temperature the PID acts on, °C.</summary>
        public double PlateEstimateC { get { return _estimateC; } }
        /// <summary>The plate temperature being held: the program's (wafer) setpoint plus the surface offset, °C.</summary>
        public double PlateSetpointC { get { return _plateSetpointC; } }
        /// <summary>
        /// Last good reading in the wafer's frame, °C: <see cref="TemperatureC"/> minus the surface offset the
        /// running program holds the plate at (the reading itself when no program heats). Bake jobs judge
        /// bands, dips and doses on this, so the offset is subtracted here only.
        /// </summary>
        public double WaferFrameC { get { lock (_sync) { return _temperatureC - HeldSurfaceOffsetC(); } } }
        /// <summary>Estimated temperature of the wafer on the plate, °C (NaN with none).</summary>
        public double WaferEstimateC { get { return _drop.WaferEstimateC; } }
        public RtdCalibration Calibration { get { return _calibration; } }

        /// <summary>Loads a dated two-point RTD calibration between control periods (throws
        /// ArgumentException with the reason; the previous calibration is kept then).</summary>
        public void SetCalibration(double reading1C, double reference1C, double reading2C, double reference2C, long calibratedUtcMs)
        {
            lock (_sync)
            {
                _calibration.Set(reading1C, reference1C, reading2C, reference2C, calibratedUtcMs);
            }
        }
        public SurfaceOffsetTable SurfaceOffsets { get { return _surfaceOffsets; } }
        public WaferDropFeedForward Drop { get { return _drop; } }
        /// <summary>Model-versus-plate watch; <see cref="PlantMismatchMonitor.RetuneAdvised"/> advises a retune.</summary>
        public PlantMismatchMonitor Mismatch { get { return _mismatch; } }
        /// <summary>Setpoint in force, °C (NaN when not regulating).</summary>
        public double SetpointC { get { return _setpointC; } }
        /// <summary>Duty commanded on the last tick, 0..1.</summary>
        public double Duty { get { return _duty; } }
        /// <summary>Heat the heater delivers now, W: the duty the output applies (an SSR latches it per window) times the rated power.</summary>
        public double HeaterW { get { return Util.Num.Clamp(_safety.AppliedDuty, 0, 1) * _config.HeaterPowerW; } }
        /// <summary>The plate's heat capacity from the learned model (P tau / K), J/K; NaN without a model.</summary>
        public double PlateHeatCapacityJPerK
        {
            get { return _feedForward.HasDynamics ? _config.HeaterPowerW * _feedForward.TimeConstantS / _feedForward.GainCPerDuty : double.NaN; }
        }
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
                _mismatch.Reset();
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

        /// <summary>
        /// A wafer of <paramref name="waferHeatCapacityJPerK"/> at <paramref name="waferTemperatureC"/> has
        /// landed (called by wafer-down detection or the bake job): books the energy it will take from the
        /// plate and pays it out as feed-forward from this tick on, with the integrator held meanwhile.
        /// Ignored unless a program is heating. Non-physical values are ignored rather than thrown: the
        /// bake must go on without the feed-forward rather than stop.
        /// </summary>
        public void NotifyWaferDown(double waferHeatCapacityJPerK, double waferTemperatureC)
        {
            lock (_sync)
            {
                if (_state != HotplateState.Running || !_program.HeaterEnabled) return;
                // The wafer ends at the program's setpoint (the plate runs above it by the surface offset).
                if (_drop.WaferDown(waferHeatCapacityJPerK, waferTemperatureC, _program.Setpoint, _config.WaferGapWPerK, _config.DropIntegratorHoldS))
                {
                    // The plate's heat capacity and time constant are the learned model's (tau / K is C / P).
                    if (_feedForward.HasDynamics)
                        _drop.SetPlateModel(_config.HeaterPowerW * _feedForward.TimeConstantS / _feedForward.GainCPerDuty,
                            _feedForward.TimeConstantS, _config.ElementLagS, _config.ReadingLagS);
                    else
                        _drop.SetPlateModel(0, 0, 0, 0);
                }
            }
        }

        /// <summary>The wafer has been lifted off: nothing more is owed to it.</summary>
        public void NotifyWaferUp()
        {
            lock (_sync)
            {
                _drop.WaferUp();
            }
        }

        /// <summary>
        /// The dip a wafer would cause with no control at all, from the learned model: its energy over the
        /// plate's heat capacity (P tau / K); NaN without a model.
        /// </summary>
        public double PredictedUncompensatedDipC(double waferHeatCapacityJPerK, double waferTemperatureC, double setpointC)
        {
            if (!_feedForward.HasDynamics) return double.NaN;
            double plateHeatCapacity = _config.HeaterPowerW * _feedForward.TimeConstantS / _feedForward.GainCPerDuty;
            return waferHeatCapacityJPerK * (setpointC - waferTemperatureC) / (plateHeatCapacity + waferHeatCapacityJPerK);
        }

        /// <summary>New gains, applied without a bump (throws ArgumentException naming the field and range if not sane; nothing changes then).</summary>
        public void SetGains(PidGains gains)
        {
            lock (_sync)
            {
                if (gains == null) throw new ArgumentNullException("gains");
                string error = TuningSanity.CheckGains(gains.Kp, gains.Ti, gains.Td);
                if (error != null) throw new ArgumentException("gains: " + error);
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
                _plateSetpointC = double.NaN;
                _drop.WaferUp();
                _drop.ClearModel();
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
                double safetySetpoint = regulating ? _program.Setpoint + _surfaceOffsets.OffsetFor(_program.Setpoint) : double.NaN;
                bool usable = _safety.Evaluate(nowMs, readOk, celsius, faultBits, safetySetpoint);
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
                _temperatureC = _calibration.Correct(celsius);
                _estimateC = _observer.Update(_temperatureC, dtS);
                Apply(nowMs, ComputeDuty(nowMs, dtS, _estimateC));
                bool watch = _state == HotplateState.Running && _program.HeaterEnabled && _regulating
                    && !(_drop.WaferPresent && _drop.SinceWaferDownS < _mismatch.WindowS + _feedForward.DeadTimeS);
                _mismatch.Tick(dtS, _duty, _estimateC, watch, _feedForward);
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

        /// <summary>The surface offset the plate is held above the program's (wafer) setpoint, °C; 0 when no program heats.</summary>
        private double HeldSurfaceOffsetC()
        {
            if (_state != HotplateState.Running || !_program.HeaterEnabled) return 0;
            return _surfaceOffsets.OffsetFor(_program.Setpoint);
        }

        private double RunProgram(double dtS, double plateC)
        {
            // The program thinks in wafer temperatures: the plate is held above them by the surface offset.
            _program.Tick(dtS, plateC - HeldSurfaceOffsetC(), _duty);
            double heldTarget, heldDuty;
            if (_program.TakeCompletedHold(out heldTarget, out heldDuty) && _config.UseFeedForward)
                _feedForward.Learn(heldTarget, heldDuty);
            if (_program.Status != BakeProgramStatus.Running)
            {
                _state = HotplateState.Completed;
                _setpointC = double.NaN;
                _plateSetpointC = double.NaN;
                _drop.WaferUp();
                _drop.ClearModel();
                return 0;
            }
            double celsius = plateC;
            _setpointC = _program.Setpoint;
            double setpoint = _program.Setpoint + _surfaceOffsets.OffsetFor(_program.Setpoint);
            double segmentTarget = _program.SegmentTargetC + _surfaceOffsets.OffsetFor(_program.SegmentTargetC);
            _plateSetpointC = setpoint;
            if (!_program.HeaterEnabled)
            {
                _drop.WaferUp();
                _drop.ClearModel();
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
                _trajectory.Update(setpoint, _program.SetpointRateCPerS, segmentTarget, dtS,
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
            // What the heater delivered over the last period beyond the PID's own part was the drop's.
            _drop.Paid(Util.Num.Clamp(_safety.AppliedDuty, 0, 1) - _lastPidDuty, _config.HeaterPowerW, dtS);
            // With a wafer on it the plate also feeds the wafer's steady loss, which the surface offset
            // measures (G x offset, ~7 W at 110 °C): a steady term while the wafer is there, not payment.
            if (_drop.WaferPresent)
                feedForward += _config.WaferGapWPerK * (setpoint - _program.Setpoint) / _config.HeaterPowerW;
            // The PID sees the reading less the dip the model predicts: it answers only the model's error.
            // For DropIntegratorHoldS after wafer-down the drop is the feed-forward's alone: the PID sees no
            // error, so it neither pushes against the dip nor brakes the recovery it would see seconds late.
            // While the wafer is estimated below its setpoint the plate is held a little warmer (bounded, and
            // vanishing with the wafer's gap), so the wafer closes the last of its gap faster.
            double lift = _drop.TargetLiftC(_program.Setpoint, _config.DropWaferLiftUntilGapC, _config.DropWaferLiftGain, _config.DropWaferLiftMaxC);
            double measured = celsius - _drop.PredictedReadingDipC;
            bool dropOwnsPlate = _drop.WaferPresent && _drop.SinceWaferDownS < _config.DropIntegratorHoldS;
            _pid.IntegralHeld = dropOwnsPlate;
            if (dropOwnsPlate) measured = (shaped ? _trajectory.ReferenceC : setpoint) + lift;
            double pidDuty = shaped
                ? _pid.UpdateTracking(_trajectory.ReferenceC + lift, measured, feedForward)
                : _pid.Update(setpoint + lift, measured, feedForward);
            // The drop's extra duty bypasses the PID's rate limit: it is a planned step, and an SSR that
            // latches its duty per window would otherwise carry the limited first tick for a whole window.
            double extra = _drop.ExtraDuty(celsius - (setpoint - _program.Setpoint), pidDuty, _config.HeaterPowerW, dtS);
            _lastPidDuty = pidDuty;
            return Util.Num.Clamp(pidDuty + extra, 0, 1);
        }

        private double _lastPidDuty;

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
            _plateSetpointC = double.NaN;
            _drop.WaferUp();
            _drop.ClearModel();
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
