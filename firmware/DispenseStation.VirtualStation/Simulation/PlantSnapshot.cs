using System.Text.Json;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>
/// The physical state of the simulated bench that outlives the virtual station's process, as a real bench outlives
/// a reboot of its ESP32: the liquid in the bottle (what the station's persisted tare refers to), spill on the pan,
/// whether the bottle stands there, each reservoir's level, the scale's zero drift and the plate's temperature. Kept as plant.json in the
/// station's state folder, next to the firmware's own store.
/// </summary>
public sealed class PlantSnapshot
{
    public const string FileName = "plant.json";
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;
    public DateTimeOffset SavedAt { get; set; }
    public double BottleContentsGrams { get; set; }
    public double SpilledGrams { get; set; }
    public bool BottlePresent { get; set; } = true;
    /// <summary>Grams left in each pump's reservoir, by plant pump name.</summary>
    public Dictionary<string, double> ReservoirGrams { get; set; } = new();
    public double PlateC { get; set; }
    /// <summary>The scale's zero drift (bridge temperature, creep); a file without it (older) restores none.</summary>
    public double ScaleZeroDriftGrams { get; set; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static PlantSnapshot Capture(SimulatedStation station, DateTimeOffset now) => new()
    {
        SavedAt = now,
        BottleContentsGrams = station.DosingRig.BottleContentsGrams,
        SpilledGrams = station.DosingRig.SpilledGrams,
        BottlePresent = station.DosingRig.BottlePresent,
        ReservoirGrams = station.DosingRig.Pumps.ToDictionary(p => p.Name, p => p.ReservoirGrams),
        PlateC = station.HotplateRig.Plant.PlateC,
        ScaleZeroDriftGrams = station.DosingRig.ScaleZeroDriftGrams,
    };

    /// <summary>Writes the file whole or not at all (temporary file, then rename), so a kill mid-write keeps the last one.</summary>
    public void Save(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The saved snapshot; null with no file (<paramref name="problem"/> null) or an unusable one (the reason).</summary>
    public static PlantSnapshot? Load(string directory, out string? problem)
    {
        problem = null;
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var snapshot = JsonSerializer.Deserialize<PlantSnapshot>(File.ReadAllText(path), Json);
            problem = snapshot switch
            {
                null => "empty",
                { Format: not CurrentFormat } => $"format {snapshot.Format}, this station reads {CurrentFormat}",
                _ when !(snapshot.BottleContentsGrams >= 0) || !(snapshot.SpilledGrams >= 0) || !double.IsFinite(snapshot.PlateC) || !double.IsFinite(snapshot.ScaleZeroDriftGrams) => "values out of range",
                _ => null,
            };
            return problem is null ? snapshot : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            problem = e.Message;
            return null;
        }
    }
}
