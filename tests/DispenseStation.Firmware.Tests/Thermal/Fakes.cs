using DispenseStation.Firmware.Ports;

namespace DispenseStation.Firmware.Tests.Thermal;

internal sealed class FakeHeater : IHeaterOutput
{
    public double AppliedDuty { get; private set; }
    public int ForceOffCount { get; private set; }
    public void SetDuty(double duty) => AppliedDuty = Math.Clamp(duty, 0, 1);
    public void ForceOff()
    {
        AppliedDuty = 0;
        ForceOffCount++;
    }
}

internal sealed class FakeSensor : ITemperatureSensor
{
    public double Celsius { get; set; } = 25;
    public int FaultBits { get; set; }
    public bool Ok { get; set; } = true;

    public bool TryRead(out double celsius, out int faultBits)
    {
        celsius = Celsius;
        faultBits = FaultBits;
        return Ok && FaultBits == 0;
    }
}

/// <summary>First-order plus dead time plant for autotune tests: tau dy/dt = K u(t - theta) - (y - ambient).</summary>
internal sealed class FopdtPlant
{
    private readonly Queue<double> _delay;
    private readonly double _gain, _tauS, _ambientC, _stepS;

    public FopdtPlant(double gain, double tauS, double deadTimeS, double ambientC, double stepS)
    {
        _gain = gain;
        _tauS = tauS;
        _ambientC = ambientC;
        _stepS = stepS;
        _delay = new Queue<double>(Enumerable.Repeat(0.0, (int)Math.Round(deadTimeS / stepS)));
        Temperature = ambientC;
    }

    public double Temperature { get; private set; }

    public void Step(double duty)
    {
        _delay.Enqueue(duty);
        double delayed = _delay.Dequeue();
        Temperature += _stepS / _tauS * (_gain * delayed - (Temperature - _ambientC));
    }
}
