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
    /// <summary>The pan and cell answer a blow within about 10 ms (a mass on a spring of tens of Hz, damped): a falling drop's
    /// impulse m·v spreads over that instead of landing in one millisecond's force.</summary>
    private const double PanResponseMs = 10;
    private long _bumpUntilMs;
    private double _bumpGrams;
    private double _impactGrams;

    public DosingRig(DosingPlantParameters parameters, int seed)
    {
        parameters.Validate();
        _p = parameters;
        Clock = new SimClock();
        LoadCell = new SimLoadCell(parameters.LoadCell, new SimRandom(seed));
        if (parameters.Balance is not null) Balance = new SimBalance(parameters.Balance, new SimRandom(seed));
        Pumps = parameters.Channels.Select(c => new SimPump(c)).ToArray();
        PumpPower = new SimPumpPower(Pumps);
        PumpPower.Apply(); // no relay until a controller takes charge of it
    }

    public DosingPlantParameters Parameters => _p;
    public SimClock Clock { get; }
    public SimLoadCell LoadCell { get; }
    /// <summary>The laboratory balance, when the plant file describes one.</summary>
    public SimBalance? Balance { get; }
    public bool WeighsOnBalance => _p.Scale == "balance";
    /// <summary>The device the bottle stands on, as the core's scale port.</summary>
    public ILoadCellAdc Adc => WeighsOnBalance ? Balance! : LoadCell;
    public SimPump[] Pumps { get; }
    /// <summary>The pump power relay. Until a controller uses it, it behaves as closed (always powered).</summary>
    public SimPumpPower PumpPower { get; }

    /// <summary>Hands the relay to a controller: from now on pumps run only while it is enabled.</summary>
    public IPumpPower TakePumpPower()
    {
        PumpPower.Fitted = true;
        PumpPower.Apply();
        return PumpPower;
    }
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
    public WeighScale CreateScale(ScaleSettings? settings = null) => WeighsOnBalance
        ? new(Balance!, Clock, new ScaleCalibration(0, Balance!.CountsPerGram),
            // A balance repeats its display value at rest: no frozen check; stable band and window from its datasheet repeatability.
            settings ?? ScaleSettings.ForBalance(_p.Balance!.RepeatabilityGrams))
        : new(LoadCell, Clock,
            new ScaleCalibration(_p.LoadCell.ZeroCounts, _p.LoadCell.CountsPerGram),
            // An HX711 with tens of counts of noise never repeats a reading 16 times in a row.
            settings ?? new ScaleSettings { FrozenSamples = 16 });

    public void Step(long milliseconds)
    {
        for (long i = 0; i < milliseconds; i++) StepMillisecond();
    }

    /// <summary>
    /// Puts back what a saved plant held, for a simulated station restarting on the same bench: the liquid in the
    /// bottle, what was spilled on the pan, and whether the bottle stands there.
    /// </summary>
    public void Restore(double bottleContentsGrams, double spilledGrams, bool bottlePresent)
    {
        if (!(bottleContentsGrams >= 0) || !(spilledGrams >= 0)) throw new ArgumentOutOfRangeException(nameof(bottleContentsGrams), "masses must be >= 0 g");
        BottleContentsGrams = bottleContentsGrams;
        SpilledGrams = spilledGrams;
        BottlePresent = bottlePresent;
    }

    /// <summary>The scale's zero drift in grams (load cell or balance): part of the bench, so a saved plant keeps it.</summary>
    public double ScaleZeroDriftGrams => WeighsOnBalance ? Balance!.ZeroShiftGrams : LoadCell.ZeroDriftCounts / _p.LoadCell.CountsPerGram;

    /// <summary>Puts back a saved scale zero drift: a reboot of the controller does not re-zero the weighing cell.</summary>
    public void RestoreScaleZeroDrift(double grams)
    {
        if (WeighsOnBalance) Balance!.CarryZeroShift(grams);
        else LoadCell.CarryZeroDrift(grams * _p.LoadCell.CountsPerGram);
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
        _impactGrams += (landingFlow * _p.StreamImpactVelocityMPerS / StandardGravity - _impactGrams) / PanResponseMs;
        double impact = _impactGrams;
        double bump = Clock.UptimeMs < _bumpUntilMs ? _bumpGrams : 0;
        double onPan = BottlePresent ? _p.BottleTareGrams + BottleContentsGrams : SpilledGrams;
        ForceGrams = onPan + impact + bump + ReferenceMassGrams;
        if (WeighsOnBalance)
        {
            double pumping = 0;
            foreach (var pump in Pumps) pumping = Math.Max(pumping, pump.ActualSpeed);
            Balance!.Step(Clock.UptimeMs, ForceGrams, pumping);
        }
        else LoadCell.Step(Clock.UptimeMs, ForceGrams);
    }
}
