using DispenseStation.Firmware.Dosing;

namespace DispenseStation.Simulation.Dosing;

/// <summary>Ready-made rigs with a controller on them: the project's doser and the two baselines.</summary>
public static class DosingStations
{
    public static DoseRunner Project(DosingPlantParameters plant, int seed)
    {
        var rig = new DosingRig(plant, seed);
        var doser = new Doser(rig.CreateScale(), rig.PumpOutputs, ReferenceStation.ChannelSettings(plant), rig.Clock, rig.TakePumpPower());
        return Warm(new DoseRunner(rig, new ProjectDoseController(doser)));
    }

    /// <summary>The industrial peer: two-speed batching with adaptive preact and jogs, on the same rig and scale.</summary>
    public static DoseRunner TwoSpeedPeer(DosingPlantParameters plant, int seed)
    {
        var rig = new DosingRig(plant, seed);
        double readability = rig.WeighsOnBalance ? plant.Balance!.ReadabilityGrams : 1.0 / plant.LoadCell.CountsPerGram;
        var controller = new TwoSpeedBatchController(rig.CreateScale(), rig.PumpOutputs, ReferenceStation.ChannelSettings(plant), rig.Clock, rig.TakePumpPower(), readability);
        return Warm(new DoseRunner(rig, controller));
    }

    /// <summary>Naive: full speed, stop at target.</summary>
    public static DoseRunner FastBaseline(DosingPlantParameters plant, int seed)
    {
        var rig = new DosingRig(plant, seed);
        var speeds = plant.Channels.Select(_ => 1.0).ToArray();
        return Warm(new DoseRunner(rig, new SingleSpeedDoser("fast baseline", rig.CreateScale(), rig.PumpOutputs, speeds, rig.Clock)));
    }

    /// <summary>Patient: the project's dribble speed all the way, stop at target.</summary>
    public static DoseRunner SlowBaseline(DosingPlantParameters plant, int seed)
    {
        var rig = new DosingRig(plant, seed);
        var speeds = ReferenceStation.SlowBaselineSpeeds(ReferenceStation.ChannelSettings(plant));
        return Warm(new DoseRunner(rig, new SingleSpeedDoser("slow baseline", rig.CreateScale(), rig.PumpOutputs, speeds, rig.Clock)));
    }

    private static DoseRunner Warm(DoseRunner runner)
    {
        runner.Warmup();
        return runner;
    }
}
