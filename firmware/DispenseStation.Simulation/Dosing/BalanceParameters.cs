namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// The laboratory balance of the reference station (plant file section "balance"). The first five
/// figures are the device's own and must equal its entry in hardware/weighing.json (a test
/// checks); the rest are how this installation disturbs it.
/// </summary>
public sealed class BalanceParameters
{
    public required string Model { get; init; }
    public double CapacityGrams { get; init; }
    public double ReadabilityGrams { get; init; }
    /// <summary>Standard deviation of one reading at rest (the datasheet's repeatability).</summary>
    public double RepeatabilityGrams { get; init; }
    /// <summary>Weights per second the balance streams on SIR.</summary>
    public int UpdatesPerSecond { get; init; }
    /// <summary>Time to a stable reading after a load step; its internal filter has a fifth of it as time constant.</summary>
    public double SettlingTimeS { get; init; }
    /// <summary>Creep after a load change: this fraction of the change, arriving with <see cref="CreepTimeS"/>.</summary>
    public double CreepFraction { get; init; } = 2e-5;
    public double CreepTimeS { get; init; } = 30;
    /// <summary>Zero drift from the hotplate warming the weighing cell, grams per minute (linear).</summary>
    public double ThermalDriftGramsPerMinute { get; init; } = 0.0002;
    /// <summary>Extra reading noise (1 sigma) while a pump runs at full speed, through the bench.</summary>
    public double PumpVibrationGrams { get; init; } = 0.002;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Model)) throw new InvalidDataException("balance.model is required");
        if (!(CapacityGrams > 0) || !(ReadabilityGrams > 0) || !(RepeatabilityGrams > 0) || !(SettlingTimeS > 0))
            throw new InvalidDataException("balance.capacityGrams, readabilityGrams, repeatabilityGrams and settlingTimeS must be > 0");
        if (UpdatesPerSecond is < 1 or > 100) throw new InvalidDataException("balance.updatesPerSecond must be in [1, 100]");
        if (CreepFraction < 0 || !(CreepTimeS > 0) || PumpVibrationGrams < 0)
            throw new InvalidDataException("balance.creepFraction and pumpVibrationGrams must be >= 0 and creepTimeS > 0");
    }
}
