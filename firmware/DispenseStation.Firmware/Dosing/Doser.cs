using System;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Scale;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Dosing
{
    /// <summary>
    /// Gravimetric weigh-in of one channel at a time into the bottle on the scale: fast, slow and
    /// dribble feed, cut-off ahead of target by the learned in-flight mass, settle on the stable
    /// weight, verify, top up with pulses when under tolerance. Aims a little below target so the
    /// upper tolerance is never the expected landing point; a top-up only ever aims at target.
    /// Any fault stops every pump and fails the dose with a <see cref="DoseFault"/> code.
    /// Call <see cref="Tick"/> every control cycle (10 ms is fine); it never allocates.
    /// </summary>
    public sealed partial class Doser
    {
        /// <summary>A dose starts in the fast (or slow) phase only when that phase would run at least this long
        /// before its lead: a phase of a few tenths of a second is mostly the pump's ramp and the tube filling,
        /// and leaves an in-flight mass the dribble cannot predict. The threshold is never below twice the lead.</summary>
        public const double MinPhaseS = 0.6;

        /// <summary>
        /// A reading repeated this many times in a row while the pump feeds means the scale froze. A balance
        /// repeats its value at rest, so the test counts only readings of one feeding phase, and only while the
        /// drain model landed at least <see cref="FrozenCountsPerReading"/> counts of the readability per reading
        /// over them (on average: the model's landing flow relaxes smoothly, with the drain time constant). The chance that a live
        /// reading repeats then is at most about 0.24 / 5 = 0.05 per reading whatever its noise (a difference of
        /// mean d counts and spread s rounds to zero with probability below 0.24 / d, the worst s being about d),
        /// so 7 repeats in a row happen by chance at most 0.05^7 = 8e-10 per reading: once in about 4 years of
        /// pumping without a pause at 10 readings/s (a century at an hour a day). Detected 0.7 s after the freeze.
        /// </summary>
        public const int FrozenReadings = 8;
        public const int FrozenCountsPerReading = 5;

        /// <summary>
        /// Between doses, with the weight stable and no pump running, the zero is checked over windows of this
        /// length: the least-squares slope of the gross readings. Its standard deviation is the reading noise
        /// times sqrt(12 / (N (N^2 - 1))) per reading interval (N readings); a slope beyond
        /// <see cref="ZeroDriftSigmas"/> of it is a drifting zero. On the balance (1.4 mg per reading, 100
        /// readings) that is 0.29 mg/s, 18 mg/min: a drift that moves a 10 s dose by 3 mg passes, one that
        /// moves it by a tolerance's worth does not. A window in which the weight went unstable (a bottle put
        /// down, a hand) starts again.
        /// </summary>
        public const double ZeroWatchS = 10;
        /// <summary>6 sigma: a healthy scale crosses it by chance about once in 5e8 windows (a century of 10 s windows).</summary>
        public const double ZeroDriftSigmas = 6;

        private readonly WeighScale _scale;
        private readonly IPumpOutput[] _pumps;
        private readonly DoseChannelSettings[] _channels;
        private readonly IClock _clock;
        private readonly InFlightLearner _learner;
        private readonly TubeDrain _drain;
        private readonly DoseResult _result = new DoseResult();
        private readonly IPumpPower _power;
        private readonly PumpRunawayWatch _runaway;
        private long _idleSinceMs;
        private int _lastChannel = -1;
        private readonly string[] _runawayMessages;

        private DoseChannelSettings _ch;
        private IPumpOutput _pump;
        private int _channel;
        private double _target, _tolerance, _aim;
        private long _startMs, _timeoutMs, _phaseStartMs;
        private long _lastSampleCount;
        private double _startGrams, _peakDelivered, _prevMedian;
        private long _noFlowStartMs;
        private double _noFlowStartDelivered, _noFlowStartLanded;
        private bool _awaitingFirstVerify;
        private double _actualBeforePulse, _pulseGain;
        private int _pulseMs;
        private long _pulseEndMs;
        private bool _zeroTrackingBefore;
        private bool _haveStableActual;
        private bool _overfillSeen;
        private double _heldAtCut;
        private bool _powerCut;
        private double _frozenFromLanded;
        private double _zeroSum;
        private int _zeroCount;

        public Doser(WeighScale scale, IPumpOutput[] pumps, DoseChannelSettings[] channels, IClock clock)
            : this(scale, pumps, channels, clock, null)
        {
        }

        /// <param name="power">pump power (relay or driver enable); on only inside a dose. Null when the station has none.</param>
        public Doser(WeighScale scale, IPumpOutput[] pumps, DoseChannelSettings[] channels, IClock clock, IPumpPower power)
        {
            if (scale == null) throw new ArgumentNullException("scale");
            if (pumps == null) throw new ArgumentNullException("pumps");
            if (channels == null) throw new ArgumentNullException("channels");
            if (clock == null) throw new ArgumentNullException("clock");
            if (pumps.Length != channels.Length || pumps.Length == 0)
                throw new ArgumentException("pumps and channels must have the same, non-zero length");
            for (int i = 0; i < channels.Length; i++)
            {
                if (pumps[i] == null) throw new ArgumentException("pumps[" + i + "] must not be null");
                if (channels[i] == null) throw new ArgumentException("channels[" + i + "] must not be null");
                channels[i].Validate();
            }
            _scale = scale;
            _pumps = pumps;
            _channels = channels;
            _clock = clock;
            _learner = new InFlightLearner(channels);
            _drain = new TubeDrain(channels, clock.UptimeMs);
            _flow = new PumpFlowCalibration(channels);
            _startDeficitS = new double[channels.Length];
            for (int i = 0; i < channels.Length; i++) _startDeficitS[i] = -1; // not learned
            _power = power;
            _runawayMessages = new string[channels.Length + 1];
            for (int i = 0; i < channels.Length; i++) _runawayMessages[i] = "pump " + (i + 1) + " runs with no command: check its driver";
            _runawayMessages[channels.Length] = "a pump runs with no command: check the pump drivers";
            double rise = channels[0].RunawayRiseGrams, window = channels[0].RunawayWindowS, maxFlow = channels[0].FastFlowGramsPerS;
            for (int i = 1; i < channels.Length; i++)
            {
                rise = Num.Min(rise, channels[i].RunawayRiseGrams);
                window = Num.Min(window, channels[i].RunawayWindowS);
                maxFlow = Num.Max(maxFlow, channels[i].FastFlowGramsPerS);
            }
            int windowSamples = Num.Max(2, (int)(window * scale.SamplesPerSecond + 0.5));
            // The most the biggest pump adds in one segment, with room for roller pulsation: twice its full flow.
            int segment = windowSamples < 4 ? 1 : (windowSamples + 3) / 4;
            _runaway = new PumpRunawayWatch(windowSamples, rise, 2 * maxFlow * segment / scale.SamplesPerSecond);
            _idleSinceMs = clock.UptimeMs;
            StopAllPumps();
            if (_power != null) _power.SetEnabled(false);
        }

        /// <summary>
        /// <see cref="DoseFault.PumpRunaway"/> once weight rose with no dose running (pump power is
        /// then cut and every pump stopped); cleared by the next <see cref="Start"/>.
        /// </summary>
        public int IdleFault { get; private set; }
        /// <summary>The channel dosed last: the first suspect when a pump runs with no command (-1 before any dose).</summary>
        public int RunawayChannel { get { return _lastChannel; } }
        /// <summary>What the technician reads for <see cref="IdleFault"/> (pump numbers from 1); null when none.</summary>
        public string IdleFaultMessage
        {
            get
            {
                if (IdleFault == DoseFault.None) return null;
                return _runawayMessages[RunawayChannel < 0 ? _runawayMessages.Length - 1 : RunawayChannel];
            }
        }
        /// <summary>When the runaway was detected (uptime ms).</summary>
        public long RunawayDetectedMs { get; private set; }

        public DoserState State { get; private set; }
        /// <summary>The phase running now (one <see cref="DosePhase"/> value).</summary>
        public int Phase { get; private set; }
        public bool IsRunning { get { return State == DoserState.Running; } }
        /// <summary>Result of the running or last dose; refilled by the next Start.</summary>
        public DoseResult Result { get { return _result; } }
        /// <summary>Learned in-flight masses per channel (at a steady dribble); export and import them to persist.</summary>
        public InFlightLearner InFlight { get { return _learner; } }
        public int ChannelCount { get { return _channels.Length; } }
        /// <summary>The scale the doser weighs with (telemetry, tare, calibration).</summary>
        public WeighScale Scale { get { return _scale; } }
        /// <summary>Delivered so far by the control filter (for telemetry).</summary>
        public double DeliveredGrams { get { return IsRunning ? _scale.NetGrams - _startGrams : _result.ActualGrams; } }

        /// <summary>
        /// Starts a dose. Throws ArgumentException naming the bad value, InvalidOperationException
        /// when a dose is running; nothing changes in either case.
        /// </summary>
        public void Start(int channel, double targetGrams, double toleranceGrams, double timeoutS)
        {
            if (IsRunning) throw new InvalidOperationException("a dose is running; Abort it first");
            if (channel < 0 || channel >= _channels.Length)
                throw new ArgumentException("channel must be in [0, " + (_channels.Length - 1) + "]");
            if (!Num.IsFinite(targetGrams) || !(targetGrams > 0))
                throw new ArgumentException("targetGrams must be a finite number > 0");
            if (!Num.IsFinite(toleranceGrams) || !(toleranceGrams > 0) || toleranceGrams >= targetGrams)
                throw new ArgumentException("toleranceGrams must be > 0 and < targetGrams");
            if (!Num.IsFinite(timeoutS) || !(timeoutS > 0))
                throw new ArgumentException("timeoutS must be a finite number > 0");
            // A dose is the difference of two readings (start and end): its 2-sigma error is
            // 2 x sqrt(2) x the repeatability of one. A tolerance inside that cannot be verified.
            double verifyError = 2.8284 * _scale.RepeatabilityGrams;
            if (toleranceGrams <= verifyError)
                throw new ArgumentException("toleranceGrams (" + toleranceGrams.ToString("F4") + " g) must exceed the scale's 2-sigma error of a weighed dose ("
                    + verifyError.ToString("F4") + " g): the scale could not tell whether the dose is in tolerance; dose it from a more dilute stock");

            bool drifting = IdleFault == DoseFault.ZeroDrift;
            _runMode = false;
            _channel = channel;
            _ch = _channels[channel];
            _pump = _pumps[channel];
            _target = targetGrams;
            _tolerance = toleranceGrams;
            _aim = targetGrams - _ch.AimBelowFraction * toleranceGrams;
            _disturbance = DisturbanceFor(toleranceGrams);
            _startMs = _clock.UptimeMs;
            _timeoutMs = (long)(timeoutS * 1000);
            _awaitingFirstVerify = true;
            _peakDelivered = 0;
            _pulseGain = 0;
            _haveStableActual = false;
            _overfillSeen = false;
            _heldAtCut = 0;
            _powerCut = false;
            _cutPending = false;

            _result.Clear();
            _result.Channel = channel;
            _result.TargetGrams = targetGrams;
            _result.ToleranceGrams = toleranceGrams;

            _zeroTrackingBefore = _scale.ZeroTrackingEnabled;
            _scale.ZeroTrackingEnabled = false;
            _lastSampleCount = _scale.SampleCount;
            IdleFault = DoseFault.None;
            _lastChannel = channel;
            if (_power != null) _power.SetEnabled(true);
            State = DoserState.Running;
            EnterPhase(DosePhase.Start, _startMs);
            // The zero check before the dose: the idle watch saw the zero drift, so no weighing can be trusted.
            if (drifting) Fail(DoseFault.ZeroDrift);
        }

        /// <summary>Stops the pump and fails the running dose with <see cref="DoseFault.Aborted"/>.</summary>
        public void Abort()
        {
            if (IsRunning) Fail(DoseFault.Aborted);
            else StopAllPumps();
        }

        public void Tick()
        {
            bool fresh = _scale.Update();
            long now = _clock.UptimeMs;
            if (!IsRunning)
            {
                if (fresh) WatchIdle(now);
                return;
            }

            if (now - _startMs > _timeoutMs) { Fail(DoseFault.Timeout); return; }
            if (_scale.IsSilent) { Fail(DoseFault.ScaleSilent); return; }
            if (Phase == DosePhase.TopUp && now >= _pulseEndMs) EndPulse(now);
            if (Phase == DosePhase.Dribble && _cutPending && now >= _cutAtMs) CutOff(_cutAtGrams, now);

            if (_scale.SampleCount == _lastSampleCount) return;
            _lastSampleCount = _scale.SampleCount;
            _drain.Advance(_channel, now);
            if (_scale.IsSaturated) { Fail(DoseFault.ScaleSaturated); return; }
            if (_scale.IsFrozen || FrozenWhileFeeding()) { Fail(DoseFault.ScaleFrozen); return; }

            if (Phase == DosePhase.Start) { TickStart(now); return; }
            if (_runMode) { TickRun(now); return; }
            if (CheckDisturbance()) return;
            switch (Phase)
            {
                case DosePhase.Fast:
                case DosePhase.Slow:
                case DosePhase.Dribble:
                    TickFeed(now);
                    break;
                case DosePhase.Settle:
                    TickSettle(now);
                    break;
            }
        }

        private void TickStart(long now)
        {
            if (_scale.IsStable)
            {
                _startGrams = _scale.StableNetGrams;
                _prevMedian = _scale.MedianNetGrams;
                _drain.ResetLanded(_channel);
                _frozenFromLanded = 0;
                EnterPhase(ChooseFirstPhase(), now);
                return;
            }
            if (now - _phaseStartMs > (long)(_ch.SettleTimeoutS * 1000)) Fail(DoseFault.ScaleUnstable);
        }

        private int ChooseFirstPhase()
        {
            if (_runMode) return DosePhase.Run;
            if (_aim > _ch.FastFlowGramsPerS * Num.Max(2 * _ch.FastLeadS, _ch.FastLeadS + MinPhaseS)) return DosePhase.Fast;
            if (_aim > _ch.SlowFlowGramsPerS * Num.Max(2 * _ch.SlowLeadS, _ch.SlowLeadS + MinPhaseS)) return DosePhase.Slow;
            return DosePhase.Dribble;
        }

        /// <returns>true when the dose failed</returns>
        private bool CheckDisturbance()
        {
            // The median follows the real weight within a sample; the tracker would overshoot when
            // a flow stops abruptly, and that overshoot coming back must not read as a loss.
            double median = _scale.MedianNetGrams;
            double step = median - _prevMedian;
            _prevMedian = median;
            if (step > JumpGrams()) { Fail(DoseFault.WeightJump); return true; }
            if (step < -_disturbance) { Fail(DoseFault.WeightLoss); return true; }
            double deliveredMedian = median - _startGrams;
            if (deliveredMedian > _peakDelivered) _peakDelivered = deliveredMedian;
            if (deliveredMedian < _peakDelivered - _disturbance) { Fail(DoseFault.WeightLoss); return true; }

            double delivered = _scale.NetGrams - _startGrams;
            if (delivered <= _target + _tolerance) return false;
            return Overfilled(delivered);
        }

        private void TickFeed(long now)
        {
            double delivered = _scale.NetGrams - _startGrams;
            // A window is judged once the drain model expects at least twice the minimum to have
            // landed in it: a viscous line fills its tube for seconds before much reaches the bottle.
            if (now - _noFlowStartMs >= (long)(_ch.NoFlowWindowS * 1000)
                && _drain.LandedGrams(_channel) - _noFlowStartLanded >= 2 * _ch.NoFlowMinGrams)
            {
                if (delivered - _noFlowStartDelivered < _ch.NoFlowMinGrams) { Fail(DoseFault.NoFlow); return; }
                _noFlowStartMs = now;
                _noFlowStartDelivered = delivered;
                _noFlowStartLanded = _drain.LandedGrams(_channel);
            }

            double remaining = _aim - delivered;
            double rate = Num.Max(_scale.RateGramsPerS, 0);
            double inFlight = _learner.Estimate(_channel);
            // What is in flight now: the learned steady-dribble mass scaled by what the tube holds
            // (tube drain, fall, pump run-down all grow with the flow). A faster phase leaves more
            // liquid in flight, so each switch comes that much earlier; after a switch the tube of a
            // viscous liquid still holds the faster phase's liquid for a while, and the cut-off waits
            // for it.
            double inFlightNow = InFlightNow();
            switch (Phase)
            {
                case DosePhase.Fast:
                    if (remaining <= PhaseFlow(rate, _ch.FastFlowGramsPerS) * _ch.FastLeadS + inFlightNow + inFlight)
                        EnterPhase(DosePhase.Slow, now);
                    break;
                case DosePhase.Slow:
                    if (remaining <= PhaseFlow(rate, _ch.SlowFlowGramsPerS) * _ch.SlowLeadS + inFlightNow + inFlight)
                        EnterPhase(DosePhase.Dribble, now);
                    break;
                case DosePhase.Dribble:
                    if (remaining <= inFlightNow) CutOff(delivered, now);
                    else ScheduleCutOff(delivered, remaining - inFlightNow, now);
                    break;
            }
        }

        /// <summary>
        /// The flow of this phase: measured, so a worn tube or thick liquid is seen as it is, but
        /// capped near nominal because just after a speed change the tracker still shows the
        /// previous phase's faster flow.
        /// </summary>
        private static double PhaseFlow(double measured, double nominal)
        {
            return Num.Min(measured, nominal * 1.25);
        }

        private void TickSettle(long now)
        {
            long elapsed = now - _phaseStartMs;
            if (elapsed > (long)(_ch.SettleTimeoutS * 1000))
            {
                Fail(_overfillSeen ? DoseFault.Overfill : DoseFault.ScaleUnstable);
                return;
            }
            if (elapsed < (long)(_ch.SettleDelayS * 1000) || !_scale.IsStable) return;
            // A viscous tail drains slowly enough to pass the stable test while grams are still coming.
            if (InFlightNow() > _ch.SettleTailFraction * _tolerance) return;

            double actual = _scale.StableNetGrams - _startGrams;
            if (_awaitingFirstVerify)
            {
                _awaitingFirstVerify = false;
                _result.InFlightObservedGrams = actual - _result.CutoffGrams;
                // Learned as the steady-dribble amount: a cut-off after a short dribble on a viscous
                // line brings more, in proportion to what the tube held.
                double steady = _drain.SteadyGrams(_channel, _ch.DribbleFlowGramsPerS);
                if (_heldAtCut > 1e-6 * steady)
                    _learner.Observe(_channel, _result.InFlightObservedGrams * steady / _heldAtCut);
            }
            else
            {
                double pulseMass = actual - _actualBeforePulse;
                if (pulseMass > 0) _pulseGain = pulseMass * 1000.0 / _pulseMs;
            }
            _result.ActualGrams = actual;
            _haveStableActual = true;

            if (actual > _target + _tolerance) { Fail(DoseFault.Overfill); return; }
            bool inTolerance = actual >= _target - _tolerance;
            bool nearTarget = actual >= _target - _ch.TopUpBelowFraction * _tolerance;
            bool reporting = nearTarget || (inTolerance && _result.TopUpPulses >= _ch.MaxTopUps);
            double landed = _drain.LandedGrams(_channel);
            if (GainUnexplained(actual, landed - StartDeficitGrams(), landed, reporting ? _target - _tolerance : double.MinValue, _scale.RepeatabilityGrams))
            {
                Fail(DoseFault.UnexplainedGain);
                return;
            }
            if (reporting) { Finish(now); return; }
            if (_result.TopUpPulses >= _ch.MaxTopUps) { Fail(DoseFault.UnderTolerance); return; }
            StartPulse(actual, now);
        }

        /// <summary>The readings stopped changing while the drain model says the weight must rise by several counts each.
        /// Only readings taken while the pump feeds count (a balance at rest repeats its value, and its filter lags the
        /// pump's start by a few tenths of a second); a maintenance run is left out, since a dry line delivers nothing.</summary>
        private bool FrozenWhileFeeding()
        {
            double landed = _drain.LandedGrams(_channel);
            bool feeding = Phase == DosePhase.Fast || Phase == DosePhase.Slow || Phase == DosePhase.Dribble || Phase == DosePhase.TopUp;
            if (!feeding || _scale.SameRawCount <= 1)
            {
                _frozenFromLanded = landed;
                return false;
            }
            // The run counts from the later of its first reading and the start of this phase (a frozen scale
            // shows no gain, so the doser stays in the phase it froze in; only a top-up's timed end moves on).
            long run = (_clock.UptimeMs - _phaseStartMs) * _scale.SamplesPerSecond / 1000 + 1;
            if (_scale.SameRawCount < run) run = _scale.SameRawCount;
            if (run < FrozenReadings) return false;
            double readability = 1 / Num.Abs(_scale.Calibration.CountsPerGram);
            return landed - _frozenFromLanded >= (run - 1) * FrozenCountsPerReading * readability;
        }

        private void StartPulse(double actual, long now)
        {
            // Everything a pulse pumps lands eventually, so its mass is about flow x time. Take the
            // larger of measured and nominal flow and aim below target: a pulse errs short, and
            // a short pulse only costs another pulse, never an overfill.
            double gap = _aim - actual;
            double gain = Num.Max(_pulseGain, _ch.DribbleFlowGramsPerS);
            double ms = gap / gain * 1000.0;
            _pulseMs = (int)Num.Clamp(ms, _ch.MinPulseMs, _ch.MaxPulseMs);
            _pulseEndMs = now + _pulseMs;
            _actualBeforePulse = actual;
            _haveStableActual = false;
            _result.TopUpPulses++;
            EnterPhase(DosePhase.TopUp, now);
        }

        private void EndPulse(long now)
        {
            EnterPhase(DosePhase.Settle, now);
        }

        private void EnterPhase(int phase, long now)
        {
            Phase = phase;
            _result.Phases |= phase;
            _phaseStartMs = now;
            _noFlowStartMs = _phaseStartMs;
            _noFlowStartDelivered = phase == DosePhase.Start ? 0 : _scale.NetGrams - _startGrams;
            _drain.SetFlow(_channel, FlowOf(phase), now);
            _noFlowStartLanded = _drain.LandedGrams(_channel);
            _pump.SetSpeed(SpeedOf(phase));
        }

        private double SpeedOf(int phase)
        {
            switch (phase)
            {
                case DosePhase.Fast: return _ch.FastSpeed;
                case DosePhase.Slow: return _ch.SlowSpeed;
                case DosePhase.Dribble:
                case DosePhase.TopUp: return _ch.DribbleSpeed;
                case DosePhase.Run: return _runSpeed;
                default: return 0;
            }
        }

        private void Finish(long now)
        {
            StopAllPumps();
            LearnStartDeficit();
            _result.ErrorGrams = _result.ActualGrams - _target;
            _result.DurationS = (now - _startMs) / 1000.0;
            _result.Succeeded = true;
            _result.FaultCode = DoseFault.None;
            End(DoserState.Done);
        }

        private void Fail(int code)
        {
            StopAllPumps();
            if (_runMode && Phase == DosePhase.Run) _runPumpMs = _clock.UptimeMs - _phaseStartMs; // the pump's time so far
            // Without a stable verify, the filtered weight is the best account of what went in.
            if (!_haveStableActual) _result.ActualGrams = Phase == DosePhase.Start ? 0 : _scale.NetGrams - _startGrams;
            _result.ErrorGrams = _result.ActualGrams - _target;
            _result.DurationS = (_clock.UptimeMs - _startMs) / 1000.0;
            _result.Succeeded = false;
            _result.FaultCode = code;
            End(DoserState.Failed);
        }

        private void End(DoserState state)
        {
            if (_power != null) _power.SetEnabled(false);
            _drain.SetFlow(_channel, 0, _clock.UptimeMs);
            Phase = DosePhase.None;
            State = state;
            _scale.ZeroTrackingEnabled = _zeroTrackingBefore;
            _idleSinceMs = _clock.UptimeMs;
            _runaway.Reset();
        }

        /// <summary>Between doses: liquid that keeps arriving means a pump runs with no command.</summary>
        private void WatchIdle(long now)
        {
            if (IdleFault == DoseFault.PumpRunaway) return;
            if (now - _idleSinceMs < (long)(HoldoffS() * 1000)) { _runaway.Reset(); _zeroCount = 0; return; }
            if (IdleFault == DoseFault.None) WatchZero();
            if (!_runaway.Add(_scale.MedianNetGrams)) return;
            StopAllPumps();
            if (_power != null) _power.SetEnabled(false);
            IdleFault = DoseFault.PumpRunaway;
            RunawayDetectedMs = now;
        }

        /// <summary>The zero check between doses (see <see cref="ZeroWatchS"/>): gross readings, so zero tracking,
        /// which follows a drift near zero while idle but is off in a dose, does not hide it.</summary>
        private void WatchZero()
        {
            if (!_scale.IsStable) { _zeroCount = 0; return; }
            int sps = _scale.SamplesPerSecond;
            int n = Num.Max(3, (int)(ZeroWatchS * sps + 0.5));
            if (_zeroCount == 0) _zeroSum = 0;
            // Least squares with weights i - (n - 1) / 2: they sum to zero, so the weight itself cancels.
            _zeroSum += (_zeroCount - (n - 1) * 0.5) * (_scale.LastNetGrams + _scale.TareGrams);
            if (++_zeroCount < n) return;
            _zeroCount = 0;
            double perReading = 12.0 / ((double)n * ((double)n * n - 1));
            double slope = _zeroSum * perReading * sps;
            double sigma = _scale.ReadingNoiseGrams * Num.Sqrt(perReading) * sps;
            if (Num.Abs(slope) > ZeroDriftSigmas * sigma) IdleFault = DoseFault.ZeroDrift;
        }

        private double HoldoffS()
        {
            return _lastChannel < 0 ? 0 : _channels[_lastChannel].RunawayHoldoffS;
        }

        private void StopAllPumps()
        {
            for (int i = 0; i < _pumps.Length; i++) _pumps[i].SetSpeed(0);
        }
    }
}
