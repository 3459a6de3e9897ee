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
    /// <param name="Named">the doser's fault names that name this fault (empty: the doser has no alarm for it)</param>
    public sealed record Fault(string Name, string Expected, string[] Named, Func<DosingPlantParameters, DosingPlantParameters>? Plant, Action<DosingRig, SimPump> Inject);

    public sealed record Row(Fault Fault, int Seed, DoseOutcome Outcome)
    {
        public bool Detected => !Outcome.Succeeded;
        public double DetectedAfterS => Outcome.DurationS - InjectAtS;
        public bool NamedRight => Detected && Fault.Named.Contains(Outcome.Fault);
    }

    public static readonly Fault[] Faults =
    [
        new("resting force (0.3 g on the bottle, a tube or a hand)", "a weight change flow cannot explain", [], null, (rig, _) => rig.Bump(0.3, 600_000)),
        new("zero drift (50 mg/min, the hotplate warming the cell)", "re-zero the scale", [], p => WithDrift(p, 0.050), (_, _) => { }),
        new("frozen reading (the balance repeats its last weight)", "scale reading frozen", ["ScaleFrozen"], null, (rig, _) => rig.Balance!.Frozen = true),
        new("sway (±2 g at 0.7 Hz)", "weight loss or jump", ["WeightLoss", "WeightJump"], null, (rig, _) => rig.Balance!.SwayGrams = 2),
        new("pump driver stuck on (full speed)", "overfill, pump power cut", ["Overfill"], null, (_, pump) => pump.StuckAtSpeed = 1.0),
        new("reservoir empty", "no flow", ["NoFlow"], null, (_, pump) => pump.ReservoirGrams = 0),
        new("tube clogged", "no flow", ["NoFlow"], null, (_, pump) => pump.Clog = 1),
        new("bottle bumped (300 g for 0.5 s)", "weight jump", ["WeightJump"], null, (rig, _) => rig.Bump(300, 500)),
        new("bottle removed", "weight loss", ["WeightLoss"], null, (rig, _) => rig.RemoveBottle()),
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

    /// <summary>One line for the summary: how many of the nine were caught in every seed, and the silent ones.</summary>
    public static string SummaryLine(List<Row> rows, int seedCount)
    {
        var groups = rows.GroupBy(r => r.Fault).ToList();
        int all = groups.Count(g => g.All(r => r.Detected));
        var misnamed = groups.Where(g => g.All(r => r.Detected) && !g.All(r => r.NamedRight))
            .Select(g => $"{g.Key.Name.Split(" (")[0]} as {string.Join("/", g.Select(r => r.Outcome.Fault).Distinct())}").ToList();
        var silent = groups.Where(g => g.Any(r => !r.Detected))
            .Select(g => Inv($"{g.Key.Name.Split(" (")[0]} ({g.Count(r => !r.Detected)}/{g.Count()} ended as success, true error median {Median(g.Where(r => !r.Detected).Select(r => r.Outcome.TrueErrorGrams * 1000)):F0} mg)"));
        var slowest = groups.Where(g => g.All(r => r.Detected)).Select(g => (g.Key.Name.Split(" (")[0], Median(g.Select(r => r.DetectedAfterS)))).MaxBy(x => x.Item2);
        return Inv($"- Injected faults (9 kinds into a 2 g PAG dose, {seedCount} seeds): {all}/{groups.Count} stopped the dose in every seed (slowest: {slowest.Item1}, median {slowest.Item2:F1} s after injection){(misnamed.Count > 0 ? ", but named wrongly: " + string.Join("; ", misnamed) : "")}; not detected: {string.Join("; ", silent)}.");
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count == 0 ? double.NaN : v[v.Count / 2];
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static string Table(List<Row> rows, int seedCount)
    {
        var w = new StringBuilder();
        w.AppendLine(Inv($"## Injected faults (project doser, 2 g PAG ±10 mg on the balance, fault at {InjectAtS:F1} s into the dose, {seedCount} seeds)"));
        w.AppendLine();
        w.AppendLine("Each seed doses once to learn the channel, then the fault is injected into the second dose. *Detected* counts doses that ended in a fault; the time is from the injection to the dose's end (pumps off). A dose that ended as a success is a silent error; its true error is listed.");
        w.AppendLine();
        w.AppendLine("| fault | issue expects | detected | named as expected | reported as | detected after s, median (range) | ended as success | true error of successes mg, median (range) |");
        w.AppendLine("| --- | --- | ---: | ---: | --- | --- | ---: | --- |");
        foreach (var g in rows.GroupBy(r => r.Fault))
        {
            var list = g.ToList();
            var det = list.Where(r => r.Detected).ToList();
            var ok = list.Where(r => !r.Detected).ToList();
            string names = det.Count == 0 ? "–" : string.Join(", ", det.GroupBy(r => r.Outcome.Fault).Select(n => $"{n.Key} ({n.Count()})"));
            w.AppendLine(Inv($"| {g.Key.Name} | {g.Key.Expected} | {det.Count}/{list.Count} | {list.Count(r => r.NamedRight)}/{list.Count} | {names} | {Spread(det.Select(r => r.DetectedAfterS), "F2")} | {ok.Count} | {Spread(ok.Select(r => r.Outcome.TrueErrorGrams * 1000), "F1")} |"));
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
