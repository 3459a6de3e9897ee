using System.Text.Json;
using System.Text.Json.Serialization;

namespace DispenseStation.Simulation.Dosing;

/// <summary>Everything the dosing plant model needs; loaded from hardware/plant/dosing.json. A record, so that each
/// variant below is a copy with one thing changed and none forgets a section.</summary>
public sealed record DosingPlantParameters
{
    public required LoadCellParameters LoadCell { get; init; }
    /// <summary>Which device weighs the bottle: "hx711" (the load cell) or "balance" (the MT-SICS laboratory balance).</summary>
    public string Scale { get; init; } = "hx711";
    public BalanceParameters? Balance { get; init; }
    public double BottleTareGrams { get; init; } = 150;
    /// <summary>Speed of the stream hitting the bottle; its momentum reads as extra weight while it flows.</summary>
    public double StreamImpactVelocityMPerS { get; init; } = 0.5;
    public required PumpChannelParameters[] Channels { get; init; }
    /// <summary>Parts a station may carry instead of one of <see cref="Channels"/> (the syringe option); not fitted.</summary>
    public PumpChannelParameters[] OptionalChannels { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static DosingPlantParameters Load(string path)
    {
        var parameters = JsonSerializer.Deserialize<DosingPlantParameters>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path}: empty document");
        parameters.Validate();
        return parameters;
    }

    /// <summary>The reference plant shipped with the repository (copied next to the assembly).</summary>
    public static DosingPlantParameters LoadDefault() =>
        Load(Path.Combine(AppContext.BaseDirectory, "plant", "dosing.json"));

    public void Validate()
    {
        LoadCell.Validate();
        if (Scale is not ("hx711" or "balance")) throw new InvalidDataException("scale must be hx711 or balance");
        if (Scale == "balance" && Balance is null) throw new InvalidDataException("scale is balance but there is no balance section");
        Balance?.Validate();
        if (Channels.Length == 0) throw new InvalidDataException("channels: at least one channel is required");
        for (int i = 0; i < Channels.Length; i++) Channels[i].Validate($"channels[{i}]");
        for (int i = 0; i < OptionalChannels.Length; i++) OptionalChannels[i].Validate($"optionalChannels[{i}]");
        if (BottleTareGrams < 0) throw new InvalidDataException("bottleTareGrams must be >= 0");
    }

    /// <summary>The same plant weighed by the other device (the bench compares both).</summary>
    public DosingPlantParameters WeighedBy(string scale) => this with { Scale = scale };

    /// <summary>The same plant with every channel's liquid at <paramref name="viscosityCp"/>.</summary>
    public DosingPlantParameters WithViscosity(double viscosityCp) => WithEveryChannel(c => c.WithViscosity(viscosityCp));

    /// <summary>The same plant with drops and suck-back at every tip (the bench's behaviour; the shipped channels have them off).</summary>
    public DosingPlantParameters WithNozzleDrops() => WithEveryChannel(c => c with { NozzleDrops = true });

    private DosingPlantParameters WithEveryChannel(Func<PumpChannelParameters, PumpChannelParameters> change) =>
        this with { Channels = Channels.Select(change).ToArray(), OptionalChannels = OptionalChannels.Select(change).ToArray() };

    /// <summary>The same plant with the optional part <paramref name="optional"/> fitted in place of channel
    /// <paramref name="replaced"/>, under the replaced channel's name (so recipes and doses address it as before).</summary>
    public DosingPlantParameters WithOptionalChannel(string optional, string replaced)
    {
        var part = OptionalChannels.FirstOrDefault(c => c.Name == optional)
            ?? throw new ArgumentException($"no optional channel named '{optional}'", nameof(optional));
        int at = ChannelIndex(replaced);
        return this with { Channels = Channels.Select((c, i) => i == at ? part with { Name = replaced } : c).ToArray() };
    }

    public int ChannelIndex(string name)
    {
        for (int i = 0; i < Channels.Length; i++)
            if (Channels[i].Name == name) return i;
        throw new ArgumentException($"no channel named '{name}'", nameof(name));
    }
}

/// <summary>HX711 and load cell: rate, sensitivity, noise, drift and floor vibration.</summary>
public sealed class LoadCellParameters
{
    /// <summary>The entry of hardware/weighing.json this cell and ADC are.</summary>
    public string? Model { get; init; }
    public double CapacityGrams { get; init; } = 300;
    public int SamplesPerSecond { get; init; } = 80;
    public double ZeroCounts { get; init; } = 150_000;
    public double CountsPerGram { get; init; } = 12_000;
    /// <summary>White noise per conversion (HX711 at 80 SPS is noisier than at 10).</summary>
    public double NoiseCounts { get; init; } = 38;
    /// <summary>Slow creep of the zero (temperature of the bridge), linear.</summary>
    public double DriftCountsPerMinute { get; init; } = 18;
    /// <summary>Random-walk part of the drift, counts per sqrt(second).</summary>
    public double DriftWalkCountsPerSqrtS { get; init; } = 3;
    public double VibrationBurstsPerMinute { get; init; } = 2;
    public double VibrationBurstS { get; init; } = 1.5;
    public double VibrationAmplitudeGrams { get; init; } = 0.03;
    public double VibrationFrequencyHz { get; init; } = 13;

