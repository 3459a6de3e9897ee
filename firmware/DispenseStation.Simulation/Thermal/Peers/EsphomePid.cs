namespace DispenseStation.Simulation.Thermal.Peers;

/// <summary>
/// ESPHome's PID climate (esphome/components/pid, PIDController::update), from its public source's
/// behaviour, as configured for a heater with default options: updated on every sensor reading
/// (here every 1 s), P = kp e, integral += ki e dt clamped to [min_integral, max_integral] = [-1, 1],
/// D = kd de/dt with setpoint changes removed from the error, no averaging, no deadband; the heat
/// output is the sum clamped to [0, 1].
/// </summary>
public sealed class EsphomePid : IPeerController
{
    private readonly double _kp, _ki, _kd;
    private double _integral, _previousError, _previousSetpoint = double.NaN, _lastTime = double.NaN;

    public EsphomePid(double kp, double ki, double kd)
    {
        _kp = kp; _ki = ki; _kd = kd;
    }

    public double Kp => _kp;
    public double Ki => _ki;
    public double Kd => _kd;
    public string Name => "ESPHome PID";
    public double SamplePeriodS => 1.0;

    public double Update(double nowS, double measuredC, double targetC)
    {
        double dt = double.IsNaN(_lastTime) ? 0 : nowS - _lastTime;
        _lastTime = nowS;
        double error = targetC - measuredC;
        double p = _kp * error;
        _integral = Math.Clamp(_integral + error * dt * _ki, -1, 1);
        double derivative = 0;
        if (dt != 0)
        {
            if (!double.IsNaN(_previousSetpoint) && _previousSetpoint != targetC) _previousError -= _previousSetpoint - targetC;
            derivative = (error - _previousError) / dt;
        }
        _previousError = error;
        _previousSetpoint = targetC;
        return Math.Clamp(p + _integral + _kd * derivative, 0, 1);
    }
}

/// <summary>
/// ESPHome's PID autotuner (esphome/components/pid/pid_autotuner.cpp), from its public source's
/// behaviour: a relay on the error with a 0.25 °C noiseband switching between the positive output
/// (1) and the negative output (0 for a heat-only climate, so d = 0.5); zero crossings give the
/// period, the phase extremes (last 7 kept) the amplitude; once there are 2 intervals and 3 extremes
/// of each sign it finishes, or waits up to 6 more phases while the crossings are not symmetrical
/// (shortest/longest interval under 0.66) and then finishes anyway. Ku = 4 d / (pi a); the result
/// is the "Ziegler-Nichols PID" rule it prints first: kp = 0.6 Ku, ki = 1.2 Ku / Pu, kd = 0.075 Ku Pu.
/// </summary>
public sealed class EsphomeAutotune : IPeerAutotune
{
    private const double Noiseband = 0.25;
    private const double OutputPositive = 1, OutputNegative = 0;
    private readonly double _setpoint;
    private int _relayState; // 0 init, 1 positive, -1 negative
    private int _phaseCount;
    private int _freqState;
    private double _lastZeroCross = double.NaN;
    private readonly List<double> _intervals = new();
    private int _lastRelayState;
    private double _phaseMin, _phaseMax;
    private readonly List<double> _phaseMins = new(), _phaseMaxs = new();
    private int _enoughDataPhase;
    private double _ku, _pu;

    public EsphomeAutotune(double setpointC) => _setpoint = setpointC;

    public bool Finished { get; private set; }
    public bool Succeeded { get; private set; }
    public bool Symmetrical => IsSymmetrical();
    public double SamplePeriodS => 1.0;

    public double Update(double nowS, double measuredC)
    {
        if (Finished) return 0;
        double error = _setpoint - measuredC;
        // Relay with hysteresis on the error.
        if (_relayState == 0) _relayState = error > Noiseband ? 1 : -1;
        if (_relayState == 1 && error < -Noiseband) { _relayState = -1; _phaseCount++; }
        else if (_relayState == -1 && error > Noiseband) { _relayState = 1; _phaseCount++; }
        double output = _relayState == 1 ? OutputPositive : OutputNegative;
        // Zero-crossing (period) detector.
        if (_freqState == 0) _freqState = error > Noiseband ? 1 : -1;
        bool crossing = false;
        if (_freqState == 1 && error < -Noiseband) { _freqState = -1; crossing = true; }
        else if (_freqState == -1 && error > Noiseband) { _freqState = 1; crossing = true; }
        if (crossing)
        {
            if (!double.IsNaN(_lastZeroCross)) _intervals.Add(nowS - _lastZeroCross);
            _lastZeroCross = nowS;
        }
        // Amplitude detector.
        if (_relayState != _lastRelayState)
        {
            if (_lastRelayState == 1) _phaseMaxs.Add(_phaseMax);
            else if (_lastRelayState == -1) _phaseMins.Add(_phaseMin);
            _phaseMin = _phaseMax = error;
        }
        _lastRelayState = _relayState;
        _phaseMin = Math.Min(_phaseMin, error);
        _phaseMax = Math.Max(_phaseMax, error);
        if (_phaseMaxs.Count > 7) _phaseMaxs.RemoveAt(0);
        if (_phaseMins.Count > 7) _phaseMins.RemoveAt(0);

        if (_intervals.Count < 2 || Math.Min(_phaseMins.Count, _phaseMaxs.Count) < 3) return output;
        if (!IsSymmetrical())
        {
            if (_enoughDataPhase == 0) { _enoughDataPhase = _phaseCount; return output; }
            if (_phaseCount - _enoughDataPhase <= 6) return output;
        }
        double amplitude = MeanAmplitude();
        double d = (OutputPositive - OutputNegative) / 2;
        _ku = 4 * d / (Math.PI * amplitude);
        _pu = _intervals.Average() * 2;
        Finished = true;
        Succeeded = double.IsFinite(_ku) && _ku > 0 && _pu > 0;
        return 0;
    }

    private bool IsSymmetrical() => _intervals.Count > 0 && _intervals.Min() / _intervals.Max() >= 0.66;

    private double MeanAmplitude()
    {
        double total = 0;
        int n = 0;
        for (int i = 1; i < Math.Min(_phaseMins.Count, _phaseMaxs.Count) - 1; i++)
        {
            total += Math.Abs(_phaseMaxs[i] - _phaseMins[i + 1]);
            n++;
        }
        return total / n / 2;
    }

    public IPeerController CreateController() => new EsphomePid(0.6 * _ku, 1.2 * _ku / _pu, 0.075 * _ku * _pu);

    public string Describe() => FormattableString.Invariant($"kp={0.6 * _ku:F5} ki={1.2 * _ku / _pu:F5} kd={0.075 * _ku * _pu:F5}");
}
