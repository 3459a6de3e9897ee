using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Util;
using DispenseStation.Protocol.Bake;

namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>
    /// One bake job on the station: a wafer-timed profile run on N wafers, one after another.
    /// Per wafer: the plate settles in band for StableS -> "place wafer" -> wafer-down, from the
    /// plate's temperature signature, the optional wafer-present input or the operator's button,
    /// whichever comes first (the source is recorded) -> time on plate counts from the landing ->
    /// "remove wafer" when it is up -> removal (the input or the button) closes the wafer's record:
    /// late removal is an overbake, early removal a short bake. No wafer-down within PlaceTimeoutS
    /// gives a down-timeout prompt; nothing is timed until a wafer-down arrives.
    /// A signature wafer-down is provisional when the plate can tell the heater's power and its heat
    /// capacity: time on plate counts from its landing at once, and the detector's energy balance then
    /// confirms it or withdraws it (a draught, the lid). A withdrawn one is rolled back (the plate's
    /// time on plate and drop feed-forward cleared, nothing recorded for the wafer), reported as
    /// down-withdrawn and counted, and the job waits for the wafer again under the same place prompt
    /// (the down-timeout still counts from it). The wafer-present input or the operator's button
    /// during the wait confirms it. After a withdrawal the operator may say the wafer was already down:
    /// the wafer-down is then back-dated to the withdrawn landing (source operator-backdated), if that
    /// landing is no older than MaxBackdateS at the press.
    /// Ticked by the station in Execute; <see cref="Load"/> allocates (once per job), a tick does not.
    /// </summary>
    public sealed class BakeJob
    {
        public const double DefaultWaferC = 22;
        public const double DefaultStableS = 10;
        public const double DefaultPlaceTimeoutS = 120;
        public const double DefaultRemoveGraceS = 3;
        public const double DefaultWaferTauS = 4.1;
        public const double DefaultMaxBackdateS = 30;

        private readonly IWaferBakePlate _plate;
        private readonly IBakeJobEvents _events;
        private readonly IDigitalInput _waferPresent;
        private readonly WaferDownDetector _detector;
        private readonly WaferBakeRecorder _recorder = new WaferBakeRecorder();
        private readonly double[] _setpoint;
        private readonly double[] _hold;
        private readonly double[] _band;
        private int _segments;

        private string _jobId;
        private int _wafers, _wafer, _done;
        private double _waferC, _heatCapacity, _tauS, _stableS, _placeTimeoutS, _graceS, _plannedS, _idealDose, _maxBackdateS;
        private WaferPhase _phase;
        private long _phaseSinceMs, _inBandSinceMs, _timeUpAtMs;
        private bool _inBand, _timedOut, _downPending;
        private long _placeSinceMs;
        private int _withdrawn, _jobWithdrawn;

        public BakeJob(IWaferBakePlate plate, IBakeJobEvents events, IDigitalInput waferPresent, WaferDownSettings detection)
            : this(plate, events, waferPresent, detection, BakeProgramLimits.MaxSegments)
        {
        }

        /// <param name="maxSegments">Most segments a job may have, 1..<see cref="BakeProgramLimits.MaxSegments"/>:
        /// the station's own limit (the job's arrays are this long).</param>
        public BakeJob(IWaferBakePlate plate, IBakeJobEvents events, IDigitalInput waferPresent, WaferDownSettings detection, int maxSegments)
        {
            if (maxSegments < 1 || maxSegments > BakeProgramLimits.MaxSegments) throw new System.ArgumentOutOfRangeException("maxSegments");
            _setpoint = new double[maxSegments];
            _hold = new double[maxSegments];
            _band = new double[maxSegments];
            if (plate == null) throw new System.ArgumentNullException("plate");
            if (events == null) throw new System.ArgumentNullException("events");
            _plate = plate;
            _events = events;
            _waferPresent = waferPresent;
            _detector = new WaferDownDetector(detection == null ? new WaferDownSettings() : detection);
        }

        public string JobId { get { return _jobId; } }
        public WaferPhase Phase { get { return _phase; } }
        /// <summary>The current wafer, 0-based.</summary>
        public int Wafer { get { return _wafer; } }
        public int WaferCount { get { return _wafers; } }
        public int WafersDone { get { return _done; } }
        public bool DownTimedOut { get { return _timedOut; } }
        /// <summary>The current wafer's signature wafer-down is provisional (the balance has not confirmed it yet).</summary>
        public bool DownPending { get { return _downPending; } }
        /// <summary>Provisional wafer-downs withdrawn for the current wafer, and in the whole job.</summary>
        public int WithdrawnDowns { get { return _withdrawn; } }
        public int JobWithdrawnDowns { get { return _jobWithdrawn; } }
        public double SetpointC { get { return _setpoint[0]; } }
        public double PlannedS { get { return _plannedS; } }
        public double IdealDoseCs { get { return _idealDose; } }
        public WaferDownDetector Detector { get { return _detector; } }
        public WaferBakeRecorder Recorder { get { return _recorder; } }

        /// <summary>The last wafer-down: its source, estimated landing and confirmation lag.</summary>
        public string LastSource { get; private set; }
        public long LastLandingMs { get; private set; }
        public double LastDetectLagS { get; private set; }
        /// <summary>The last finished wafer's record.</summary>
        public double LastTimeOnPlateS { get; private set; }
        public string LastRemoval { get; private set; }
        public double LastDipC { get; private set; }
        public double LastRecoverS { get; private set; }
        public double LastDoseCs { get; private set; }

        /// <summary>Checks the job against <paramref name="maxSetpointC"/> and starts the plate. Null when
        /// started, else the field and the rule (nothing changed).</summary>
        public string Load(BakeJobSpec spec, double maxSetpointC, long nowMs)
        {
            if (spec == null) return "job: required";
            if (spec.Segments == null || spec.Segments.Length == 0) return "job.segments: required 1 to " + _setpoint.Length.ToString() + " segments";
            if (spec.Segments.Length > _setpoint.Length) return "job.segments: at most " + _setpoint.Length.ToString() + " segments";
            for (int i = 0; i < spec.Segments.Length; i++)
            {
                if (spec.Segments[i].SetpointC > maxSetpointC)
                    return "job.segments[" + i.ToString() + "].setpointC: " + spec.Segments[i].SetpointC.ToString("F1") + " °C is above this plate's limit " + maxSetpointC.ToString("F1") + " °C";
            }
            int n = spec.Segments.Length;
            double[] setpoint = new double[n], hold = new double[n], band = new double[n];
            for (int i = 0; i < n; i++)
            {
                setpoint[i] = spec.Segments[i].SetpointC;
                hold[i] = spec.Segments[i].HoldS;
                band[i] = spec.Segments[i].BandC;
            }
            string problem = _plate.StartWaferProgram(setpoint, hold, band, n);
            if (problem != null) return problem;
            _plannedS = 0;
            _idealDose = 0;
            for (int i = 0; i < n; i++)
            {
                _setpoint[i] = setpoint[i];
                _hold[i] = hold[i];
                _band[i] = band[i];
                _plannedS += hold[i];
                _idealDose += setpoint[i] * hold[i];
            }
            _segments = n;
            _jobId = spec.JobId;
            _wafers = spec.Wafers;
            _waferC = Or(spec.WaferC, DefaultWaferC);
            _heatCapacity = spec.WaferHeatCapacityJPerK;
            _tauS = Or(spec.WaferTauS, DefaultWaferTauS);
            _stableS = Or(spec.StableS, DefaultStableS);
            _placeTimeoutS = Or(spec.PlaceTimeoutS, DefaultPlaceTimeoutS);
            _graceS = Or(spec.RemoveGraceS, DefaultRemoveGraceS);
            _maxBackdateS = Or(spec.MaxBackdateS, DefaultMaxBackdateS);
            _wafer = 0;
            _done = 0;
            _detector.Reset();
            // The balance expects the profile's wafer (heat capacity, temperature, time constant) on this plate.
            _detector.Configure(_heatCapacity, _waferC, setpoint[0], _tauS, _plate.PlateHeatCapacityJPerK, _plate.ElementLagS, _plate.ReadingLagS);
            _downPending = false;
            _withdrawn = 0;
            _jobWithdrawn = 0;
            _recorder.Cancel();
            LastSource = null;
            LastRemoval = null;
            Enter(WaferPhase.Stabilising, nowMs);
            return null;
        }

        /// <summary>Forgets the job (after it finished or was ended).</summary>
        public void Unload()
        {
            _phase = WaferPhase.None;
            _jobId = null;
            _downPending = false;
            _detector.Disarm();
            _detector.Settle();
            _recorder.Cancel();
        }

        /// <summary>One pass; true once every wafer is done.</summary>
        public bool Tick(long nowMs)
        {
            // Bands, dips and doses are about the wafer setpoint: the plate reports its reading in the wafer's frame.
            double plateC = _plate.WaferFrameC;
            WaferDownSignal signal = _detector.Sample(nowMs, plateC, _plate.HeaterW);
            if (_downPending && (_phase == WaferPhase.Baking || _phase == WaferPhase.Removing))
            {
                if (signal == WaferDownSignal.Confirmed) _downPending = false;
                else if (signal == WaferDownSignal.Withdrawn)
                {
                    WithdrawDown(nowMs);
                    return false;
                }
                else if (_waferPresent != null && _waferPresent.IsActive) Settle();
            }
            switch (_phase)
            {
                case WaferPhase.Stabilising:
                    TickStabilising(nowMs, plateC);
                    break;
                case WaferPhase.Placing:
                    if (signal == WaferDownSignal.Provisional || signal == WaferDownSignal.Confirmed)
                    {
                        Down(WaferDownSources.Signature, _detector.EstimatedLandingMs, nowMs);
                        _downPending = _phase == WaferPhase.Baking && signal == WaferDownSignal.Provisional;
                        if (!_downPending) _detector.Settle();
                    }
                    else if (_waferPresent != null && _waferPresent.IsActive) Down(WaferDownSources.Input, nowMs, nowMs);
                    else if (!_timedOut && nowMs - _phaseSinceMs >= (long)(_placeTimeoutS * 1000))
                    {
                        _timedOut = true;
                        _events.WaferDownTimeout(_wafer);
                    }
                    break;
                case WaferPhase.Baking:
                    _recorder.Sample(nowMs, plateC, _plate.TargetC);
                    // While the signature is provisional an idle input says nothing (it may not be fitted under this wafer).
                    if (_waferPresent != null && !_waferPresent.IsActive && !_downPending) Removed(nowMs, plateC);
                    else if (_plate.TimeUp)
                    {
                        _timeUpAtMs = nowMs;
                        Enter(WaferPhase.Removing, nowMs);
                        _events.RemoveWafer(_wafer);
                    }
                    break;
                case WaferPhase.Removing:
                    _recorder.Sample(nowMs, plateC, _plate.TargetC);
                    if (_waferPresent != null && !_waferPresent.IsActive && !_downPending) Removed(nowMs, plateC);
                    break;
            }
            return _phase == WaferPhase.Finished;
        }

        /// <summary>The operator's wafer-down button for <paramref name="wafer"/>; with <paramref name="alreadyDown"/>
        /// the wafer was on the plate since the landing of the wafer-down the station withdrew last (back-dated to it).
        /// Null when applied, else why not.</summary>
        public string OperatorDown(int wafer, bool alreadyDown, long nowMs)
        {
            if (wafer != _wafer) return "wafer-down: wafer " + wafer.ToString() + " is not the current wafer (" + _wafer.ToString() + ")";
            if (_downPending && (_phase == WaferPhase.Baking || _phase == WaferPhase.Removing))
            {
                // The operator confirms the provisional signature: its landing stands, nothing is withdrawn.
                Settle();
                return null;
            }
            if (_phase != WaferPhase.Placing) return "wafer-down: wafer " + wafer.ToString() + " is not waiting to be placed (" + PhaseName(_phase) + ")";
            if (!alreadyDown)
            {
                Down(WaferDownSources.Operator, nowMs, nowMs);
                return null;
            }
            // A withdrawal leaves its landing in LastLandingMs and no source; the wafer's withdrawals count from its place prompt.
            if (_withdrawn == 0 || LastSource != null)
                return "wafer-down: wafer " + wafer.ToString() + " has no withdrawn wafer-down to back-date to; press wafer-down without already-down to time it from now";
            long ageMs = nowMs - LastLandingMs;
            if (ageMs > (long)(_maxBackdateS * 1000))
                return "wafer-down: wafer " + wafer.ToString() + "'s withdrawn wafer-down landed " + (ageMs / 1000.0).ToString("F1") + " s ago, more than the profile's maxBackdateS "
                    + _maxBackdateS.ToString("F1") + " s; press wafer-down without already-down to time it from now";
            Down(WaferDownSources.OperatorBackdated, LastLandingMs, nowMs);
            return null;
        }

        /// <summary>The operator's wafer-removed button. Null when applied, else why not.</summary>
        public string OperatorRemoved(int wafer, long nowMs)
        {
            double plateC = _plate.WaferFrameC;
            if (wafer != _wafer) return "wafer-removed: wafer " + wafer.ToString() + " is not the current wafer (" + _wafer.ToString() + ")";
            if (_phase != WaferPhase.Baking && _phase != WaferPhase.Removing) return "wafer-removed: wafer " + wafer.ToString() + " is not on the plate (" + PhaseName(_phase) + ")";
            Removed(nowMs, plateC);
            return null;
        }

        public static string PhaseName(WaferPhase phase)
        {
            switch (phase)
            {
                case WaferPhase.Stabilising: return "stabilising";
                case WaferPhase.Placing: return WaferPhases.Place;
                case WaferPhase.Baking: return "baking";
                case WaferPhase.Removing: return WaferPhases.Remove;
                case WaferPhase.Finished: return "finished";
                default: return "no job";
            }
        }

        private void TickStabilising(long nowMs, double plateC)
        {
            bool inBand = Num.IsFinite(plateC) && Num.Abs(plateC - _setpoint[0]) <= _band[0];
            if (!inBand)
            {
                _inBand = false;
                return;
            }
            if (!_inBand)
            {
                _inBand = true;
                _inBandSinceMs = nowMs;
            }
            if (nowMs - _inBandSinceMs < (long)(_stableS * 1000)) return;
            Enter(WaferPhase.Placing, nowMs);
            _placeSinceMs = nowMs;
            _timedOut = false;
            _withdrawn = 0;
            _detector.Arm();
            _events.PlaceWafer(_wafer);
        }

        private void Down(string source, long landingMs, long nowMs)
        {
            _detector.Disarm();
            if (landingMs > nowMs) landingMs = nowMs;
            double already = (nowMs - landingMs) / 1000.0;

            if (!_plate.MarkWaferDown(already, _heatCapacity, _waferC)) return;
            // A landing before now (the signature's, or a back-dated one) replays the readings the detector holds since.
            _recorder.Begin(landingMs, _setpoint[0], _waferC, _tauS, landingMs < nowMs ? _detector : null);
            LastSource = source;
            LastLandingMs = landingMs;
            LastDetectLagS = already;
            Enter(WaferPhase.Baking, nowMs);
            _events.WaferDown(_wafer, source, landingMs, already);
        }

        // The energy balance stands by the provisional signature; nothing more to wait for.
        private void Settle()
        {
            _downPending = false;
            _detector.Settle();
        }

        // The provisional signature was not a wafer: roll back what its wafer-down started, report it, wait again.
        private void WithdrawDown(long nowMs)
        {
            _downPending = false;
            _recorder.Cancel();
            _plate.RearmForNextWafer();
            _withdrawn++;
            _jobWithdrawn++;
            long landingMs = LastLandingMs;
            string why = WaferDownDetector.WithdrawReasonText(_detector.LastWithdrawReason);
            LastSource = null;
            Enter(WaferPhase.Placing, _placeSinceMs);
            _detector.Arm();
            _events.WaferDownWithdrawn(_wafer, landingMs, why);
        }

        private void Removed(long nowMs, double plateC)
        {
            if (_downPending) Settle();
            bool timeUp = _phase == WaferPhase.Removing;
            double onPlate = _recorder.Finish(nowMs, plateC);
            LastTimeOnPlateS = onPlate;
            LastDipC = _recorder.DipC;
            LastRecoverS = _recorder.RecoverS;
            LastDoseCs = _recorder.DoseCs;
            if (!timeUp) LastRemoval = WaferRemovals.Short;
            else LastRemoval = nowMs - _timeUpAtMs > (long)(_graceS * 1000) ? WaferRemovals.Overbake : WaferRemovals.OnTime;
            _done++;
            _events.WaferDone(_wafer);
            _plate.RearmForNextWafer();
            if (_done >= _wafers)
            {
                Enter(WaferPhase.Finished, nowMs);
                return;
            }
            _wafer++;
            _inBand = false;
            Enter(WaferPhase.Stabilising, nowMs);
        }

        private void Enter(WaferPhase phase, long nowMs)
        {
            _phase = phase;
            _phaseSinceMs = nowMs;
        }

        private static double Or(double value, double fallback)
        {
            return Num.IsFinite(value) ? value : fallback;
        }
    }
}
