using System.Text.Json;
using System.Text.Json.Serialization;

namespace DispenseStation.Simulation.Dosing;

/// <summary>Everything the dosing plant model needs; loaded from hardware/plant/dosing.json.</summary>
public sealed class DosingPlantParameters
{
    public required LoadCellParameters LoadCell { get; init; }
    /// <summary>Which device weighs the bottle: "hx711" (the load cell) or "balance" (the MT-SICS laboratory balance).</summary>
    public string Scale { get; init; } = "hx711";
    public BalanceParameters? Balance { get; init; }
    public double BottleTareGrams { get; init; } = 150;
    /// <summary>Speed of the stream hitting the bottle; its momentum reads as extra weight while it flows.</summary>
    public double StreamImpactVelocityMPerS { get; init; } = 0.5;
    public required PumpChannelParameters[] Channels { get; init; }

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
        if (BottleTareGrams < 0) throw new InvalidDataException("bottleTareGrams must be >= 0");
    }

    /// <summary>The same plant weighed by the other device (the bench compares both).</summary>
    public DosingPlantParameters WeighedBy(string scale) => new()
    {
        LoadCell = LoadCell, Scale = scale, Balance = Balance, BottleTareGrams = BottleTareGrams,
        StreamImpactVelocityMPerS = StreamImpactVelocityMPerS, Channels = Channels,
    };

    /// <summary>The same plant with every channel's liquid at <paramref name="viscosityCp"/>.</summary>
    public DosingPlantParameters WithViscosity(double viscosityCp) => new()
    {
        LoadCell = LoadCell, Scale = Scale, Balance = Balance, BottleTareGrams = BottleTareGrams,
        StreamImpactVelocityMPerS = StreamImpactVelocityMPerS,
        Channels = Channels.Select(c => c.WithViscosity(viscosityCp)).ToArray(),
    };

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

/// <summary>One pump channel with its tubing and liquid.</summary>
public sealed record PumpChannelParameters
{
    public required string Name { get; init; }
    /// <summary>Flow of water (1 cP) through a new tube at full speed.</summary>
    public double MaxFlowMlPerS { get; init; } = 5;
    public double DensityGPerMl { get; init; } = 0.968;
    public double ViscosityCp { get; init; } = 1.1;
    /// <summary>Back-slip of the occlusion per cP: thicker liquid pumps less per revolution.</summary>
    public double ViscositySlipPerCp { get; init; } = 0.004;
    /// <summary>Time for the drive to go from stop to full speed (and back).</summary>
    public double RampUpS { get; init; } = 0.15;
    public double RampDownS { get; init; } = 0.05;
    /// <summary>Peristaltic pulsation: relative flow ripple and rollers per revolution.</summary>
    public double PulsationAmplitude { get; init; } = 0.15;
    public int Rollers { get; init; } = 3;
    public double MaxRpm { get; init; } = 300;
    /// <summary>Liquid held at the tube tip drains into the bottle with this time constant (1 cP, new tube).</summary>
    public double DripTimeConstantS { get; init; } = 0.25;
    /// <summary>Relative increase of the drip time constant per cP above 1.</summary>
    public double DripViscosityFactor { get; init; } = 0.02;
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

    public PumpChannelParameters WithViscosity(double cp) => this with { ViscosityCp = cp };

    /// <summary>This channel with a slip speed and a high-speed sag (tests of flow that is not proportional to speed).</summary>
    public PumpChannelParameters WithSpeedCurve(double slipSpeed, double wearSagAtFullSpeed, double tubeWear) =>
        this with { SlipSpeed = slipSpeed, WearSagAtFullSpeed = wearSagAtFullSpeed, TubeWear = tubeWear };

    public void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new InvalidDataException($"{path}.name is required");
        if (!(MaxFlowMlPerS > 0)) throw new InvalidDataException($"{path}.maxFlowMlPerS must be > 0");
        if (!(DensityGPerMl > 0)) throw new InvalidDataException($"{path}.densityGPerMl must be > 0");
        if (!(ViscosityCp > 0)) throw new InvalidDataException($"{path}.viscosityCp must be > 0");
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
