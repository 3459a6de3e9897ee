using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Ports;
using DispenseStation.Simulation.Dosing;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>
/// Starts a virtual station on the bench its last run left. The firmware persists its tare (so that after a reboot the
/// bottle's net mass reads the same); a fresh simulated plant would have an empty bottle under that tare, so the idle
/// scale read minus what the bottle held at the last tare (-299.8 g in issue 20) with no alarm, since nothing was wrong
/// with the station, only with the bench. Now the plant comes back from <see cref="PlantSnapshot"/>, the plate cooled
/// for the time the station was off; without a usable snapshot, the bottle is re-zeroed against the stored tare and the
/// log says so.
/// </summary>
public static class PlantRestore
{
    /// <summary>Off-time simulated at most: the 15 mm plate is within 0.5 °C of ambient by then (2 h leaves it 2 °C above).</summary>
    public static readonly TimeSpan MaxCoolingTime = TimeSpan.FromHours(6);

    /// <summary>Builds the station on the restored plant; <paramref name="log"/> gets one line saying what was restored or re-zeroed.</summary>
    public static SimulatedStation Start(StationConfig config, IMessageLink link, IFileStore files, string stateDir, PlantSettings plant,
        double speed, DateTimeOffset now, Action<string> log)
    {
        var snapshot = PlantSnapshot.Load(stateDir, out var problem);
        var dosing = new DosingRig(plant.Dosing, plant.Seed);
        var plateC = plant.Hotplate.AmbientC;
        if (snapshot is not null)
        {
            dosing.Restore(snapshot.BottleContentsGrams, snapshot.SpilledGrams, snapshot.BottlePresent);
            // The zero drift too: restarting it at nothing shifted the idle scale by the drift of the last run (0.06 g
            // after 40 simulated minutes), which a resumed dose read as a lighter bottle and held the batch.
            dosing.RestoreScaleZeroDrift(snapshot.ScaleZeroDriftGrams);
            foreach (var pump in dosing.Pumps)
                if (snapshot.ReservoirGrams.TryGetValue(pump.Name, out var left) && left >= 0) pump.ReservoirGrams = left;
            var off = now - snapshot.SavedAt;
            plateC = CooledPlate(plant, snapshot.PlateC, off * speed);
            log($"plant restored from {PlantSnapshot.FileName} (saved {snapshot.SavedAt:u}): bottle {(snapshot.BottlePresent ? "on the scale" : "off the scale")} " +
                $"holding {snapshot.BottleContentsGrams:0.0} g, plate {snapshot.PlateC:0.0} °C then, {plateC:0.0} °C after {Math.Max(0, off.TotalMinutes):0.#} min off");
        }

        var station = new SimulatedStation(config, link, files, plant, dosing,
            new HotplateRig(plant.Hotplate, plant.Seed + 1, plateC));
        if (snapshot is null) ReZero(station, problem, log);
        return station;
    }

    /// <summary>
    /// No usable snapshot: fill the simulated bottle to the mass the station's stored tare was taken at, so the idle
    /// scale reads 0 g net rather than minus the lost contents. A station that never tared (a fresh store) needs nothing.
    /// </summary>
    private static void ReZero(SimulatedStation station, string? problem, Action<string> log)
    {
        var parameters = new double[DispenseStation.Firmware.Station.Persistence.ProgressRecord.MaxDosingParameters];
        station.Dosing.ExportParameters(parameters);
        var tareGross = parameters[0];
        var why = problem is null ? $"no {PlantSnapshot.FileName}" : $"{PlantSnapshot.FileName} unusable ({problem})";
        if (tareGross <= 0)
        {
            log($"new simulated plant ({why}): empty bottle on the scale, plate at ambient");
            return;
        }
        var contents = Math.Max(0, tareGross - station.DosingRig.Parameters.BottleTareGrams);
        station.DosingRig.Restore(contents, 0, bottlePresent: true);
        log($"simulated plant lost ({why}); the station's stored tare is {tareGross:0.0} g gross, so the scale is re-zeroed: " +
            $"the bottle is filled to {contents:0.0} g and reads 0 g net (a new empty bottle would read {-contents:0.0} g)");
    }

    private static double CooledPlate(PlantSettings plant, double savedC, TimeSpan simulatedOff)
    {
        var cooling = simulatedOff > MaxCoolingTime ? MaxCoolingTime : simulatedOff;
        if (cooling <= TimeSpan.Zero) return savedC;
        var rig = new HotplateRig(plant.Hotplate, plant.Seed + 1, savedC);
        rig.Advance((long)cooling.TotalMilliseconds); // heater off: an SSR is off until driven
        return rig.Plant.PlateC;
    }
}
