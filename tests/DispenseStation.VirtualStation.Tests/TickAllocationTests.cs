using DispenseStation.Firmware.Station;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using DispenseStation.VirtualStation.Simulation;
using DispenseStation.VirtualStation.Storage;

namespace DispenseStation.VirtualStation.Tests;

/// <summary>The station tick with the real doser and hotplate controller behind it allocates nothing
/// in steady state (dosing, baking), telemetry included. Only the station's tick is measured; the
/// plant physics in between is the test's.</summary>
public sealed class TickAllocationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ds-alloc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static long MeasureTicks(SimulatedStation sim, int ticks)
    {
        long allocated = 0;
        for (int i = 0; i < ticks; i++)
        {
            sim.DosingRig.Step(SimulatedStation.TickMs);
            sim.HotplateRig.Advance(SimulatedStation.TickMs);
            long before = GC.GetAllocatedBytesForCurrentThread();
            sim.Station.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        return allocated;
    }

    [Fact]
    public void Ticks_that_take_a_start_command_and_wait_for_its_records_allocate_nothing()
    {
        // Warm-up: one start on another station (JIT, one-time statics).
        var warmLink = new LoopbackLink();
        var warm = new SimulatedStation(new StationConfig { StationId = "vs-1" }, warmLink, new DirectoryFileStore(_dir + "-warm"), PlantSettings.Default());
        warm.Run(TimeSpan.FromSeconds(2));
        warmLink.Deliver(Topics.Command("vs-1", CommandNames.Start), BatchRecipes.StartPayload("s-0", BatchRecipes.HundredGramsWithTwoStepBake("B-0")));
        while (!(warm.Station.StepIndex == 1 && warm.Dosing.IsDosing)) warm.Step();
        Directory.Delete(_dir + "-warm", recursive: true);

        var link = new LoopbackLink();
        var sim = new SimulatedStation(new StationConfig { StationId = "vs-1" }, link, new DirectoryFileStore(_dir), PlantSettings.Default());
        sim.Run(TimeSpan.FromSeconds(2));
        link.Deliver(Topics.Command("vs-1", CommandNames.Start), BatchRecipes.StartPayload("s-1", BatchRecipes.HundredGramsWithTwoStepBake("B-a")));
        link.Record = false;
        // From the start command through the tare into the first dose: the worker parses and writes
        // between ticks (as its thread does while the loop sleeps); only the tick is measured.
        long allocated = 0;
        int ticks = 0;
        while (!(sim.Station.StepIndex == 1 && sim.Dosing.IsDosing))
        {
            sim.DosingRig.Step(SimulatedStation.TickMs);
            sim.HotplateRig.Advance(SimulatedStation.TickMs);
            sim.Station.Worker.RunOnce();
            long before = GC.GetAllocatedBytesForCurrentThread();
            sim.Station.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(++ticks < 100_000, "no dose");
        }
        Assert.True(sim.Station.Worker.Writes >= 3, $"{sim.Station.Worker.Writes} record writes");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Dosing_and_baking_ticks_allocate_nothing()
    {
        var link = new LoopbackLink();
        var sim = new SimulatedStation(new StationConfig { StationId = "vs-1" }, link, new DirectoryFileStore(_dir), PlantSettings.Default());
        sim.Run(TimeSpan.FromSeconds(2));
        link.Deliver(Topics.Command("vs-1", CommandNames.Start), BatchRecipes.StartPayload("s-1", BatchRecipes.HundredGramsWithTwoStepBake("B-a")));
        while (!(sim.Station.StepIndex == 1 && sim.Dosing.IsDosing && sim.Dosing.NetGrams > 5)) sim.Step();

        link.Record = false;
        int published = link.PublishCount;
        Assert.Equal(0, MeasureTicks(sim, 500)); // 5 s into the resin dose
        Assert.True(sim.Dosing.IsDosing);
        Assert.True(link.PublishCount - published >= 20, "telemetry went out during the measurement");

        link.Record = true;
        while (!(sim.Hotplate.IsRunning && sim.Controller.Program.CurrentKind == DispenseStation.Firmware.Thermal.BakeSegmentKind.Hold)) sim.Step();
        link.Record = false;
        Assert.Equal(0, MeasureTicks(sim, 1000)); // 10 s into the first hold
        Assert.True(sim.Hotplate.IsRunning);
    }
}
