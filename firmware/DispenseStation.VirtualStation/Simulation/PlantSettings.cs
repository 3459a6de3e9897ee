using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Dosing;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>What the simulated plant is made of: plant parameter sets, the seed, and which plant
/// pump each station channel drives (the channel map: station channel i = pump ChannelMap[i]).</summary>
public sealed class PlantSettings
{
    public required DosingPlantParameters Dosing { get; init; }
    public required HotplateParameters Hotplate { get; init; }
    public required string[] ChannelMap { get; init; }
    public int Seed { get; init; } = 1;

    /// <summary>Autotune the plate before use (cached); gains and feed-forward come from it.</summary>
    public bool CommissionHotplate { get; init; } = true;

    /// <summary>Controller settings; null = the thermal project defaults.</summary>
    public HotplateConfig? HotplateConfig { get; init; }

    /// <summary>Plant files shipped next to the assembly; every pump in file order.</summary>
    public static PlantSettings Default(int seed = 1)
    {
        var dosing = DosingPlantParameters.LoadDefault();
        return new PlantSettings
        {
            Dosing = dosing,
            Hotplate = HotplateParameters.LoadDefault(),
            ChannelMap = dosing.Channels.Select(c => c.Name).ToArray(),
            Seed = seed,
        };
    }

    /// <summary>Null when usable, else the field and the rule.</summary>
    public string? Check()
    {
        if (ChannelMap.Length is < 1 or > 8) return "channels: 1 to 8 station channels are required";
        var names = Dosing.Channels.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < ChannelMap.Length; i++)
        {
            if (!names.Contains(ChannelMap[i]))
                return $"channels[{i}]: '{ChannelMap[i]}' is not a pump of the plant (has {string.Join(", ", names)})";
        }
        var dup = ChannelMap.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) return $"channels: pump '{dup.Key}' is mapped twice";
        return null;
    }
}
