using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Scale;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// The industrial peer: a two-speed batching controller as weighing indicators document it
/// (Rice Lake 920i set points with coarse/fine feed and auto-preact, Mettler Toledo IND690 and
/// Siemens SIWAREX dosing with coarse/fine cut-off and in-flight correction). Written from those
/// public descriptions, not from their code:
/// coarse feed at full speed until net = target - fine amount - coarse preact; fine (dribble) feed
/// until net = target - fine preact; wait for a stable weight; jog (fixed timed pulses at fine speed) while
/// under tolerance; out of tolerance high is an alarm. The preact is learned per channel as the
/// mean overrun (stable weight minus weight at cut-off) of the last <see cref="PreactDoses"/>
/// doses, as auto-preact does; the coarse set point learns its own preact the same way (the
/// 920i learns a preact per fill set point): the weight that kept arriving after the coarse cut
/// beyond the fine flow, measured once the flow has dropped to the fine rate. Stable is judged the OIML R76 way: the reading stays within a
/// motion band for a whole period.
/// Tuned as a commissioning technician would: fine speed = the project's dribble speed, fine
/// amount = 2 s of fine flow plus 1.5 readings of coarse flow, initial preacts from the same
/// commissioning as the project's doser (the timed drain after stop: fine preact = the project's
/// initial in-flight guess, coarse preact = that drain time, at least 0.5 s, of coarse flow),
/// jog = 0.3 s, motion band = 3 d or 3 sigma of the scale over 1 s.
/// </summary>
public sealed class TwoSpeedBatchController : IDoseController
{
    public const int PreactDoses = 4;
    private const double JogS = 0.3;
    private const int MaxJogs = 6;
    private const double StablePeriodS = 1.0;
    private const double SettleDelayS = 0.8;

    private readonly WeighScale _scale;
    private readonly IPumpOutput[] _pumps;
    private readonly IPumpPower? _power;
    private readonly IClock _clock;
    private readonly double[] _fineSpeed, _coarseFlow, _fineFlow;
    private readonly Queue<double>[] _overruns;
    private readonly double[] _preact;
    private readonly Queue<double>[] _coarseOverruns;
    private readonly double[] _coarsePreact;
    private double _coarseCut;
    private readonly double _band;
    private readonly Queue<(long ms, double g)> _motion = new();
    private enum Step { Idle, WaitStable, Coarse, CoarseTail, Fine, Settle, Jog }
    private Step _step;
    private int _ch, _jogs;
    private double _target, _tol, _start, _cutoff;
    private long _startMs, _timeoutMs, _stepMs;
    private bool _learned;

    public TwoSpeedBatchController(WeighScale scale, IPumpOutput[] pumps, Firmware.Dosing.DoseChannelSettings[] channels, IClock clock, IPumpPower? power, double readabilityGrams)
    {
        _scale = scale;
        _pumps = pumps;
        _power = power;
        _clock = clock;
        _fineSpeed = channels.Select(c => c.DribbleSpeed).ToArray();
        _coarseFlow = channels.Select(c => c.FastFlowGramsPerS).ToArray();
        _fineFlow = channels.Select(c => c.DribbleFlowGramsPerS).ToArray();
        // Same commissioning as the project's doser: the first preacts come from the timed drain.
        _preact = channels.Select(c => c.InitialInFlightGrams).ToArray();
        _overruns = channels.Select(_ => new Queue<double>()).ToArray();
        _coarseOverruns = channels.Select(_ => new Queue<double>()).ToArray();
        _coarsePreact = channels.Select(c => c.FastFlowGramsPerS * Math.Max(0.5, c.InitialInFlightGrams / c.DribbleFlowGramsPerS)).ToArray();
        _band = Math.Max(3 * readabilityGrams, 3 * scale.RepeatabilityGrams);
        _power?.SetEnabled(false);
    }

    public string Name => "two-speed peer";
    public bool IsRunning => _step != Step.Idle;
    public bool Succeeded { get; private set; }
    public string Fault { get; private set; } = "None";
    public double MeasuredGrams { get; private set; }
    public string Phases { get; private set; } = "";
    public DoseStage Stage => _step switch
    {
        Step.WaitStable => DoseStage.Tare,
        Step.Coarse => DoseStage.Fast,
        Step.CoarseTail or Step.Fine => DoseStage.Slow,
        Step.Settle => _jogs == 0 ? DoseStage.Settle : DoseStage.TopUp,
        Step.Jog => DoseStage.TopUp,
        _ => DoseStage.Idle,
    };
    public double LiveDeliveredGrams => IsRunning && _step != Step.WaitStable ? _scale.NetGrams - _start : MeasuredGrams;

