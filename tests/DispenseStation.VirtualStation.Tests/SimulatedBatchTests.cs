using System.Diagnostics;
using System.Text;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using DispenseStation.VirtualStation.Simulation;
using DispenseStation.VirtualStation.Storage;
using Xunit.Abstractions;

namespace DispenseStation.VirtualStation.Tests;

public sealed class SimulatedBatchTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ds-vs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private (SimulatedStation Sim, LoopbackLink Link) Make(int seed = 1)
    {
        var link = new LoopbackLink();
        var sim = new SimulatedStation(new StationConfig { StationId = "vs-1" }, link, new DirectoryFileStore(_dir), PlantSettings.Default(seed));
        return (sim, link);
    }

    private static List<EventMessage> Events(LoopbackLink link) => link.Published
        .Where(p => p.Topic == Topics.Event("vs-1"))
        .Select(p =>
        {
            var b = Encoding.UTF8.GetBytes(p.Payload);
            Assert.True(EventMessage.TryParse(b, 0, b.Length, out var e, out var err), err);
            return e;
        }).ToList();

    [Fact]
    public void A_100_g_batch_with_a_two_step_bake_runs_on_the_simulated_plant_faster_than_real_time()
    {
        var (sim, link) = Make();
        sim.Run(TimeSpan.FromSeconds(2)); // first readings
        link.Deliver(Topics.Command("vs-1", CommandNames.Start), BatchRecipes.StartPayload("s-1", BatchRecipes.HundredGramsWithTwoStepBake("B-100")));

        long simStart = sim.Clock.UptimeMs;
        var wall = Stopwatch.StartNew();
        long limit = simStart + 3_600_000;
        while (sim.Station.State != PackMlState.Complete && sim.Clock.UptimeMs < limit)
        {
            sim.Step();
            if (sim.Station.State == PackMlState.Held && sim.Hotplate.StartErrorDetail != null) Assert.Fail(sim.Hotplate.StartErrorDetail);
            if (sim.Station.State == PackMlState.Held)
                Assert.Fail("batch held: " + string.Join("\n", link.Published.Where(p => p.Topic.EndsWith("/event")).Select(p => p.Payload)));
        }
        wall.Stop();
        double simS = (sim.Clock.UptimeMs - simStart) / 1000.0;
        Assert.Equal(PackMlState.Complete, sim.Station.State);

        var events = Events(link);
        var doses = events.Where(e => e.Kind == EventKinds.DoseResult).ToList();
        Assert.Equal(5, doses.Count);
        foreach (var d in doses)
        {
            output.WriteLine($"dose ch{d.Channel}: target {d.TargetGrams:F4} g actual {d.ActualGrams:F4} g error {d.ErrorGrams:+0.0000;-0.0000} g in {d.DurationMs / 1000.0:F1} s");
            Assert.True(d.Success);
        }
        // The true mass in the bottle (the plant's, not the scale's) within the summed tolerances.
        Assert.InRange(sim.DosingRig.BottleContentsGrams, 100 - 0.125, 100 + 0.125);
        var bake = events.Where(e => e.Kind == EventKinds.BakeSegment).ToList();
        foreach (var b in bake) output.WriteLine($"bake segment {b.SetpointC} C done at {b.UptimeMs / 1000.0:F1} s, {b.SecondsOutsideBand:F1} s outside band");
        Assert.Equal(new[] { 100.0, 110.0 }, bake.Select(b => b.SetpointC));
        Assert.Equal(EventKinds.BatchCompleted, events.Last().Kind);
        Assert.False(sim.HotplateRig.Heater.IsOn);

        output.WriteLine($"100 g batch + two-step bake: {simS:F1} s simulated in {wall.Elapsed.TotalSeconds:F2} s wall ({simS / wall.Elapsed.TotalSeconds:F0}x real time)");
        Assert.True(simS > 5 * wall.Elapsed.TotalSeconds, "the simulation must run faster than real time");
    }

    [Fact]
    public void Every_record_of_a_batch_goes_to_flash_while_no_pump_runs_hold_and_resume_included()
    {
        SimulatedStation? station = null;
        var store = new PumpWatchingStore(new DirectoryFileStore(_dir), () => station!.DosingRig.Pumps.Any(p => p.CommandedSpeed > 0));
        var link = new LoopbackLink();
        var sim = station = new SimulatedStation(new StationConfig { StationId = "vs-1" }, link, store, PlantSettings.Default(3));
        sim.Run(TimeSpan.FromSeconds(2));
        link.Deliver(Topics.Command("vs-1", CommandNames.Start), BatchRecipes.StartPayload("s-1", BatchRecipes.HundredGramsWithTwoStepBake("B-w")));
        while (!(sim.Station.StepIndex == 2 && sim.DosingRig.BottleContentsGrams > 60)) sim.Step();
        link.Deliver(Topics.Command("vs-1", CommandNames.Hold), BatchRecipes.CommandPayload("h-1"));
        sim.Run(TimeSpan.FromSeconds(3));
        Assert.Equal(PackMlState.Held, sim.Station.State);
        link.Deliver(Topics.Command("vs-1", CommandNames.Unhold), BatchRecipes.CommandPayload("u-1"));
        long limit = sim.Clock.UptimeMs + 3_600_000;
        while (sim.Station.State != PackMlState.Complete && sim.Clock.UptimeMs < limit) sim.Step();

        Assert.Equal(PackMlState.Complete, sim.Station.State);
        output.WriteLine($"{store.Writes} record writes, {store.WritesWhilePumping} while a pump was commanded on");
        Assert.True(store.Writes >= 10, $"{store.Writes} writes");
        Assert.Equal(0, store.WritesWhilePumping);
        Assert.InRange(sim.DosingRig.BottleContentsGrams, 100 - 0.125, 100 + 0.125);
    }

    /// <summary>Counts record writes, and those made while a pump is commanded on.</summary>
    private sealed class PumpWatchingStore(DispenseStation.Firmware.Ports.IFileStore inner, Func<bool> pumping) : DispenseStation.Firmware.Ports.IFileStore
    {
        public int Writes;
        public int WritesWhilePumping;
        public byte[] Read(string name) => inner.Read(name);
        public void Delete(string name) => inner.Delete(name);

        public void Write(string name, byte[] data, int length)
        {
            Writes++;
            if (pumping()) WritesWhilePumping++;
            inner.Write(name, data, length);
        }
    }

    [Fact]
    public void A_power_cut_mid_dose_on_the_simulated_plant_comes_back_held_and_resume_finishes_the_batch_in_tolerance()
    {
        var (sim, link) = Make(seed: 7);
        sim.Run(TimeSpan.FromSeconds(2));
        link.Deliver(Topics.Command("vs-1", CommandNames.Start), BatchRecipes.StartPayload("s-1", BatchRecipes.HundredGramsWithTwoStepBake("B-cut")));
        while (!(sim.Station.StepIndex == 2 && sim.DosingRig.BottleContentsGrams > 60)) sim.Step();
        double contentsAtCut = sim.DosingRig.BottleContentsGrams;

        var link2 = new LoopbackLink();
        var after = sim.PowerCycle(link2, TimeSpan.FromSeconds(5));
        after.Step();
        Assert.Equal(PackMlState.Held, after.Station.State);
        Assert.True(after.Station.Interrupted);
        Assert.Equal(2, after.Station.StepIndex);
        var interrupted = Events(link2).Single(e => e.Kind == EventKinds.BatchInterrupted);
        output.WriteLine(interrupted.Message);
        Assert.Contains("[1]=", interrupted.Message);
        // Pumps lost power at the cut (what was in the tube has landed since); nothing is pumped while held.
        double settled = after.DosingRig.BottleContentsGrams;
        Assert.True(settled >= contentsAtCut);
        after.Run(TimeSpan.FromSeconds(5));
        Assert.Equal(settled, after.DosingRig.BottleContentsGrams, 3);

        link2.Deliver(Topics.Command("vs-1", CommandNames.Resume), BatchRecipes.CommandPayload("r-1"));
        long limit = after.Clock.UptimeMs + 3_600_000;
        while (after.Station.State != PackMlState.Complete && after.Clock.UptimeMs < limit)
        {
            after.Step();
            Assert.NotEqual(PackMlState.Held, after.Station.State);
        }
        Assert.Equal(PackMlState.Complete, after.Station.State);
        var solvent = Events(link2).Single(e => e.Kind == EventKinds.DoseResult && e.Channel == 1);
        Assert.True(solvent.Success);
        Assert.InRange(solvent.ActualGrams, 54.92 - 0.05, 54.92 + 0.05);
        Assert.InRange(after.DosingRig.BottleContentsGrams, 100 - 0.125, 100 + 0.125);
        output.WriteLine($"bottle after resume: {after.DosingRig.BottleContentsGrams:F4} g (cut at {contentsAtCut:F4} g)");
    }
}
