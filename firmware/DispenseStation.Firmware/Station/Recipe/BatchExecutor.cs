using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Util;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Station.Recipe
{
    /// <summary>
    /// Runs the steps of an accepted control recipe, one at a time, over the hotplate and dosing
    /// processes. The station calls <see cref="Tick"/> only in Execute; <see cref="Pause"/> on hold
    /// or suspend stops the pumps and makes the current step resume on the next tick:
    /// a dose re-weighs the bottle once the scale is stable and tops up only what is missing,
    /// a bake continues the program if it is still running (else restarts it), a prompt is asked
    /// again, a mix keeps the time already mixed. A fresh step acts only once the record of its
    /// start is on flash (<see cref="IBatchEvents.StepRecord"/>), so that a reboot always knows the
    /// mass a dose began from; a resumed dose starts its pump only once no record write is pending
    /// (<see cref="IBatchEvents.PendingWrites"/>). Records are posted only with the pumps stopped, so
    /// no flash write overlaps a pump run. Allocation-free per tick.
    /// </summary>
    public sealed class BatchExecutor
    {
        private const int PhaseFresh = 0;
        private const int PhaseResume = 1;
        private const int PhaseSettleBeforeResume = 2;
        private const int PhaseRunning = 3;
        private const int PhaseRecording = 4;

        private readonly IHotplateProcess _hot;
        private readonly IDosingProcess _dosing;
        private readonly IBatchEvents _events;
        private readonly StationConfig _config;
        private readonly sbyte[] _kinds; // StepKind codes (-1..5): a byte each
        private readonly double[] _setpoints;
        private readonly double[] _ramps;
        private readonly double[] _holds;
        private readonly double[] _bands;

        private ControlRecipe _recipe;
        private int _step;
        private int _phase;
        private long _lastMs = -1;
        private long _elapsedMs;
        private double _gramsBeforeRun;
        private long _doseMsBeforeRun;
        private int _segmentsReported;
        private bool _confirmed;
        private long _stableMs;

        public BatchExecutor(IHotplateProcess hotplate, IDosingProcess dosing, IBatchEvents events, StationConfig config)
        {
            _hot = hotplate;
            _dosing = dosing;
            _events = events;
            _config = config;
            _kinds = new sbyte[config.MaxSteps];
            StepGrams = new double[config.MaxSteps];
            _setpoints = new double[config.MaxBakeSegments];
            _ramps = new double[config.MaxBakeSegments];
            _holds = new double[config.MaxBakeSegments];
            _bands = new double[config.MaxBakeSegments];
        }

        public ControlRecipe Recipe
        {
            get { return _recipe; }
        }

        public int StepIndex
        {
            get { return _step; }
        }

        public int StepCount
        {
            get { return _recipe == null ? 0 : _recipe.Steps.Length; }
        }

        /// <summary>Name of the current step, or null when none.</summary>
        public string StepName
        {
            get { return _recipe == null || _step >= _recipe.Steps.Length ? null : _recipe.Steps[_step].Name; }
        }

        /// <summary>Grams each dose step put in the bottle (final or so far).</summary>
        public readonly double[] StepGrams;

        /// <summary>Net scale grams when the current step first began; persisted so that a dose
        /// interrupted by a reboot resumes from the true mass in the bottle.</summary>
        public double StepStartNetGrams { get; private set; }

        public bool AwaitingConfirm
        {
            get { return _recipe != null && _phase == PhaseRunning && CurrentKind == StepKind.Prompt && !_confirmed; }
        }

        private int CurrentKind
        {
            get { return _kinds[_step]; }
        }

        /// <summary>Loads a validated recipe. <paramref name="resumeStep"/> &gt; 0 or
        /// <paramref name="resuming"/> continue a batch (after a reboot) at that step.</summary>
        public void Load(ControlRecipe recipe, int resumeStep, bool resuming, double stepStartNetGrams, double[] stepGrams)
        {
            _recipe = recipe;
            for (int i = 0; i < StepGrams.Length; i++)
            {
                StepGrams[i] = stepGrams != null && i < stepGrams.Length ? stepGrams[i] : 0;
            }
            for (int i = 0; i < recipe.Steps.Length; i++) _kinds[i] = (sbyte)StepKind.Of(recipe.Steps[i].Kind);
            _step = resumeStep;
            _phase = resuming ? PhaseResume : PhaseFresh;
            StepStartNetGrams = stepStartNetGrams;
            _elapsedMs = 0;
            _lastMs = -1;
        }

        /// <summary>Forgets the recipe (batch ended).</summary>
        public void Unload()
        {
            _recipe = null;
            _step = 0;
            _phase = PhaseFresh;
        }

        /// <summary>Hold or suspend: pumps stop now; the step resumes on the next <see cref="Tick"/>.
        /// A running bake is left to the hotplate.</summary>
        public void Pause()
        {
            _dosing.Stop();
            // A step still waiting for its start record has not acted: it starts afresh.
            if (_phase == PhaseRecording) _phase = PhaseFresh;
            else if (_recipe != null && _phase != PhaseFresh) _phase = PhaseResume;
            _lastMs = -1;
        }

        /// <summary>Abort or stop: pumps and heater off.</summary>
        public void Halt()
        {
            _dosing.Stop();
            _hot.Stop();
            _lastMs = -1;
        }

        /// <summary>Operator confirmation of the prompt at <paramref name="stepIndex"/>; null or a reason.</summary>
        public string Confirm(int stepIndex)
        {
            if (_recipe == null) return "no batch is loaded";
            if (stepIndex != _step) return "step " + stepIndex + " is not the current step (" + _step + ")";
            if (CurrentKind != StepKind.Prompt) return "step " + stepIndex + " is not a prompt";
            if (_confirmed) return "step " + stepIndex + " is already confirmed";
            _confirmed = true;
            return null;
        }

        public ExecutorStatus Tick(long nowMs)
        {
            if (_recipe == null || _step >= _recipe.Steps.Length) return ExecutorStatus.Finished;
            long dt = _lastMs < 0 ? 0 : nowMs - _lastMs;
            _lastMs = nowMs;

            RecipeStep step = _recipe.Steps[_step];
            if (_phase == PhaseFresh)
            {
                // Record first, act after: the step's start (and the mass it starts from) goes to flash.
                StepStartNetGrams = _dosing.NetGrams;
                _phase = PhaseRecording;
                _events.StepStarted(_step);
                return ExecutorStatus.Running;
            }
            if (_phase == PhaseRecording)
            {
                RecordStatus recorded = _events.StepRecord(_step);
                if (recorded == RecordStatus.Pending) return ExecutorStatus.Running;
                if (recorded == RecordStatus.Stored) recorded = _events.PendingWrites;
                if (recorded == RecordStatus.Pending) return ExecutorStatus.Running;
                if (recorded == RecordStatus.Failed)
                {
                    ExecutorStatus failed = Fail("record-not-stored", "the step's start could not be written to flash");
                    _phase = PhaseFresh; // unhold records the start again
                    return failed;
                }
                BeginStep(step);
                return ExecutorStatus.Running;
            }
            if (_phase == PhaseResume)
            {
                return ResumeStep(step);
            }
            if (_phase == PhaseSettleBeforeResume)
            {
                _elapsedMs += dt;
                // The hold's record may still be going to flash: the pump waits for it (no write during a pump run).
                RecordStatus writes = _events.PendingWrites;
                if (writes == RecordStatus.Pending) return ExecutorStatus.Running;
                if (writes == RecordStatus.Failed) return Fail("record-not-stored", "a record write did not finish; the dose waits for it");
                if (_dosing.IsStable) return TopUpDose(step);
                if (_elapsedMs > SecondsToMs(_config.DefaultStableTimeoutS)) return Fail("scale-unstable", "scale did not settle before the dose could resume");
                return ExecutorStatus.Running;
            }

            _elapsedMs += dt;
            switch (CurrentKind)
            {
                case StepKind.Tare:
                    if (_dosing.TareDone) return CompleteStep();
                    if (_elapsedMs > StableTimeoutMs(step)) return Fail("tare-timeout", "scale did not settle for the tare");
                    return ExecutorStatus.Running;
                case StepKind.WaitStable:
                    _stableMs = _dosing.IsStable ? _stableMs + dt : 0;
                    if (_dosing.IsStable && _stableMs >= RequiredStableMs(step)) return CompleteStep();
                    if (_elapsedMs > StableTimeoutMs(step)) return Fail("stable-timeout", "scale did not settle");
                    return ExecutorStatus.Running;
                case StepKind.Mix:
                    return _elapsedMs >= SecondsToMs(step.DurationS) ? CompleteStep() : ExecutorStatus.Running;
                case StepKind.Prompt:
                    return _confirmed ? CompleteStep() : ExecutorStatus.Running;
                case StepKind.Dose:
                    return TickDose(step);
                case StepKind.Bake:
                    return TickBake(step);
                default:
                    return Fail("bad-step", "unknown step kind");
            }
        }

        private void BeginStep(RecipeStep step)
        {
            _phase = PhaseRunning;
            _elapsedMs = 0;
            _stableMs = 0;
            _confirmed = false;
            switch (CurrentKind)
            {
                case StepKind.Tare:
                    _dosing.BeginTare();
                    break;
                case StepKind.Dose:
                    _gramsBeforeRun = 0;
                    _doseMsBeforeRun = 0;
                    StepGrams[_step] = 0;
                    _dosing.StartDose(step.Channel, step.TargetGrams, step.ToleranceGrams, step.TimeoutS);
                    break;
                case StepKind.Bake:
                    StartBake(step);
                    break;
                case StepKind.Prompt:
                    _events.Prompt(_step, step.PromptText);
                    break;
            }
        }

        private ExecutorStatus ResumeStep(RecipeStep step)
        {
            _phase = PhaseRunning;
            switch (CurrentKind)
            {
                case StepKind.Tare:
                    _elapsedMs = 0;
                    _dosing.BeginTare();
                    break;
                case StepKind.WaitStable:
                    _elapsedMs = 0;
                    _stableMs = 0;
                    break;
                case StepKind.Dose:
                    _elapsedMs = 0;
                    _phase = PhaseSettleBeforeResume;
                    break;
                case StepKind.Bake:
                    if (_hot.FaultCode != null && !_hot.ResetFault())
                    {
                        return Fail(_hot.FaultCode, "hotplate fault persists");
                    }
                    if (!_hot.IsRunning && !_hot.IsComplete) StartBake(step);
                    break;
                case StepKind.Prompt:
                    _confirmed = false;
                    _events.Prompt(_step, step.PromptText);
                    break;
            }
            return ExecutorStatus.Running;
        }

        // Resuming a dose: what is in the bottle now (by the scale) counts; only the rest is dosed.
        private ExecutorStatus TopUpDose(RecipeStep step)
        {
            _phase = PhaseRunning;
            double already = _dosing.NetGrams - StepStartNetGrams;
            if (already < -step.ToleranceGrams)
            {
                // Lighter than when the step began: another bottle, or a spill. Never dose blind.
                return Fail("bottle-changed", "bottle is lighter than when the step began; check the bottle, then unhold or abort");
            }
            _gramsBeforeRun = already;
            _doseMsBeforeRun += _dosing.DoseDurationMs;
            StepGrams[_step] = already;
            double remaining = step.TargetGrams - already;
            if (remaining <= step.ToleranceGrams)
            {
                return FinishDose(step, already, _doseMsBeforeRun, Num.Abs(already - step.TargetGrams) <= step.ToleranceGrams, "overfill");
            }
            _dosing.StartDose(step.Channel, remaining, step.ToleranceGrams, step.TimeoutS);
            return ExecutorStatus.Running;
        }

        private ExecutorStatus TickDose(RecipeStep step)
        {
            StepGrams[_step] = _gramsBeforeRun + _dosing.DoseActualGrams;
            if (!_dosing.DoseFinished) return ExecutorStatus.Running;
            double actual = _gramsBeforeRun + _dosing.DoseActualGrams;
            bool inTolerance = Num.Abs(actual - step.TargetGrams) <= step.ToleranceGrams;
            return FinishDose(step, actual, _doseMsBeforeRun + _dosing.DoseDurationMs, _dosing.DoseSucceeded && inTolerance, _dosing.FaultCode);
        }

        private ExecutorStatus FinishDose(RecipeStep step, double actual, long durationMs, bool success, string faultCode)
        {
            StepGrams[_step] = actual;
            _events.DoseResult(_step, step.Channel, step.TargetGrams, actual, durationMs, success);
            if (success) return CompleteStep();
            return Fail(faultCode != null ? faultCode : "dose-out-of-tolerance", "dose ended outside its tolerance");
        }

        private ExecutorStatus TickBake(RecipeStep step)
        {
            int done = _hot.SegmentsCompleted;
            while (_segmentsReported < done && _segmentsReported < step.Bake.Length)
            {
                _events.BakeSegmentDone(_step, _segmentsReported, step.Bake[_segmentsReported].SetpointC,
                    _hot.SecondsOutsideBand(_segmentsReported));
                _segmentsReported++;
            }
            if (_hot.FaultCode != null) return Fail(_hot.FaultCode, "hotplate fault during bake");
            if (_hot.IsComplete) return CompleteStep();
            if (!_hot.IsRunning) return Fail("bake-stopped", "bake program stopped before its end");
            return ExecutorStatus.Running;
        }

        private void StartBake(RecipeStep step)
        {
            int n = step.Bake.Length;
            for (int i = 0; i < n; i++)
            {
                _setpoints[i] = step.Bake[i].SetpointC;
                _ramps[i] = step.Bake[i].RampCPerMin;
                _holds[i] = step.Bake[i].HoldS;
                _bands[i] = step.Bake[i].BandC;
            }
            _segmentsReported = 0;
            _hot.StartProgram(_setpoints, _ramps, _holds, _bands, n);
        }

        private ExecutorStatus CompleteStep()
        {
            int finished = _step;
            _step++;
            // The next step begins from the mass in the bottle now; a reboot before it starts resumes from here.
            StepStartNetGrams = _dosing.NetGrams;
            _phase = PhaseFresh;
            _elapsedMs = 0;
            _events.StepCompleted(finished);
            return _step >= _recipe.Steps.Length ? ExecutorStatus.Finished : ExecutorStatus.Running;
        }

        private ExecutorStatus Fail(string code, string message)
        {
            _dosing.Stop();
            _phase = PhaseResume;
            _events.StepFailed(_step, code, message);
            return ExecutorStatus.Failed;
        }

        private static long RequiredStableMs(RecipeStep step)
        {
            return step.DurationS > 0 ? SecondsToMs(step.DurationS) : 0;
        }

        private long StableTimeoutMs(RecipeStep step)
        {
            return SecondsToMs(step.TimeoutS > 0 ? step.TimeoutS : _config.DefaultStableTimeoutS);
        }

        private static long SecondsToMs(double seconds)
        {
            return (long)(seconds * 1000 + 0.5);
        }
    }
}
