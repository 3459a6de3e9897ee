using DispenseStation.Firmware.Ports;

namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// PT100 read by a MAX31865: Callendar-Van Dusen resistance of the (delayed) RTD temperature, plus
/// Gaussian noise on the resistance, quantised to the 15-bit ratio against the reference resistor,
/// converted back to °C as the driver does. Each sensor carries its own absolute error, drawn from
/// the seed within what the parts allow: the element's class tolerance (an offset and a slope) and
/// the reference resistor's tolerance (a gain). Faults can be injected.
/// </summary>
public sealed class Max31865Sensor : ITemperatureSensor
{
    private const double A = 3.9083e-3, B = -5.775e-7;
    private readonly HotplatePlant _plant;
    private readonly RtdParameters _p;
    private readonly SimRandom _random;
    private readonly int _fullScale;
    private double _last = double.NaN;
    private double _jumpOffsetC;

    public Max31865Sensor(HotplatePlant plant, SimRandom random)
    {
        _plant = plant;
        _p = plant.Parameters.Rtd;
        _random = random;
        _fullScale = 1 << _p.AdcBits;
        // Within tolerance but not at its edge: a part that passed incoming inspection.
        ElementOffsetC = (2 * random.NextDouble() - 1) * 0.8 * _p.ClassToleranceC;
        ElementSlope = (2 * random.NextDouble() - 1) * 0.8 * _p.ClassToleranceSlope;
        ReferenceError = (2 * random.NextDouble() - 1) * 0.8 * _p.ReferenceTolerance;
    }

    /// <summary>The element reads as if it were ElementOffsetC + ElementSlope·t warmer than it is.</summary>
    public double ElementOffsetC { get; set; }
    public double ElementSlope { get; set; }
    /// <summary>Actual reference resistor over its nominal value, minus one.</summary>
    public double ReferenceError { get; set; }

    /// <summary>What the converter would report for the element at <paramref name="celsius"/>, noise-free and unquantised.</summary>
    public double IdealReadingC(double celsius)
    {
        double t = celsius + ElementOffsetC + ElementSlope * celsius;
        double r = _p.R0Ohm * (1 + A * t + B * t * t) / (1 + ReferenceError);
        return (-A + Math.Sqrt(A * A - 4 * B * (1 - r / _p.R0Ohm))) / (2 * B);
    }

    public RtdFault Fault { get; private set; }

    /// <summary>°C per converter step near <paramref name="celsius"/>.</summary>
    public double ResolutionC(double celsius) => _p.ReferenceOhm / _fullScale / (_p.R0Ohm * (A + 2 * B * celsius));

    public void InjectFault(RtdFault fault, double jumpOffsetC = 0)
    {
        Fault = fault;
        _jumpOffsetC = fault == RtdFault.Jump ? jumpOffsetC : 0;
    }

    public void ClearFault() => InjectFault(RtdFault.None);

    public bool TryRead(out double celsius, out int faultBits)
    {
        switch (Fault)
        {
            case RtdFault.Open:
                celsius = Convert(_fullScale - 1);
                faultBits = SensorFaults.HighThreshold | SensorFaults.RefInLow;
                return false;
            case RtdFault.Short:
                celsius = Convert(0);
                faultBits = SensorFaults.LowThreshold | SensorFaults.RtdInLow;
                return false;
            case RtdFault.NoResponse:
                celsius = double.NaN;
                faultBits = SensorFaults.NoResponse;
                return false;
            case RtdFault.Stuck when !double.IsNaN(_last):
                celsius = _last;
                faultBits = SensorFaults.None;
                return true;
        }
        double t = _plant.DelayedSensorC;
        t += ElementOffsetC + ElementSlope * t;
        double resistance = _p.R0Ohm * (1 + A * t + B * t * t) + _p.NoiseOhm * _random.NextGaussian();
        int code = (int)Math.Clamp(Math.Floor(resistance / (_p.ReferenceOhm * (1 + ReferenceError)) * _fullScale), 0, _fullScale - 1);
        celsius = Convert(code) + _jumpOffsetC;
        faultBits = SensorFaults.None;
        _last = celsius;
        return true;
    }

    /// <summary>Code to °C by inverting Callendar-Van Dusen (T >= 0 form), as the driver does.</summary>
    private double Convert(int code)
    {
        double r = code * _p.ReferenceOhm / _fullScale;
        return (-A + Math.Sqrt(A * A - 4 * B * (1 - r / _p.R0Ohm))) / (2 * B);
    }
}
