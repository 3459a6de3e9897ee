using System.Globalization;
using System.Text;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>
/// The faults issue 14 names, each injected into a 2 g PAG dose (tolerance 10 mg) of the project's doser on the
/// balance, on a fresh station per seed: what the doser reports, and when, counted from the injection.
/// </summary>
public static class FaultInjection
{
    public const double InjectAtS = 1.0;
    private const string Channel = "pag";
    private const double Target = 2.0, Tolerance = 0.010;

    /// <summary>One fault: how to set it up on the rig before the dose, and what to do at <see cref="InjectAtS"/>.</summary>
    public sealed record Fault(string Name, string Expected, Func<DosingPlantParameters, DosingPlantParameters>? Plant, Action<DosingRig, SimPump> Inject);

    public sealed record Row(Fault Fault, int Seed, DoseOutcome Outcome)
    {
        public bool Detected => !Outcome.Succeeded;
        public double DetectedAfterS => Outcome.DurationS - InjectAtS;
    }

    public static readonly Fault[] Faults =
    [
        new("resting force (0.3 g on the bottle, a tube or a hand)", "a weight change flow cannot explain", null, (rig, _) => rig.Bump(0.3, 600_000)),
        new("zero drift (50 mg/min, the hotplate warming the cell)", "re-zero the scale", p => WithDrift(p, 0.050), (_, _) => { }),
        new("frozen reading (the balance repeats its last weight)", "scale reading frozen", null, (rig, _) => rig.Balance!.Frozen = true),
        new("sway (±2 g at 0.7 Hz)", "weight loss or jump", null, (rig, _) => rig.Balance!.SwayGrams = 2),
        new("pump driver stuck on (full speed)", "overfill, pump power cut", null, (_, pump) => pump.StuckAtSpeed = 1.0),
        new("reservoir empty", "no flow", null, (_, pump) => pump.ReservoirGrams = 0),
        new("tube clogged", "no flow", null, (_, pump) => pump.Clog = 1),
        new("bottle bumped (300 g for 0.5 s)", "weight jump", null, (rig, _) => rig.Bump(300, 500)),
        new("bottle removed", "weight loss", null, (rig, _) => rig.RemoveBottle()),
    ];

    private static DosingPlantParameters WithDrift(DosingPlantParameters p, double gramsPerMinute)
    {
        var b = p.Balance!;
        var drifting = new BalanceParameters
        {
            Model = b.Model, CapacityGrams = b.CapacityGrams, ReadabilityGrams = b.ReadabilityGrams, RepeatabilityGrams = b.RepeatabilityGrams,
            UpdatesPerSecond = b.UpdatesPerSecond, SettlingTimeS = b.SettlingTimeS, CreepFraction = b.CreepFraction, CreepTimeS = b.CreepTimeS,
            ThermalDriftGramsPerMinute = gramsPerMinute, PumpVibrationGrams = b.PumpVibrationGrams,
        };
        return new DosingPlantParameters
        {
            LoadCell = p.LoadCell, Scale = p.Scale, Balance = drifting, BottleTareGrams = p.BottleTareGrams,
            StreamImpactVelocityMPerS = p.StreamImpactVelocityMPerS, Channels = p.Channels,
        };
    }

    public static List<Row> Run(DosingPlantParameters plant, int[] seeds)
    {
        var rows = new List<Row>();
        foreach (var fault in Faults)
            foreach (int seed in seeds)
            {
                var runner = DosingStations.Project(fault.Plant?.Invoke(plant) ?? plant, seed);
                runner.Dose(Channel, Target, Tolerance); // learns the channel first, as in a batch
                var pump = runner.Rig.Pumps[plant.ChannelIndex(Channel)];
                bool injected = false;
                var o = runner.Dose(Channel, Target, Tolerance, timeoutS: 120, duringDose: t =>
                {
                    if (injected || t < InjectAtS) return;
                    injected = true;
                    fault.Inject(runner.Rig, pump);
                });
                rows.Add(new Row(fault, seed, o));
            }
        return rows;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static string Table(List<Row> rows, int seedCount)
    {
        var w = new StringBuilder();
        w.AppendLine(Inv($"## Injected faults (project doser, 2 g PAG ±10 mg on the balance, fault at {InjectAtS:F1} s into the dose, {seedCount} seeds)"));
        w.AppendLine();
        w.AppendLine("Each seed doses once to learn the channel, then the fault is injected into the second dose. *Detected* counts doses that ended in a fault; the time is from the injection to the dose's end (pumps off). A dose that ended as a success is a silent error; its true error is listed.");
        w.AppendLine();
        w.AppendLine("| fault | issue expects | detected | reported as | detected after s, median (range) | ended as success | true error of successes mg, median (range) |");
        w.AppendLine("| --- | --- | ---: | --- | --- | ---: | --- |");
        foreach (var g in rows.GroupBy(r => r.Fault))
        {
            var list = g.ToList();
            var det = list.Where(r => r.Detected).ToList();
            var ok = list.Where(r => !r.Detected).ToList();
            string names = det.Count == 0 ? "–" : string.Join(", ", det.GroupBy(r => r.Outcome.Fault).Select(n => $"{n.Key} ({n.Count()})"));
            w.AppendLine(Inv($"| {g.Key.Name} | {g.Key.Expected} | {det.Count}/{list.Count} | {names} | {Spread(det.Select(r => r.DetectedAfterS), "F2")} | {ok.Count} | {Spread(ok.Select(r => r.Outcome.TrueErrorGrams * 1000), "F1")} |"));
        }
        return w.ToString();
    }

    private static string Spread(IEnumerable<double> values, string format)
    {
        var v = values.Order().ToList();
        if (v.Count == 0) return "–";
        string f(double x) => x.ToString(format, CultureInfo.InvariantCulture);
        return $"{f(v[v.Count / 2])} ({f(v[0])}-{f(v[^1])})";
    }
}
