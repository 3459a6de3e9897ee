using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Scale;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// Baseline: one pump speed, stop as soon as the filtered weight reaches target, then read the
/// stable weight. No phases, no in-flight compensation. With full speed it is the naive fast
/// doser; with a low speed, the slow and patient one. Same scale pipeline as the project.
/// </summary>
public sealed class SingleSpeedDoser : IDoseController
{
    private readonly WeighScale _scale;
    private readonly IPumpOutput[] _pumps;
    private readonly double[] _speeds;
    private readonly IClock _clock;
    private enum Step { Idle, WaitStart, Feeding, Settling }
    private Step _step;
    private int _channel;
    private double _target, _start;
    private long _startMs, _timeoutMs, _stopMs;
    private const long SettleDelayMs = 800;

    public SingleSpeedDoser(string name, WeighScale scale, IPumpOutput[] pumps, double[] speeds, IClock clock)
    {
        Name = name;
        _scale = scale;
        _pumps = pumps;
        _speeds = speeds;
        _clock = clock;
    }

    public string Name { get; }
    public bool IsRunning => _step != Step.Idle;
    public bool Succeeded { get; private set; }
    public string Fault { get; private set; } = "None";
    public double MeasuredGrams { get; private set; }
    public string Phases => "single speed";
    public DoseStage Stage => _step switch
    {
        Step.WaitStart => DoseStage.Tare,
        Step.Feeding => DoseStage.Fast,
        Step.Settling => DoseStage.Settle,
        _ => DoseStage.Idle,
    };
    public double LiveDeliveredGrams => _step is Step.Feeding or Step.Settling ? _scale.NetGrams - _start : MeasuredGrams;

    public void Start(int channel, double targetGrams, double toleranceGrams, double timeoutS)
    {
        _channel = channel;
        _target = targetGrams;
        _startMs = _clock.UptimeMs;
        _timeoutMs = (long)(timeoutS * 1000);
        _scale.ZeroTrackingEnabled = false;
        Succeeded = false;
        Fault = "None";
        _step = Step.WaitStart;
    }

    public void Tick()
    {
        _scale.Update();
        if (_step == Step.Idle) return;
        if (_clock.UptimeMs - _startMs > _timeoutMs) { End(false, "Timeout"); return; }
        switch (_step)
        {
            case Step.WaitStart when _scale.IsStable:
                _start = _scale.StableNetGrams;
                _pumps[_channel].SetSpeed(_speeds[_channel]);
                _step = Step.Feeding;
                break;
            case Step.Feeding when _scale.NetGrams - _start >= _target:
                _pumps[_channel].SetSpeed(0);
                _stopMs = _clock.UptimeMs;
                _step = Step.Settling;
                break;
            case Step.Settling when _clock.UptimeMs - _stopMs >= SettleDelayMs && _scale.IsStable:
                MeasuredGrams = _scale.StableNetGrams - _start;
                End(true, "None");
                break;
        }
    }

    private void End(bool ok, string fault)
    {
        foreach (var p in _pumps) p.SetSpeed(0);
        Succeeded = ok;
        Fault = fault;
        _step = Step.Idle;
    }
}