    public void Start(int channel, double targetGrams, double toleranceGrams, double timeoutS)
    {
        _ch = channel;
        _target = targetGrams;
        _tol = toleranceGrams;
        _startMs = _clock.UptimeMs;
        _timeoutMs = (long)(timeoutS * 1000);
        _jogs = 0;
        _learned = false;
        Succeeded = false;
        Fault = "None";
        Phases = "";
        _scale.ZeroTrackingEnabled = false;
        _motion.Clear();
        _power?.SetEnabled(true);
        Enter(Step.WaitStable);
    }

    public void Tick()
    {
        bool fresh = _scale.Update();
        if (_step == Step.Idle) return;
        long now = _clock.UptimeMs;
        if (now - _startMs > _timeoutMs) { End(false, "Timeout"); return; }
        if (fresh)
        {
            _motion.Enqueue((now, _scale.LastNetGrams));
            while (_motion.Count > 0 && now - _motion.Peek().ms > StablePeriodS * 1000) _motion.Dequeue();
        }
        double net = _scale.NetGrams - _start;
        switch (_step)
        {
            case Step.WaitStable when Stable(now):
                _start = _motion.Average(m => m.g);
                Enter(_target > CoarseCut() + 0.5 * _coarseFlow[_ch] ? Step.Coarse : Step.Fine);
                break;
            case Step.Coarse when net >= CoarseCut():
                _coarseCut = net;
                Enter(Step.CoarseTail);
                break;
            case Step.CoarseTail when _scale.RateGramsPerS <= 1.5 * _fineFlow[_ch] || now - _stepMs >= 5000:
                double overrun = net - _coarseCut - _fineFlow[_ch] * (now - _stepMs) / 1000.0;
                var co = _coarseOverruns[_ch];
                co.Enqueue(Math.Max(0, overrun));
                while (co.Count > PreactDoses) co.Dequeue();
                _coarsePreact[_ch] = co.Average();
                if (net >= _target - _preact[_ch]) { _cutoff = net; Enter(Step.Settle); }
                else _step = Step.Fine;
                break;
            case Step.Fine when net >= _target - _preact[_ch]:
                _cutoff = net;
                Enter(Step.Settle);
                break;
            case Step.Jog when now - _stepMs >= JogS * 1000:
                Enter(Step.Settle);
                break;
            case Step.Settle when now - _stepMs >= SettleDelayS * 1000 && Stable(now):
                double actual = _motion.Average(m => m.g) - _start;
                if (!_learned)
                {
                    _learned = true;
                    var q = _overruns[_ch];
                    q.Enqueue(actual - _cutoff);
                    while (q.Count > PreactDoses) q.Dequeue();
                    _preact[_ch] = Math.Max(0, q.Average());
                }
                MeasuredGrams = actual;
                if (actual > _target + _tol) { End(false, "Overfill"); return; }
                if (actual >= _target - _tol) { End(true, "None"); return; }
                if (_jogs >= MaxJogs) { End(false, "UnderTolerance"); return; }
                _jogs++;
                Enter(Step.Jog);
                break;
        }
    }

    // Fine amount: 2 s of fine flow, plus one and a half readings of coarse flow, since the coarse
    // cut can only happen on a reading (a 10 Hz balance sees 0.8 g pass between readings at 8 g/s).
    private double CoarseCut() => _target - 2 * _fineFlow[_ch] - 1.5 * _coarseFlow[_ch] / _scale.SamplesPerSecond - _coarsePreact[_ch];

    private bool Stable(long now)
    {
        if (_motion.Count < 2 || now - _motion.Peek().ms < StablePeriodS * 1000 - 1000.0 / _scale.SamplesPerSecond) return false;
        double min = double.MaxValue, max = double.MinValue;
        foreach (var (_, g) in _motion) { min = Math.Min(min, g); max = Math.Max(max, g); }
        return max - min <= _band;
    }

    private void Enter(Step step)
    {
        _step = step;
        _stepMs = _clock.UptimeMs;
        if (step is Step.Coarse or Step.Fine or Step.Jog)
        {
            string name = step == Step.Coarse ? "coarse" : step == Step.Fine ? "fine" : "jog";
            if (!Phases.Contains(name)) Phases += (Phases.Length > 0 ? "+" : "") + name;
        }
        double speed = step switch { Step.Coarse => 1.0, Step.CoarseTail or Step.Fine or Step.Jog => _fineSpeed[_ch], _ => 0 };
        for (int i = 0; i < _pumps.Length; i++) _pumps[i].SetSpeed(i == _ch ? speed : 0);
        if (step == Step.Settle) _motion.Clear();
    }

    private void End(bool ok, string fault)
    {
        foreach (var p in _pumps) p.SetSpeed(0);
        _power?.SetEnabled(false);
        Succeeded = ok;
        Fault = fault;
        _step = Step.Idle;
    }
}
