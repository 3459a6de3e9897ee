using DispenseStation.Firmware.Ports;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// A peristaltic pump channel with its tube: the drive ramps toward the commanded speed, flow
/// follows speed, viscosity, tube wear and roller pulsation; pumped liquid collects at the tube
/// tip and drains out with a time constant (the drip after stop), then falls into the bottle
/// after a short delay. An empty reservoir pumps air; a clog chokes the flow.
/// </summary>
public sealed class SimPump : IPumpOutput
{
    private readonly PumpChannelParameters _p;
    private readonly double[] _fallLine; // grams leaving the tip, per ms slot, until they land
    private int _fallIndex;
    private double _speed;       // actual drive speed 0..1
    private double _revolutions;
    private double _tipGrams;    // liquid hanging at the tube tip

    public SimPump(PumpChannelParameters parameters)
    {
        _p = parameters;
        TubeWear = parameters.TubeWear;
        ReservoirGrams = parameters.ReservoirGrams;
        _fallLine = new double[Math.Max(1, (int)Math.Round(parameters.FallDelayS * 1000))];
    }

    public string Name => _p.Name;
    public double CommandedSpeed { get; private set; }
    public double ActualSpeed => _speed;
    public double TubeWear { get; set; }
    /// <summary>0 = open line, 1 = fully blocked.</summary>
    public double Clog { get; set; }
    public double ReservoirGrams { get; set; }
    /// <summary>A failed driver (shorted switch): the pump runs at this speed whatever it is told. Null = healthy.</summary>
    public double? StuckAtSpeed { get; set; }
    /// <summary>Motor supply on (the pump power relay); without it nothing turns, stuck driver or not.</summary>
    public bool Powered { get; set; } = true;
    /// <summary>Every gram this channel has put into the bottle: the truth a dose is judged by.</summary>
    public double DeliveredGrams { get; private set; }
    /// <summary>Pumped liquid not yet in the bottle (at the tube tip or falling); it lands regardless.</summary>
    public double InTransitGrams => _tipGrams + _fallLine.Sum();
    /// <summary>Mass flow landing in the bottle now, g/s (its momentum loads the scale).</summary>
    public double LandingFlowGramsPerS { get; private set; }
    /// <summary>Mass flow the pump moves now, g/s (before the tip and the fall).</summary>
    public double PumpFlowGramsPerS { get; private set; }

    public void SetSpeed(double fraction) =>
        CommandedSpeed = double.IsNaN(fraction) ? 0 : Math.Clamp(fraction, 0, 1);

    /// <summary>Full-speed mass flow with the present liquid and tube.</summary>
    public double NominalMaxGramsPerS =>
        _p.MaxFlowMlPerS * _p.DensityGPerMl * (1 - _p.WearFlowLoss * TubeWear) / (1 + _p.ViscositySlipPerCp * (_p.ViscosityCp - 1));

    /// <summary>
    /// Flow at a steady <paramref name="speed"/> with the present liquid and tube, g/s (no ripple, no clog): the full-speed
    /// flow times the speed's share of it, which is linear in speed but meets zero at <see cref="PumpChannelParameters.SlipSpeed"/>,
    /// and sags with speed squared on a worn tube (<see cref="PumpChannelParameters.WearSagAtFullSpeed"/>).
    /// </summary>
    public double SteadyFlowGramsPerS(double speed) => NominalMaxGramsPerS * SpeedShare(speed);

    private double SpeedShare(double speed)
    {
        double slip = _p.SlipSpeed;
        double share = speed <= slip ? 0 : (speed - slip) / (1 - slip);
        return share * (1 - _p.WearSagAtFullSpeed * TubeWear * speed * speed);
    }

    public double DripTimeConstantS =>
        _p.DripTimeConstantS * (1 + _p.DripViscosityFactor * Math.Max(0, _p.ViscosityCp - 1)) * (1 + _p.WearDripIncrease * TubeWear);

    /// <summary>Advances one millisecond; returns grams that landed in the bottle.</summary>
    public double StepMillisecond()
    {
        const double dt = 0.001;
        double wanted = Powered ? StuckAtSpeed ?? CommandedSpeed : 0;
        double maxStep = dt / (wanted > _speed ? _p.RampUpS : _p.RampDownS);
        _speed += Math.Clamp(wanted - _speed, -maxStep, maxStep);

        _revolutions += _speed * _p.MaxRpm / 60 * dt;
        double ripple = 1 + _p.PulsationAmplitude * Math.Sin(2 * Math.PI * _p.Rollers * _revolutions);
        double flow = SteadyFlowGramsPerS(_speed) * ripple * (1 - Math.Clamp(Clog, 0, 1));
        double pumped = Math.Min(flow * dt, ReservoirGrams);
        ReservoirGrams -= pumped;
        PumpFlowGramsPerS = pumped / dt;

        _tipGrams += pumped;
        double leaving = _tipGrams * (dt / DripTimeConstantS);
        _tipGrams -= leaving;

        double landing = _fallLine[_fallIndex];
        _fallLine[_fallIndex] = leaving;
        _fallIndex = (_fallIndex + 1) % _fallLine.Length;
        DeliveredGrams += landing;
        LandingFlowGramsPerS = landing / dt;
        return landing;
    }
}
