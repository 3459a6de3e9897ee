using DispenseStation.Simulation.Dosing;

var plant = DosingPlantParameters.LoadDefault();
var runner = DosingStations.Project(plant, 1);
var ctl = (ProjectDoseController)runner.Controller;
for (int b = 0; b < 6; b++)
{
    var tr = new List<DoseTracePoint>();
    var o = runner.Dose(args.Length > 0 ? args[0] : "resin", args.Length > 1 ? double.Parse(args[1]) : 40, args.Length > 2 ? double.Parse(args[2]) : 0.05, 600, tr);
    double last=-1; foreach (var p in tr) if (p.CommandedSpeed != last) { Console.WriteLine($"  t={p.TimeS:F2} speed {p.CommandedSpeed:F3} meas {p.MeasuredNetGrams:F3} true {p.TrueDeliveredGrams:F3}"); last = p.CommandedSpeed; }
    var r = ctl.Doser.Result;
    Console.WriteLine($"{o.Channel,-12} meas {o.MeasuredGrams,8:F4} true {o.TrueGrams,8:F4} err {o.TrueErrorGrams*1000,8:F1} mg {o.DurationS,7:F1}s {o.Fault} {o.Phases} cutoff {r.CutoffGrams:F4} inflight {r.InFlightUsedGrams:F4} -> {ctl.Doser.InFlight.Estimate(o.Channel == "resin" ? 0 : plant.ChannelIndex(o.Channel)):F4}");
}