    public void Validate()
    {
        if (SamplesPerSecond is not (10 or 80)) throw new InvalidDataException("loadCell.samplesPerSecond must be 10 or 80 (HX711 rates)");
        if (!(CountsPerGram >= 1)) throw new InvalidDataException("loadCell.countsPerGram must be >= 1");
        if (NoiseCounts < 0 || DriftWalkCountsPerSqrtS < 0 || VibrationBurstsPerMinute < 0 || VibrationAmplitudeGrams < 0)
            throw new InvalidDataException("loadCell noise, drift walk and vibration figures must be >= 0");
        if (!(VibrationBurstS > 0) || !(VibrationFrequencyHz > 0))
            throw new InvalidDataException("loadCell.vibrationBurstS and vibrationFrequencyHz must be > 0");
    }
}

/// <summary>One pump channel with its tubing, nozzle and liquid (formulas in <see cref="TubeFlowPhysics"/>).</summary>
public sealed record PumpChannelParameters
{
    public required string Name { get; init; }
    /// <summary>"peristaltic" (roller head on an elastic tube) or "syringe" (stepper lead-screw syringe).</summary>
    public string Kind { get; init; } = "peristaltic";
    /// <summary>Displacement flow at full speed through a new tube (what water, 1 cP, delivers); thicker liquid may get less
    /// when the suction line cannot refill the tube between rollers.</summary>
    public double MaxFlowMlPerS { get; init; } = 5;
    public double DensityGPerMl { get; init; } = 0.968;
    public double ViscosityCp { get; init; } = 1.1;
    /// <summary>Back-slip past the occlusion per cP above 1 (empirical, the plant's figure before the refill model): a few
    /// tenths of a percent per cP, what makes 1-25 cP liquids pump a little less per revolution. Above about 100 cP in the
    /// thinner tubes the suction line's refill limit (<see cref="TubeFlowPhysics"/>) takes over.</summary>
    public double ViscositySlipPerCp { get; init; } = 0.004;
    /// <summary>Surface tension of the liquid (PGMEA 26.9 mN/m at 20 °C): sets the drop mass at the nozzle.</summary>
    public double SurfaceTensionMNPerM { get; init; } = 26.9;
    /// <summary>Pump tubing bore, wall and lengths (hardware/BOM.md, tubing per channel).</summary>
    public double TubeInnerDiameterMm { get; init; } = 1.6;
    public double TubeWallMm { get; init; } = 1.6;
    public double SuctionTubeM { get; init; } = 0.5;
    public double DeliveryTubeM { get; init; } = 1.0;
    /// <summary>Young's modulus of the tube material: its compliance, so the drain after stop.</summary>
    public double TubeModulusMPa { get; init; } = 5.5;
    /// <summary>Suction the released tube draws to refill between rollers (at most about an atmosphere less the liquid's vapour).</summary>
    public double RefillSuctionKPa { get; init; } = 80;
    /// <summary>Nozzle tip: the drop hangs from its outer rim; its bore decides dripping or stream.</summary>
    public double NozzleOuterDiameterMm { get; init; } = 1.59;
    public double NozzleBoreMm { get; init; } = 0.8;
    /// <summary>
    /// Drops and suck-back at the tip on (<see cref="DosingPlantParameters.WithNozzleDrops"/>). Off by default, the tip
    /// passes everything on as a stream and draws nothing back: every channel runs so until the doser accounts for
    /// drop-sized steps and the suck-back (its unexplained-gain and in-flight accounting read them as disturbances;
    /// hardware/plant/dosing.md).
    /// </summary>
    public bool NozzleDrops { get; init; }
    /// <summary>Volume the tube draws back from the tip when the rollers stop (the outlet end relaxing).</summary>
    public double SuckBackMl { get; init; }
    /// <summary>Syringe only: barrel bore, lead-screw pitch, microsteps per revolution, barrel volume.</summary>
    public double SyringeBoreMm { get; init; }
    public double LeadScrewPitchMm { get; init; }
    public int StepsPerRevolution { get; init; } = 3200;
    public double BarrelMl { get; init; }
    /// <summary>Time for the drive to go from stop to full speed (and back).</summary>
    public double RampUpS { get; init; } = 0.15;
    public double RampDownS { get; init; } = 0.05;
    /// <summary>Peristaltic pulsation: relative flow ripple and rollers per revolution.</summary>
    public double PulsationAmplitude { get; init; } = 0.15;
    public int Rollers { get; init; } = 3;
    public double MaxRpm { get; init; } = 300;
    /// <summary>The nozzle's own drain time constant after stop (its meniscus, new tube), without the tube's viscous relaxation.</summary>
    public double DripTimeConstantS { get; init; } = 0.25;
    /// <summary>Fall time from nozzle to liquid surface.</summary>
    public double FallDelayS { get; init; } = 0.08;
    /// <summary>Tube wear 0 (new) .. 1 (due for change).</summary>
    public double TubeWear { get; init; }
    /// <summary>Flow lost at full wear (worn tube springs back less).</summary>
    public double WearFlowLoss { get; init; } = 0.3;
    /// <summary>Relative drip-time increase at full wear (softer tube keeps relaxing after stop).</summary>
    public double WearDripIncrease { get; init; } = 1.0;
    /// <summary>Speed (fraction of full) at which the flow meets zero: slip and backflow past the occlusion eat a fixed part of
    /// each stroke, so flow is linear in speed but not through zero. 0 = through zero.</summary>
    public double SlipSpeed { get; init; }
    /// <summary>Flow lost at full speed on a fully worn tube, growing with speed squared: a worn tube does not spring back in
    /// time between rollers, so flow sags at high speed. 0 = no sag.</summary>
    public double WearSagAtFullSpeed { get; init; }
    public double ReservoirGrams { get; init; } = 1000;

