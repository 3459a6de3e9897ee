using DispenseStation.Firmware.Dosing;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>The ESP32's GC stalls the loop when the control tick allocates: it must not.</summary>
public class DoserAllocationTests
{
    [Fact]
    public void Ticks_allocate_nothing_through_a_whole_dose_with_top_ups_and_a_fault()
    {
        var plant = DosingPlantParameters.LoadDefault();
        var rig = new DosingRig(plant, 12);
        var doser = new Doser(rig.CreateScale(), rig.PumpOutputs, ReferenceStation.ChannelSettings(plant), rig.Clock);
        // Warm everything up once (JIT, first-call paths) before measuring.
        RunDose(rig, doser, 1, 30, out _);

        long ticks = 0, allocated = 0;
        foreach (var (channel, grams) in new[] { (0, 30.0), (2, 3.0), (4, 0.08) })
        {
            allocated += RunDose(rig, doser, channel, grams, out long n);
            ticks += n;
            Assert.Equal(DoserState.Done, doser.State);
        }
        rig.Pumps[3].Clog = 1;
        allocated += RunDose(rig, doser, 3, 2.0, out long m);
        ticks += m;
        Assert.Equal(DoseFault.NoFlow, doser.Result.FaultCode);

        Assert.True(ticks > 3000, $"only {ticks} ticks measured");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Idle_ticks_with_the_runaway_watch_allocate_nothing_even_when_it_trips()
    {
        var plant = DosingPlantParameters.LoadDefault();
        var rig = new DosingRig(plant, 12);
        var doser = new Doser(rig.CreateScale(), rig.PumpOutputs, ReferenceStation.ChannelSettings(plant), rig.Clock, rig.TakePumpPower());
        RunDose(rig, doser, 2, 3.0, out _);
        for (int i = 0; i < 300; i++) { rig.Step(10); doser.Tick(); }
        rig.PumpPower.WeldedOn = true;
        rig.PumpPower.Apply();
        rig.Pumps[2].StuckAtSpeed = 1;
        long allocated = 0;
        for (int i = 0; i < 500; i++)
        {
            rig.Step(10);
            long before = GC.GetAllocatedBytesForCurrentThread();
            doser.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(DoseFault.PumpRunaway, doser.IdleFault);
        Assert.Equal(0, allocated);
    }

    private static long RunDose(DosingRig rig, Doser doser, int channel, double grams, out long ticks)
    {
        for (int i = 0; i < 200; i++) { rig.Step(10); doser.Tick(); } // settle the scale
        doser.Start(channel, grams, grams * 0.005 + 0.004, 300);
        long allocated = 0;
        ticks = 0;
        while (doser.IsRunning)
        {
            rig.Step(10);
            long before = GC.GetAllocatedBytesForCurrentThread();
            doser.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            ticks++;
        }
        return allocated;
    }
}
