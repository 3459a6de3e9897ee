namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// The simulated hotplate behind the firmware's ports: plant, SSR, RTD converter and clock, stepped
/// together at a fixed physics step. Deterministic for a given parameter set and seed.
/// </summary>
public sealed class HotplateRig
{
    public HotplateRig(HotplateParameters parameters, int seed, double initialC, double physicsStepS = 0.01)
    {
        Clock = new SimClock();
        Plant = new HotplatePlant(parameters, physicsStepS, initialC);
        Heater = new SsrHeaterOutput(parameters.Ssr);
        Sensor = new Max31865Sensor(Plant, new SimRandom(seed));
        StepMs = (long)Math.Round(physicsStepS * 1000);
        if (StepMs <= 0) throw new ArgumentOutOfRangeException(nameof(physicsStepS), "physics step must be at least 1 ms");
    }

    public SimClock Clock { get; }
    public HotplatePlant Plant { get; }
    public SsrHeaterOutput Heater { get; }
    public Max31865Sensor Sensor { get; }
    public long StepMs { get; }
    /// <summary>Heater energy delivered so far, J.</summary>
    public double HeaterEnergyJ { get; private set; }

    /// <summary>Advances one physics step.</summary>
    public void Step()
    {
        Heater.Update(Clock.Seconds);
        Plant.Step(Heater.IsOn);
        HeaterEnergyJ += Plant.HeaterPowerW * Plant.StepS;
        Clock.Advance(StepMs);
    }

    /// <summary>Advances by whole physics steps covering <paramref name="milliseconds"/>.</summary>
    public void Advance(long milliseconds)
    {
        for (long t = 0; t < milliseconds; t += StepMs) Step();
    }
}