    public bool IsSyringe => Kind == "syringe";

    public PumpChannelParameters WithViscosity(double cp) => this with { ViscosityCp = cp };

    /// <summary>This channel with a slip speed and a high-speed sag (tests of flow that is not proportional to speed).</summary>
    public PumpChannelParameters WithSpeedCurve(double slipSpeed, double wearSagAtFullSpeed, double tubeWear) =>
        this with { SlipSpeed = slipSpeed, WearSagAtFullSpeed = wearSagAtFullSpeed, TubeWear = tubeWear };

    public void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new InvalidDataException($"{path}.name is required");
        if (Kind is not ("peristaltic" or "syringe")) throw new InvalidDataException($"{path}.kind must be peristaltic or syringe");
        if (!(MaxFlowMlPerS > 0)) throw new InvalidDataException($"{path}.maxFlowMlPerS must be > 0");
        if (!(DensityGPerMl > 0)) throw new InvalidDataException($"{path}.densityGPerMl must be > 0");
        if (!(ViscosityCp > 0)) throw new InvalidDataException($"{path}.viscosityCp must be > 0");
        if (!(SurfaceTensionMNPerM is > 10 and < 80)) throw new InvalidDataException($"{path}.surfaceTensionMNPerM must be in (10, 80) (organic solvents 20-35, water 72)");
        if (!(TubeInnerDiameterMm > 0) || !(TubeWallMm > 0) || !(SuctionTubeM > 0) || !(DeliveryTubeM > 0) || !(TubeModulusMPa > 0))
            throw new InvalidDataException($"{path}: tubeInnerDiameterMm, tubeWallMm, suctionTubeM, deliveryTubeM and tubeModulusMPa must be > 0");
        if (!(RefillSuctionKPa is > 0 and < 101.325)) throw new InvalidDataException($"{path}.refillSuctionKPa must be in (0, 101.3): a tube cannot suck harder than the atmosphere pushes");
        if (!(NozzleBoreMm > 0) || !(NozzleOuterDiameterMm > NozzleBoreMm)) throw new InvalidDataException($"{path}: nozzleOuterDiameterMm must be > nozzleBoreMm > 0");
        if (SuckBackMl < 0) throw new InvalidDataException($"{path}.suckBackMl must be >= 0");
        if (IsSyringe)
        {
            if (!(SyringeBoreMm > 0) || !(LeadScrewPitchMm > 0) || StepsPerRevolution < 1 || !(BarrelMl > 0))
                throw new InvalidDataException($"{path}: a syringe needs syringeBoreMm, leadScrewPitchMm, stepsPerRevolution and barrelMl > 0");
            if (ReservoirGrams > BarrelMl * DensityGPerMl * (1 + 1e-9))
                throw new InvalidDataException($"{path}.reservoirGrams {ReservoirGrams} is more than the barrel holds ({BarrelMl * DensityGPerMl} g)");
        }
        if (!(RampUpS > 0) || !(RampDownS > 0)) throw new InvalidDataException($"{path}.rampUpS and rampDownS must be > 0");
        if (!(DripTimeConstantS > 0)) throw new InvalidDataException($"{path}.dripTimeConstantS must be > 0");
        if (FallDelayS < 0 || FallDelayS > 2) throw new InvalidDataException($"{path}.fallDelayS must be in [0, 2]");
        if (TubeWear is < 0 or > 1) throw new InvalidDataException($"{path}.tubeWear must be in [0, 1]");
        if (ReservoirGrams < 0) throw new InvalidDataException($"{path}.reservoirGrams must be >= 0");
        if (SlipSpeed is < 0 or >= 0.5) throw new InvalidDataException($"{path}.slipSpeed must be in [0, 0.5)");
        if (WearSagAtFullSpeed is < 0 or >= 1) throw new InvalidDataException($"{path}.wearSagAtFullSpeed must be in [0, 1)");
        if (Rollers < 1 || !(MaxRpm > 0)) throw new InvalidDataException($"{path}.rollers must be >= 1 and maxRpm > 0");
    }
}
