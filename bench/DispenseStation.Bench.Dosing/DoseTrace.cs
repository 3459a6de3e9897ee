using System.Globalization;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>A readable trace of one batch dose per controller: stage, weights and pump speed every 0.1 s.</summary>
public static class DoseTrace
{
    public static void Print(TextWriter w, DosingPlantParameters plant, string channel, int seed = 1)
    {
        var batch = ReferenceStation.ResistBatch;
        var c = batch.Single(b => b.Channel == channel);
        foreach (var station in new Func<DosingPlantParameters, int, DoseRunner>[] { DosingStations.Project, DosingStations.TwoSpeedPeer })
        {
            var runner = station(plant, seed);
            runner.Batch(batch);
            foreach (var b in batch)
            {
                if (b.Channel == channel) break;
                runner.Dose(b.Channel, b.TargetGrams, b.ToleranceGrams);
            }
            var trace = new List<DoseTracePoint>();
            var stages = new List<DoseStage>();
            var o = runner.Dose(c.Channel, c.TargetGrams, c.ToleranceGrams, trace: trace, duringDose: _ => stages.Add(runner.Controller.Stage));
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{o.Controller}: {o.DurationS:F2} s, error {o.TrueErrorGrams * 1000:F1} mg, {o.Phases}, stages {string.Join(" / ", o.Stages.ToArray().Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))}"));
            for (int i = 0; i < trace.Count; i += 10)
            {
                var p = trace[i];
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.TimeS,6:F2} {stages[i],-7} measured {p.MeasuredNetGrams,9:F4} true {p.TrueDeliveredGrams,9:F4} cmd {p.CommandedSpeed:F3} speed {p.ActualSpeed:F3}"));
            }
        }
    }
}
