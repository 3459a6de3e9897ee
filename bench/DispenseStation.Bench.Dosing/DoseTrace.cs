using System.Globalization;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>A readable trace of one batch dose per controller: stage, weights and pump speed every 0.1 s.</summary>
public static class DoseTrace
{
    public static void Print(TextWriter w, DosingPlantParameters plant, string channel, int seed = 1)
    {
        var batch = ReferenceStation.ResistBatch;
        // "channel:grams[:doses]" traces the last of a few doses in a row at 1 % tolerance, as the sweep runs them.
        string[] parts = channel.Split(':');
        channel = parts[0];
        if (parts.Length > 1)
        {
            double g = double.Parse(parts[1], CultureInfo.InvariantCulture);
            int n = parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 3;
            batch = Enumerable.Repeat(new BatchComponent(channel, g, 0.01 * g), n - 1).ToArray();
            if (parts.Length > 3) plant = plant.WithViscosity(double.Parse(parts[3], CultureInfo.InvariantCulture));
        }
        var c = parts.Length > 1 ? new BatchComponent(channel, double.Parse(parts[1], CultureInfo.InvariantCulture), 0.01 * double.Parse(parts[1], CultureInfo.InvariantCulture))
            : batch.Single(b => b.Channel == channel);
        foreach (var station in new Func<DosingPlantParameters, int, DoseRunner>[] { DosingStations.Project, DosingStations.TwoSpeedPeer })
        {
            var runner = station(plant, seed);
            var doser = (runner.Controller as ProjectDoseController)?.Doser;
            void Note(DoseOutcome o)
            {
                if (doser is null || o.Channel != channel) return;
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  earlier {o.Channel}: cut at {doser.Result.CutoffGrams:F4} g, in-flight used {doser.Result.InFlightUsedGrams * 1000:F1} mg, seen {doser.Result.InFlightObservedGrams * 1000:F1} mg, error {o.TrueErrorGrams * 1000:F1} mg, {o.Phases}"));
            }
            foreach (var b in batch) Note(runner.Dose(b.Channel, b.TargetGrams, b.ToleranceGrams));
            foreach (var b in parts.Length > 1 ? [] : batch)
            {
                if (b.Channel == channel) break;
                runner.Dose(b.Channel, b.TargetGrams, b.ToleranceGrams);
            }
            var trace = new List<DoseTracePoint>();
            var stages = new List<DoseStage>();
            var o = runner.Dose(c.Channel, c.TargetGrams, c.ToleranceGrams, trace: trace, duringDose: _ => stages.Add(runner.Controller.Stage));
            Note(o);
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{o.Controller}: {o.DurationS:F2} s, error {o.TrueErrorGrams * 1000:F1} mg, {o.Phases}, stages {string.Join(" / ", o.Stages.ToArray().Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))}"));
            for (int i = 0; i < trace.Count; i += 10)
            {
                var p = trace[i];
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.TimeS,6:F2} {stages[i],-7} measured {p.MeasuredNetGrams,9:F4} true {p.TrueDeliveredGrams,9:F4} cmd {p.CommandedSpeed:F3} speed {p.ActualSpeed:F3}"));
            }
        }
    }
}
