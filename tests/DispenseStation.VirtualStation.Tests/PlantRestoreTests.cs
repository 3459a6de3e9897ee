using DispenseStation.Firmware.Station;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using DispenseStation.VirtualStation.Simulation;
using DispenseStation.VirtualStation.Storage;

namespace DispenseStation.VirtualStation.Tests;

/// <summary>
/// A virtual station restarted on the same state folder finds its bench as it left it (bottle contents, reservoirs,
/// the plate cooled for the time it was off), so the idle scale reads what it read before the restart; without a saved
/// plant it re-zeros against the stored tare and says so. The cause of "-299.8 g after a restart": the firmware keeps
/// its tare across reboots (right for a real bench) while the simulated bottle came back empty.
/// </summary>
public sealed class PlantRestoreTests : IDisposable
{
    private const string Id = "vs-1";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ds-plant-" + Guid.NewGuid().ToString("N"));
    private readonly DateTimeOffset _t0 = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Two 20 g solvent doses, each after a tare: the second tare is taken with 20 g already in the bottle.</summary>
    private static ControlRecipe TwoTaredDoses() => new()
    {
        BatchId = "B-PLANT",
        RecipeName = "two tared doses",
        MaxBottleGrams = 250,
        Steps =
        [
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare", TimeoutS = 30 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "solvent 1", Channel = 1, TargetGrams = 20, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare again", TimeoutS = 30 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "solvent 2", Channel = 1, TargetGrams = 20, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.WaitStable, Name = "settle", TimeoutS = 60, DurationS = 2 },
        ],
    };

    private SimulatedStation Start(List<string> log, DateTimeOffset now, double speed = 1, LoopbackLink? link = null) =>
        PlantRestore.Start(new StationConfig { StationId = Id }, link ?? new LoopbackLink(), new DirectoryFileStore(_dir), _dir, PlantSettings.Default(),
            speed, now, log.Add);

    /// <summary>The first run: the batch to Complete, then the plant saved as the host saves it.</summary>
    private (double NetGrams, double Contents, double Reservoir) FirstRun()
    {
        var log = new List<string>();
        var link = new LoopbackLink();
        var sim = Start(log, _t0, link: link);
        Assert.Contains(log, l => l.StartsWith("new simulated plant", StringComparison.Ordinal));
        sim.Run(TimeSpan.FromSeconds(2));
        link.Deliver(Topics.Command(Id, CommandNames.Start), BatchRecipes.StartPayload("s-1", TwoTaredDoses()));
        var limit = sim.Clock.UptimeMs + 600_000;
        while (sim.Station.State != PackMlState.Complete && sim.Clock.UptimeMs < limit)
        {
            sim.Step();
            Assert.NotEqual(PackMlState.Held, sim.Station.State);
        }
        Assert.Equal(PackMlState.Complete, sim.Station.State);
        sim.Run(TimeSpan.FromSeconds(5));
        PlantSnapshot.Capture(sim, _t0.AddMinutes(10)).Save(_dir);
        return (sim.Dosing.NetGrams, sim.DosingRig.BottleContentsGrams, sim.DosingRig.Pumps.Single(p => p.Name == "solvent").ReservoirGrams);
    }

    [Fact]
    public void After_a_restart_the_idle_scale_reads_what_it_read_before()
    {
        var before = FirstRun();
        Assert.InRange(before.Contents, 40 - 0.1, 40 + 0.1);
        Assert.InRange(before.NetGrams, 20 - 0.1, 20 + 0.1);

        var log = new List<string>();
        var after = Start(log, _t0.AddMinutes(11));
        after.Run(TimeSpan.FromSeconds(5));
        Assert.InRange(after.Dosing.NetGrams, before.NetGrams - 0.05, before.NetGrams + 0.05);
        Assert.Equal(before.Contents, after.DosingRig.BottleContentsGrams, 9);
        Assert.Equal(before.Reservoir, after.DosingRig.Pumps.Single(p => p.Name == "solvent").ReservoirGrams, 9);
        Assert.Contains(log, l => l.StartsWith($"plant restored from plant.json (saved {_t0.AddMinutes(10):u}): bottle on the scale holding 40.0 g", StringComparison.Ordinal));
    }

    /// <summary>The first run, then <paramref name="idle"/> of the bench standing (the zero drifts), saved as the host saves it.</summary>
    private (double NetGrams, double DriftGrams) FirstRunThenIdle(TimeSpan idle)
    {
        FirstRun();
        var sim = Start([], _t0.AddMinutes(10));
        sim.Run(idle);
        PlantSnapshot.Capture(sim, _t0.AddMinutes(10) + idle).Save(_dir);
        return (sim.Dosing.NetGrams, sim.DosingRig.ScaleZeroDriftGrams);
    }

    [Fact]
    public void After_a_restart_the_scale_keeps_the_zero_drift_of_the_bench()
    {
        // 40 simulated minutes (one wall minute at 40x) drift the HX711's zero by about 0.06 g, twice a 6 g dose's
        // tolerance: a restart that dropped it read the bottle lighter and held the resumed batch (bottle-changed).
        var before = FirstRunThenIdle(TimeSpan.FromMinutes(40));
        Assert.True(Math.Abs(before.DriftGrams) > 0.03, $"drift {before.DriftGrams} g: too small for this test to tell");

        var after = Start([], _t0.AddMinutes(51));
        after.Run(TimeSpan.FromSeconds(5));
        Assert.InRange(after.Dosing.NetGrams, before.NetGrams - 0.01, before.NetGrams + 0.01);
    }

    [Fact]
    public void The_cause_a_restart_that_drops_the_zero_drift_shifts_the_idle_scale_by_it()
    {
        var before = FirstRunThenIdle(TimeSpan.FromMinutes(40));
        var path = Path.Combine(_dir, PlantSnapshot.FileName);
        var saved = PlantSnapshot.Load(_dir, out _)!;
        saved.ScaleZeroDriftGrams = 0; // what the snapshot held before it kept the drift
        saved.Save(_dir);

        var after = Start([], _t0.AddMinutes(51));
        after.Run(TimeSpan.FromSeconds(5));
        var shift = after.Dosing.NetGrams - before.NetGrams;
        Assert.InRange(shift, -before.DriftGrams - 0.01, -before.DriftGrams + 0.01);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void The_cause_a_fresh_plant_under_the_stored_tare_reads_minus_the_lost_contents()
    {
        var before = FirstRun();
        // What the virtual station did before: a new plant (empty bottle) under the tare the firmware kept.
        var fresh = new SimulatedStation(new StationConfig { StationId = Id }, new LoopbackLink(), new DirectoryFileStore(_dir), PlantSettings.Default());
        fresh.Run(TimeSpan.FromSeconds(5));
        Assert.InRange(fresh.Dosing.NetGrams, before.NetGrams - before.Contents - 0.1, before.NetGrams - before.Contents + 0.1); // about -20 g
    }

    [Fact]
    public void Without_a_saved_plant_the_scale_is_re_zeroed_against_the_stored_tare_and_the_log_says_so()
    {
        FirstRun();
        File.Delete(Path.Combine(_dir, PlantSnapshot.FileName));
        var log = new List<string>();
        var after = Start(log, _t0.AddMinutes(11));
        after.Run(TimeSpan.FromSeconds(5));
        Assert.InRange(after.Dosing.NetGrams, -0.05, 0.05);
        var line = Assert.Single(log);
        Assert.StartsWith("simulated plant lost (no plant.json); the station's stored tare is 170.0 g gross, so the scale is re-zeroed", line);
    }

    [Fact]
    public void An_unreadable_plant_file_is_named_and_re_zeroed()
    {
        FirstRun();
        File.WriteAllText(Path.Combine(_dir, PlantSnapshot.FileName), "{ not json");
        var log = new List<string>();
        var after = Start(log, _t0.AddMinutes(11));
        after.Run(TimeSpan.FromSeconds(5));
        Assert.InRange(after.Dosing.NetGrams, -0.05, 0.05);
        Assert.StartsWith("simulated plant lost (plant.json unusable (", Assert.Single(log));
    }

    [Fact]
    public void A_fresh_state_folder_starts_a_new_empty_plant()
    {
        var log = new List<string>();
        var sim = Start(log, _t0);
        sim.Run(TimeSpan.FromSeconds(5));
        Assert.InRange(sim.Dosing.NetGrams, 150 - 0.1, 150 + 0.1); // never tared: the empty bottle's gross mass
        Assert.Equal("new simulated plant (no plant.json): empty bottle on the scale, plate at ambient", Assert.Single(log));
    }

    [Fact]
    public void The_plate_cools_for_the_time_the_station_was_off()
    {
        Directory.CreateDirectory(_dir);
        new PlantSnapshot { SavedAt = _t0, PlateC = 110, BottleContentsGrams = 0 }.Save(_dir);
        var ambient = PlantSettings.Default().Hotplate.AmbientC;

        var quick = Start([], _t0.AddSeconds(5));
        Assert.InRange(quick.HotplateRig.Plant.PlateC, 105, 110);

        var atSpeed = Start([], _t0.AddSeconds(5), speed: 100); // 500 s simulated off
        Assert.True(atSpeed.HotplateRig.Plant.PlateC < quick.HotplateRig.Plant.PlateC - 5);

        var overnight = Start([], _t0.AddHours(12));
        Assert.InRange(overnight.HotplateRig.Plant.PlateC, ambient, ambient + 0.5);

        var clockBack = Start([], _t0.AddMinutes(-5)); // a wall clock set back: no negative cooling
        Assert.Equal(110, clockBack.HotplateRig.Plant.PlateC, 9);
    }

    [Fact]
    public async Task The_host_saves_the_plant_when_stopped_and_the_next_host_restores_it()
    {
        var options = new Hosting.VirtualStationOptions { StationId = Id, Broker = "127.0.0.1:9", StateDir = _dir, Speed = 1 };
        var first = new List<string>();
        await using (var host = new Hosting.VirtualStationHost(options, first.Add))
        {
            host.Simulation.DosingRig.Restore(12.5, 0, bottlePresent: true);
            using var stop = new CancellationTokenSource();
            var run = host.RunAsync(stop.Token);
            stop.Cancel();
            await run;
        }
        Assert.Contains(first, l => l.StartsWith("new simulated plant", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_dir, PlantSnapshot.FileName)));

        var second = new List<string>();
        await using var again = new Hosting.VirtualStationHost(options, second.Add);
        Assert.Equal(12.5, again.Simulation.DosingRig.BottleContentsGrams, 9);
        Assert.Contains(second, l => l.Contains("holding 12.5 g", StringComparison.Ordinal));
    }
}
