using DispenseStation.Firmware.Ports;

namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// Solid-state relay with time-proportioning: the duty requested is latched at the start of each
/// window and becomes an on-time rounded to whole mains cycles; on or off times shorter than the
/// minimum switching time are dropped (0 or full). Starts off; ForceOff (or duty 0) switches off
/// at once, as the firmware's output does.
/// </summary>
public sealed class SsrHeaterOutput : IHeaterOutput
{
    private const double MainsCycleS = 0.02;
    private readonly SsrParameters _p;
    private double _requested;
    private double _windowStartS = double.NegativeInfinity;
    private double _onTimeS;

    public SsrHeaterOutput(SsrParameters parameters) => _p = parameters;

    public double AppliedDuty { get; private set; }
    /// <summary>Whether the SSR conducts now.</summary>
    public bool IsOn { get; private set; }
    /// <summary>Number of off-to-on transitions (relay wear, EMI).</summary>
    public long SwitchOnCount { get; private set; }

    public void SetDuty(double duty)
    {
        _requested = double.IsFinite(duty) ? Math.Clamp(duty, 0, 1) : 0;
        if (_requested == 0) ForceOff();
    }

    public void ForceOff()
    {
        _requested = 0;
        _onTimeS = 0;
        AppliedDuty = 0;
        IsOn = false;
    }

    /// <summary>Updates the SSR state for simulated time <paramref name="nowS"/>.</summary>
    public void Update(double nowS)
    {
        if (nowS - _windowStartS >= _p.WindowS - 1e-9)
        {
            _windowStartS = nowS;
            double onTime = Math.Round(_requested * _p.WindowS / MainsCycleS) * MainsCycleS;
            if (onTime < _p.MinSwitchS) onTime = 0;
            else if (_p.WindowS - onTime < _p.MinSwitchS) onTime = _p.WindowS;
            _onTimeS = onTime;
            AppliedDuty = onTime / _p.WindowS;
        }
        bool on = nowS - _windowStartS < _onTimeS - 1e-9;
        if (on && !IsOn) SwitchOnCount++;
        IsOn = on;
    }
}
