using DispenseStation.Firmware.Dosing;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>Bytes the project doser allocates per tick over whole doses (after a warm-up dose).</summary>
public static class TickAllocation
{
    public static (long ticks, long bytes) Measure(DosingPlantParameters plant)
    {
        var rig = new DosingRig(plant, 21);
        var doser = new Doser(rig.CreateScale(), rig.PumpOutputs, ReferenceStation.ChannelSettings(plant), rig.Clock, rig.TakePumpPower());
        long ticks = 0, bytes = 0;
        for (int round = 0; round < 2; round++)
        {
            foreach (var c in ReferenceStation.ResistBatch)
            {
                for (int i = 0; i < 300; i++) { rig.Step(10); doser.Tick(); }
                doser.Start(plant.ChannelIndex(c.Channel), c.TargetGrams, c.ToleranceGrams, 600);
                while (doser.IsRunning)
                {
                    rig.Step(10);
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    doser.Tick();
                    long used = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (round == 1) { bytes += used; ticks++; }
                }
            }
        }
        return (ticks, bytes);
    }
}
