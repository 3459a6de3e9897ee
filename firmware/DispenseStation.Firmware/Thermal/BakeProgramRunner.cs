using System;
using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Thermal
{
    /// <summary>
    /// Runs a multi-step bake program: produces the setpoint (and its rate, for feed-forward) and
    /// counts hold time only while the plate is inside the step's band, reporting time spent
    /// outside after the band was first reached. Copies the program into fixed arrays: no
    /// allocation while running.
    /// A wafer-timed program (<see cref="EnableWaferTiming"/>, for bake jobs) counts time on the
    /// plate instead, as track systems do: it holds the first segment's setpoint while it waits for
    /// a wafer, counts every segment's hold on the clock from <see cref="MarkWaferDown"/> (in band
    /// or not: a cold wafer dips the plate, and that dip is part of every wafer's bake), then keeps
    /// the last setpoint with <see cref="TimeUp"/> set until <see cref="RearmForNextWafer"/>. It
    /// never completes by itself; the bake job ends it with Abort.
    /// </summary>
    public sealed class BakeProgramRunner
    {
        public const int MaxSegments = 16;

        private readonly int[] _kind = new int[MaxSegments];
        private readonly double[] _target = new double[MaxSegments];
        private readonly double[] _rate = new double[MaxSegments];
        private readonly double[] _hold = new double[MaxSegments];
        private readonly double[] _band = new double[MaxSegments];
        private readonly double[] _outside = new double[MaxSegments];
        private readonly double[] _held = new double[MaxSegments];
        private int _count;
        private int _index;
        private BakeProgramStatus _status;
        private double _setpoint, _setpointRate;
        private bool _bandReached;
        private double _holdDutyIntegral, _holdInBandS;
        private bool _holdCompleted;
        private double _completedHoldTargetC, _completedHoldMeanDuty;
        private bool _waferTimed, _waferOn, _timeUp;
        private double _onPlateS;

        public BakeProgramStatus Status { get { return _status; } }
        public int SegmentCount { get { return _count; } }
        /// <summary>Index of the running segment (equals SegmentCount once completed).</summary>
        public int SegmentIndex { get { return _index; } }
        public BakeSegmentKind CurrentKind { get { return (BakeSegmentKind)_kind[_index < _count ? _index : _count - 1]; } }
        public double Setpoint { get { return _setpoint; } }
        /// <summary>Target of the running segment, °C (where a ramp ends; NaN when not running).</summary>
        public double SegmentTargetC { get { return _status == BakeProgramStatus.Running && _index < _count ? _target[_index] : double.NaN; } }
        /// <summary>How fast the setpoint is moving now, °C/s (for ramp feed-forward).</summary>
        public double SetpointRateCPerS { get { return _setpointRate; } }
        /// <summary>False during a Cool step: the heater stays off.</summary>
        public bool HeaterEnabled { get { return _status == BakeProgramStatus.Running && CurrentKind != BakeSegmentKind.Cool; } }
        /// <summary>True once the current Hold step has seen the plate inside its band.</summary>
        public bool HoldBandReached { get { return _bandReached; } }
        /// <summary>Time counted toward the current segment's hold, s.</summary>
        public double CurrentHeldS { get { return _index < _count ? _held[_index] : 0; } }

        /// <summary>Loaded with <see cref="EnableWaferTiming"/>: holds count time on plate from wafer-down.</summary>
        public bool WaferTimed { get { return _waferTimed; } }
        /// <summary>Wafer-timed: a wafer is on the plate and its time is counting (or up).</summary>
        public bool WaferOnPlate { get { return _waferOn; } }
        /// <summary>Wafer-timed: the wafer's planned time on plate has passed.</summary>
        public bool TimeUp { get { return _timeUp; } }
        /// <summary>Wafer-timed: time since wafer-down, s (keeps counting after TimeUp until rearmed).</summary>
        public double TimeOnPlateS { get { return _onPlateS; } }

        /// <summary>Planned time on plate of a wafer-timed program: the holds added up, s.</summary>
        public double PlannedTimeOnPlateS
        {
            get
            {
                double sum = 0;
                for (int i = 0; i < _count; i++) sum += _hold[i];
                return sum;
            }
        }

        /// <summary>
        /// Makes the loaded program wafer-timed (see the class summary). Only Hold segments: a wafer
        /// job's profile is setpoints and times on plate. Throws, changing nothing, when not loaded,
        /// running, or when a segment is not a Hold.
        /// </summary>
        public void EnableWaferTiming()
        {
            if (_status != BakeProgramStatus.Loaded) throw new InvalidOperationException("program: load a program before making it wafer-timed");
            for (int i = 0; i < _count; i++)
            {
                if ((BakeSegmentKind)_kind[i] != BakeSegmentKind.Hold)
                    throw new ArgumentException("segments[" + i.ToString() + "].Kind must be Hold in a wafer-timed program");
            }
            _waferTimed = true;
        }

        /// <summary>
        /// Wafer-timed: the wafer landed <paramref name="alreadyOnPlateS"/> ago (detection comes after
        /// the landing; that time is on the plate too). False, changing nothing, when not running
        /// wafer-timed or a wafer is already on.
        /// </summary>
        public bool MarkWaferDown(double alreadyOnPlateS)
        {
            if (_status != BakeProgramStatus.Running || !_waferTimed || _waferOn) return false;
            if (!(alreadyOnPlateS >= 0)) alreadyOnPlateS = 0;
            _waferOn = true;
            _timeUp = false;
            _onPlateS = 0;
            EnterSegment(0);
            AdvanceOnPlate(alreadyOnPlateS, double.NaN);
            return true;
        }

        /// <summary>Wafer-timed: the wafer is off; back to the first setpoint to wait for the next one.</summary>
        public void RearmForNextWafer()
        {
            if (!_waferTimed) return;
            _waferOn = false;
            _timeUp = false;
            _onPlateS = 0;
            for (int i = 0; i < MaxSegments; i++) { _outside[i] = 0; _held[i] = 0; }
            if (_status == BakeProgramStatus.Running) EnterSegment(0);
        }

        /// <summary>Time a Hold segment spent outside its band after first reaching it, s.</summary>
        public double OutsideBandS(int segment)
        {
            return segment >= 0 && segment < _count ? _outside[segment] : 0;
        }

        public double TotalOutsideBandS
        {
            get
            {
                double sum = 0;
                for (int i = 0; i < _count; i++) sum += _outside[i];
                return sum;
            }
        }

        /// <summary>
        /// Validates every segment, then copies them in. Throws ArgumentException naming the segment,
        /// the field and the rule; on error the previous program stays as it was.
        /// </summary>
        public void Load(BakeSegment[] segments, double maxTargetC)
        {
            if (_status == BakeProgramStatus.Running) throw new InvalidOperationException("program: cannot load while a program runs; abort it first");
            _waferTimed = false;
            if (segments == null || segments.Length == 0 || segments.Length > MaxSegments)
                throw new ArgumentException("segments: a program has 1 to " + MaxSegments.ToString() + " segments");
            for (int i = 0; i < segments.Length; i++)
            {
                if (segments[i] == null) throw new ArgumentException("segments[" + i.ToString() + "]: missing");
                string error = segments[i].Validate(maxTargetC);
                if (error != null) throw new ArgumentException("segments[" + i.ToString() + "]." + error);
            }
            for (int i = 0; i < segments.Length; i++)
            {
                _kind[i] = (int)segments[i].Kind;
                _target[i] = segments[i].TargetC;
                _rate[i] = segments[i].RateCPerS;
                _hold[i] = segments[i].HoldS;
                _band[i] = segments[i].BandC;
            }
            _count = segments.Length;
            _status = BakeProgramStatus.Loaded;
            ClearProgress();
        }

        /// <summary>Starts from the plate's present temperature (ramps begin there).</summary>
        public void Start(double plateC)
        {
            if (_count == 0) throw new InvalidOperationException("program: no program loaded");
            if (_status == BakeProgramStatus.Running) throw new InvalidOperationException("program: already running");
            ClearProgress();
            _setpoint = plateC;
            _status = BakeProgramStatus.Running;
            EnterSegment(0);
        }

        public void Abort()
        {
            if (_status == BakeProgramStatus.Running) _status = BakeProgramStatus.Aborted;
            _setpointRate = 0;
        }

        /// <summary>Advances by <paramref name="dtS"/> given the plate temperature and the duty applied during the step.</summary>
        public void Tick(double dtS, double plateC, double appliedDuty)
        {
            if (_status != BakeProgramStatus.Running) return;
            if (_waferTimed)
            {
                if (_waferOn) AdvanceOnPlate(dtS, plateC);
                return;
            }
            int i = _index;
            switch ((BakeSegmentKind)_kind[i])
            {
                case BakeSegmentKind.Ramp:
                    AdvanceRamp(i, dtS);
                    if (_setpoint == _target[i] && Num.Abs(plateC - _target[i]) <= _band[i]) EnterSegment(i + 1);
                    break;
                case BakeSegmentKind.Hold:
                    if (Num.Abs(plateC - _target[i]) <= _band[i])
                    {
                        _bandReached = true;
                        _held[i] += dtS;
                        _holdDutyIntegral += appliedDuty * dtS;
                        _holdInBandS += dtS;
                    }
                    else if (_bandReached)
                    {
                        _outside[i] += dtS;
                    }
                    if (_held[i] >= _hold[i])
                    {
                        _holdCompleted = true;
                        _completedHoldTargetC = _target[i];
                        _completedHoldMeanDuty = _holdDutyIntegral / _holdInBandS;
                        EnterSegment(i + 1);
                    }
                    break;
                default:
                    if (plateC <= _target[i]) EnterSegment(i + 1);
                    break;
            }
        }

        /// <summary>True once per completed Hold, with its target and mean in-band duty (for feed-forward learning).</summary>
        public bool TakeCompletedHold(out double targetC, out double meanDuty)
        {
            targetC = _completedHoldTargetC;
            meanDuty = _completedHoldMeanDuty;
            bool was = _holdCompleted;
            _holdCompleted = false;
            return was;
        }

        // Time on plate runs on the clock; the band only decides what is reported as time outside it.
        private void AdvanceOnPlate(double dtS, double plateC)
        {
            _onPlateS += dtS;
            if (_timeUp) return;
            double left = dtS;
            while (left > 0 && _index < _count)
            {
                int i = _index;
                if (!double.IsNaN(plateC) && Num.Abs(plateC - _target[i]) > _band[i]) _outside[i] += left;
                double need = _hold[i] - _held[i];
                if (left < need)
                {
                    _held[i] += left;
                    return;
                }
                _held[i] = _hold[i];
                left -= need;
                if (i + 1 < _count) EnterSegment(i + 1);
                else
                {
                    _timeUp = true;
                    return;
                }
            }
        }

        private void AdvanceRamp(int i, double dtS)
        {
            double target = _target[i], rate = _rate[i];
            if (rate <= 0)
            {
                _setpoint = target;
                _setpointRate = 0;
                return;
            }
            double step = rate * dtS;
            if (Num.Abs(target - _setpoint) <= step)
            {
                _setpoint = target;
                _setpointRate = 0;
            }
            else
            {
                _setpoint += target > _setpoint ? step : -step;
                _setpointRate = target > _setpoint ? rate : -rate;
            }
        }

        private void EnterSegment(int i)
        {
            _index = i;
            _bandReached = false;
            _holdDutyIntegral = 0;
            _holdInBandS = 0;
            _setpointRate = 0;
            if (i >= _count)
            {
                _status = BakeProgramStatus.Completed;
                return;
            }
            if ((BakeSegmentKind)_kind[i] != BakeSegmentKind.Ramp) _setpoint = _target[i];
        }

        private void ClearProgress()
        {
            _waferOn = false;
            _timeUp = false;
            _onPlateS = 0;
            _index = 0;
            _bandReached = false;
            _holdCompleted = false;
            _setpointRate = 0;
            for (int i = 0; i < MaxSegments; i++) { _outside[i] = 0; _held[i] = 0; }
        }
    }
}
