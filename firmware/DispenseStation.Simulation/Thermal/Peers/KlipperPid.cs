namespace DispenseStation.Simulation.Thermal.Peers;

/// <summary>
/// Klipper's heater PID (klippy/extras/heaters.py, ControlPID), from its public source's behaviour:
/// gains in Klipper's units (divided by PID_PARAM_BASE = 255), the derivative of the temperature
/// averaged over at least smooth_time (min_deriv_time, default 1 s), the integral of the error clamped
/// to [0, max_power / Ki] and only kept while the output is not saturated, output clamped to
/// [0, max_power]. Klipper reads a MAX31865 every 0.3 s (its SPI sensors' report time).
/// </summary>
public sealed class KlipperPid : IPeerController
{
    public const double PidParamBase = 255;
    private const double AmbientTemp = 25;
    private readonly double _kp, _ki, _kd, _minDerivTime, _maxPower, _integMax;
    private double _prevTemp = AmbientTemp, _prevTime, _prevDeriv, _prevInteg;

    /// <param name="kp">pid_Kp as written in printer.cfg</param>
    public KlipperPid(double kp, double ki, double kd, double smoothTimeS = 1.0, double maxPower = 1.0)
    {
        _kp = kp / PidParamBase;
        _ki = ki / PidParamBase;
        _kd = kd / PidParamBase;
        _minDerivTime = smoothTimeS;
        _maxPower = maxPower;
        _integMax = _ki > 0 ? _maxPower / _ki : 0;
        PidKp = kp; PidKi = ki; PidKd = kd;
    }

    public double PidKp { get; }
    public double PidKi { get; }
    public double PidKd { get; }
    public string Name => "Klipper PID";
    public double SamplePeriodS => 0.3;

    public double Update(double nowS, double measuredC, double targetC)
    {
        double timeDiff = nowS - _prevTime;
        double tempDiff = measuredC - _prevTemp;
        double deriv = timeDiff >= _minDerivTime
            ? tempDiff / timeDiff
            : (_prevDeriv * (_minDerivTime - timeDiff) + tempDiff) / _minDerivTime;
        double err = targetC - measuredC;
        double integ = Math.Clamp(_prevInteg + err * timeDiff, 0, _integMax);
        double co = _kp * err + _ki * integ - _kd * deriv;
        double bounded = Math.Clamp(co, 0, _maxPower);
        _prevTemp = measuredC;
        _prevTime = nowS;
        _prevDeriv = deriv;
        if (co == bounded) _prevInteg = integ;
        return bounded;
    }
}

/// <summary>
/// Klipper's PID_CALIBRATE (klippy/extras/pid_calibrate.py, ControlAutoTune): full power until the
/// reading reaches the target, off until it falls 5 °C below (TUNE_PID_DELTA), recording the peak of
/// each phase; done after 12 peaks. Ku = 4 max_power / (pi amplitude) with amplitude half the swing
/// between consecutive peaks, Tu the time between alternate peaks; classic Ziegler-Nichols
/// (Kp = 0.6 Ku, Ti = Tu / 2, Td = Tu / 8) from the cycle of median length.
/// </summary>
public sealed class KlipperPidCalibrate : IPeerAutotune
{
    private const double TunePidDelta = 5.0;
    private readonly double _target, _maxPower;
    private readonly List<(double Temp, double Time)> _peaks = new();
    private bool _heating;
    private double _peak, _peakTime, _currentTarget;
    private (double Kp, double Ki, double Kd) _result;

    public KlipperPidCalibrate(double targetC, double maxPower = 1.0)
    {
        _target = targetC;
        _maxPower = maxPower;
        _currentTarget = targetC;
        _heating = false;
    }

    public bool Finished { get; private set; }
    public bool Succeeded { get; private set; }
    public double SamplePeriodS => 0.3;
    public int Peaks => _peaks.Count;

    public double Update(double nowS, double measuredC)
    {
        if (Finished) return 0;
        if (_heating && measuredC >= _currentTarget)
        {
            _heating = false;
            CheckPeaks();
            _currentTarget = _target - TunePidDelta;
        }
        else if (!_heating && measuredC <= _currentTarget)
        {
            _heating = true;
            CheckPeaks();
            _currentTarget = _target;
        }
        double pwm;
        if (_heating)
        {
            pwm = _maxPower;
            if (measuredC < _peak) { _peak = measuredC; _peakTime = nowS; }
        }
        else
        {
            pwm = 0;
            if (measuredC > _peak) { _peak = measuredC; _peakTime = nowS; }
        }
        if (!_heating && _peaks.Count >= 12)
        {
            Finished = true;
            _result = CalcFinal();
            Succeeded = _result.Kp > 0 && double.IsFinite(_result.Kp);
            return 0;
        }
        return pwm;
    }

    private void CheckPeaks()
    {
        _peaks.Add((_peak, _peakTime));
        _peak = _heating ? 9999999 : -9999999;
    }

    private (double, double, double) Calc(int pos)
    {
        double tempDiff = _peaks[pos].Temp - _peaks[pos - 1].Temp;
        double timeDiff = _peaks[pos].Time - _peaks[pos - 2].Time;
        double amplitude = 0.5 * Math.Abs(tempDiff);
        double ku = 4 * _maxPower / (Math.PI * amplitude);
        double tu = timeDiff;
        double ti = 0.5 * tu, td = 0.125 * tu;
        double kp = 0.6 * ku * KlipperPid.PidParamBase;
        return (kp, kp / ti, kp * td);
    }

    private (double, double, double) CalcFinal()
    {
        var cycles = new List<(double Time, int Pos)>();
        for (int pos = 4; pos < _peaks.Count; pos++) cycles.Add((_peaks[pos].Time - _peaks[pos - 2].Time, pos));
        cycles.Sort();
        return Calc(cycles[cycles.Count / 2].Pos);
    }

    public IPeerController CreateController() => new KlipperPid(_result.Kp, _result.Ki, _result.Kd);

    public string Describe() => FormattableString.Invariant($"pid_Kp={_result.Kp:F3} pid_Ki={_result.Ki:F3} pid_Kd={_result.Kd:F3}");
}
