using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Scale;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// The dosing plant: a bottle on a load cell fed by pump channels, on a simulated clock, with
/// the faults a real station meets (empty reservoir, clog, bottle removed or bumped, scale
/// disconnected). Physics run in 1 ms steps; the controller ticks in between.
/// </summary>
public sealed class DosingRig
{
    private const double StandardGravity = 9.80665;
    private readonly DosingPlantParameters _p;
    private long _bumpUntilMs;
    private double _bumpGrams;

    public DosingRig(DosingPlantParameters parameters, int seed)
    {
        parameters.Validate();
        _p = parameters;
        Clock = new SimClock();
        LoadCell = new SimLoadCell(parameters.LoadCell, new SimRandom(seed));
        Pumps = parameters.Channels.Select(c => new SimPump(c)).ToArray();
    }

    public DosingPlantParameters Parameters => _p;
    public SimClock Clock { get; }
    public SimLoadCell LoadCell { get; }
    public SimPump[] Pumps { get; }
    public IPumpOutput[] PumpOutputs => Pumps;
    public bool BottlePresent { get; private set; } = true;
    /// <summary>Liquid in the bottle (true value, not measured).</summary>
    public double BottleContentsGrams { get; private set; }
    /// <summary>Liquid that landed on the pan while the bottle was away.</summary>
    public double SpilledGrams { get; private set; }
    /// <summary>A calibration weight on the pan, in grams.</summary>
    public double ReferenceMassGrams { get; set; }
    /// <summary>Force on the load cell now, in grams (what an ideal scale would read).</summary>
    public double ForceGrams { get; private set; }

    /// <summary>A scale wired to this rig's load cell with the factory calibration of the plant file.</summary>
    public WeighScale CreateScale(ScaleSettings? settings = null) =>
        new(LoadCell, Clock,
            new ScaleCalibration(_p.LoadCell.ZeroCounts, _p.LoadCell.CountsPerGram),
            settings ?? new ScaleSettings());

    public void Step(long milliseconds)
    {
        for (long i = 0; i < milliseconds; i++) StepMillisecond();
    }

    public void RemoveBottle() => BottlePresent = false;
    public void ReplaceBottle() => BottlePresent = true;

    /// <summary>A hand or an elbow presses on the bottle with <paramref name="grams"/> for a while.</summary>
    public void Bump(double grams, long durationMs)
    {
        _bumpGrams = grams;
        _bumpUntilMs = Clock.UptimeMs + durationMs;
    }

    private void StepMillisecond()
    {
        Clock.Advance(1);
        double landingFlow = 0;
        foreach (var pump in Pumps)
        {
            double landed = pump.StepMillisecond();
            if (BottlePresent) BottleContentsGrams += landed;
            else SpilledGrams += landed;
            landingFlow += pump.LandingFlowGramsPerS;
        }
        // Momentum of the falling stream: m_dot * v in gram-force.
        double impact = landingFlow * _p.StreamImpactVelocityMPerS / StandardGravity;
        double bump = Clock.UptimeMs < _bumpUntilMs ? _bumpGrams : 0;
        double onPan = BottlePresent ? _p.BottleTareGrams + BottleContentsGrams : SpilledGrams;
        ForceGrams = onPan + impact + bump + ReferenceMassGrams;
        LoadCell.Step(Clock.UptimeMs, ForceGrams);
    }
}
