using DispenseStation.Simulation.Dosing;

var plant = DosingPlantParameters.LoadDefault();
foreach (var c in ReferenceStation.ResistBatch)
{
    var runner = DosingStations.Project(plant, 7);
    var ctl = (ProjectDoseController)runner.Controller;
    for (int i = 0; i < 5; i++) runner.Dose(c.Channel, c.TargetGrams, c.ToleranceGrams);
    var errs = new List<double>(); var meas = new List<double>(); var obs = new List<double>(); int topups = 0; double time = 0;
    for (int i = 0; i < 20; i++)
    {
        var o = runner.Dose(c.Channel, c.TargetGrams, c.ToleranceGrams);
        if (!o.Succeeded) Console.WriteLine($"  {o.Channel} dose {i}: {o.Fault} after {o.DurationS:F1}s");
        errs.Add(o.TrueErrorGrams * 1000); meas.Add((o.MeasuredGrams - o.TrueGrams) * 1000); obs.Add(ctl.Doser.Result.InFlightObservedGrams * 1000);
        topups += ctl.Doser.Result.TopUpPulses; time += o.DurationS;
    }
    static string S(List<double> x) { double m = x.Average(); double s = Math.Sqrt(x.Average(v => (v - m) * (v - m))); return $"mean {m,6:F2} sd {s,5:F2} min {x.Min(),6:F1} max {x.Max(),6:F1}"; }
    Console.WriteLine($"{c.Channel,-12} tol {c.ToleranceGrams * 1000,4:F0} err[{S(errs)}] meas-true[{S(meas)}] inflight[{S(obs)}] topups {topups} t {time / 20:F1}s");
}
