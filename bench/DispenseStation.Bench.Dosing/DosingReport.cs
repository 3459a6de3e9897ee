using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>Runs the resist batch with the project doser and both baselines on the same plant and seed.</summary>
public sealed class DosingReport(int seed, int commissioningBatches)
{
    private readonly DosingPlantParameters _plant = DosingPlantParameters.LoadDefault();

    public void PrintComparison(TextWriter w)
    {
        var batch = ReferenceStation.ResistBatch;
        var project = DosingStations.Project(_plant, seed);
        for (int i = 0; i < commissioningBatches; i++) project.Batch(batch);
        var runs = new[]
        {
            project.Batch(batch),
            DosingStations.FastBaseline(_plant, seed).Batch(batch),
            DosingStations.SlowBaseline(_plant, seed).Batch(batch),
        };

        w.WriteLine($"100 g resist batch, seed {seed}, project after {commissioningBatches} commissioning batches; errors by the plant's true delivered mass");
        w.WriteLine($"{"component",-12} {"target g",9} {"tol mg",7} | {"project: actual g",17} {"err mg",8} {"t s",6} | {"fast: actual g",14} {"err mg",8} {"t s",6} | {"slow: actual g",14} {"err mg",8} {"t s",6}");
        for (int i = 0; i < batch.Length; i++)
        {
            var c = batch[i];
            w.Write($"{c.Channel,-12} {c.TargetGrams,9:F3} {c.ToleranceGrams * 1000,7:F1}");
            foreach (var run in runs)
            {
                var o = run[i];
                string flag = o.WithinTolerance ? " " : "!";
                w.Write($" | {o.TrueGrams,13:F4}{flag} {(o.Succeeded ? "   " : "ERR")} {o.TrueErrorGrams * 1000,8:F1} {o.DurationS,6:F1}");
            }
            w.WriteLine();
        }
        w.WriteLine("(! = outside tolerance)");
        string[] names = ["project", "fast baseline", "slow baseline"];
        for (int r = 0; r < runs.Length; r++)
        {
            var run = runs[r];
            w.WriteLine($"{names[r],-14} total {run.Sum(o => o.DurationS),6:F1} s, within tolerance {run.Count(o => o.WithinTolerance)}/{run.Count}, " +
                        $"mean |error|/tol {run.Average(o => Math.Abs(o.TrueErrorGrams) / o.ToleranceGrams),5:F2}, " +
                        $"small doses mean |error| {run.Where(o => o.TargetGrams < 0.5).Average(o => Math.Abs(o.TrueErrorGrams)) * 1000,6:F2} mg");
        }
        double smallProject = runs[0].Where(o => o.TargetGrams < 0.5).Average(o => Math.Abs(o.TrueErrorGrams));
        double smallFast = runs[1].Where(o => o.TargetGrams < 0.5).Average(o => Math.Abs(o.TrueErrorGrams));
        w.WriteLine($"small doses: project {smallFast / smallProject:F0}x more accurate than the fast baseline; " +
                    $"batch {runs[2].Sum(o => o.DurationS) / runs[0].Sum(o => o.DurationS):F1}x faster than the slow baseline");
        w.WriteLine();
    }

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
        var fastTrace = new List<DoseTracePoint>();
        DosingStations.FastBaseline(_plant, seed).Dose(c.Channel, c.TargetGrams, c.ToleranceGrams, trace: fastTrace);
        DosePlot.Save(path, $"{channel}: {c.TargetGrams} g ± {c.ToleranceGrams * 1000:F0} mg", c.TargetGrams, projectTrace, fastTrace);
    }
}
