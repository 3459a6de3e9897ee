using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>Learning under tube wear, and a plot of one dose: the project's doser and the two-speed peer on the same plant and seed.</summary>
public sealed class DosingReport(DosingPlantParameters plant, int seed, int commissioningBatches)
{
    private readonly DosingPlantParameters _plant = plant;

    /// <summary>Tube wear on one channel: how the learned in-flight estimate follows.</summary>
    public void PrintConvergence(TextWriter w, string channel = "crosslinker", double target = 3.0, double tolerance = 0.01)
    {
        var runner = DosingStations.Project(_plant, seed);
        var doser = ((ProjectDoseController)runner.Controller).Doser;
        w.WriteLine($"in-flight learning on {channel} ({target} g): 6 doses on a new tube, then the tube is worn out (wear 1.0)");
        for (int i = 0; i < 14; i++)
        {
            if (i == 6) runner.Rig.Pumps[_plant.ChannelIndex(channel)].TubeWear = 1.0;
            var o = runner.Dose(channel, target, tolerance);
            w.WriteLine($"  dose {i + 1,2}{(i == 6 ? " worn" : "     ")}: in-flight used {doser.Result.InFlightUsedGrams * 1000,6:F1} mg, seen {doser.Result.InFlightObservedGrams * 1000,6:F1} mg, " +
                        $"error {o.TrueErrorGrams * 1000,6:F1} mg, {o.DurationS,5:F1} s, {o.Phases}");
        }
        w.WriteLine();
    }

    public void PlotDose(string channel, string path)
    {
        var batch = ReferenceStation.ResistBatch;
        var c = batch.Single(b => b.Channel == channel);
        var project = DosingStations.Project(_plant, seed);
        for (int i = 0; i < commissioningBatches; i++) project.Batch(batch);
        var projectTrace = new List<DoseTracePoint>();
        project.Dose(c.Channel, c.TargetGrams, c.ToleranceGrams, trace: projectTrace);
        var peer = DosingStations.TwoSpeedPeer(_plant, seed);
        for (int i = 0; i < commissioningBatches; i++) peer.Batch(batch);
        var fastTrace = new List<DoseTracePoint>();
        peer.Dose(c.Channel, c.TargetGrams, c.ToleranceGrams, trace: fastTrace);
        DosePlot.Save(path, $"{channel}: {c.TargetGrams} g ± {c.ToleranceGrams * 1000:F0} mg", c.TargetGrams, projectTrace, fastTrace);
    }
}
