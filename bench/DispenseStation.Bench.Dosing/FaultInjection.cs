using System.Globalization;
using System.Text;
using DispenseStation.Firmware.Dosing;
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

    /// <summary>One fault: what to do to the rig at <see cref="InjectAtS"/> into the dose, or, for a fault the doser can
    /// only see with the pumps off, at the start of <paramref name="IdleBeforeS"/> seconds the station stands idle before the dose.</summary>
    /// <param name="Named">the doser's fault names that name this fault (empty: the doser has no alarm for it)</param>
    public sealed record Fault(string Name, string Expected, string[] Named, Action<DosingRig, SimPump> Inject, double IdleBeforeS = 0);

    /// <param name="DetectedAfterS">from the injection to the dose's end (pumps off), or for a fault injected while idle
    /// to the idle check's alarm (the dose then fails before pumping)</param>
    public sealed record Row(Fault Fault, int Seed, DoseOutcome Outcome, double DetectedAfterS)
    {
        public bool Detected => !Outcome.Succeeded;
        public bool NamedRight => Detected && Fault.Named.Contains(Outcome.Fault);
    }

    public static readonly Fault[] Faults =
    [
        new("resting force (0.3 g on the bottle, a tube or a hand)", "a weight change flow cannot explain", ["UnexplainedGain"], (rig, _) => rig.Bump(0.3, 600_000)),
        // Under a tenth of the dose: caught because the pump's account (less its learned start-up deficit) falls below the
        // lower limit while the scale's reading is in tolerance (Doser.GainUnexplained).
        new("resting force, small (0.05 g, a tenth of the first)", "a weight change flow cannot explain", ["UnexplainedGain"], (rig, _) => rig.Bump(0.05, 600_000)),
        new("zero drift (50 mg/min, the hotplate warming the cell; starts as the station waits 30 s before the dose)", "re-zero the scale", ["ZeroDrift"],
            (rig, _) => rig.Balance!.ExtraDriftGramsPerMinute = 0.050, IdleBeforeS: 30),
        new("frozen reading (the balance repeats its last weight)", "scale reading frozen", ["ScaleFrozen"], (rig, _) => rig.Balance!.Frozen = true),
        new("sway (±2 g at 0.7 Hz)", "weight loss or jump", ["WeightLoss", "WeightJump"], (rig, _) => rig.Balance!.SwayGrams = 2),
        new("pump driver stuck on (full speed)", "overfill, pump power cut", ["Overfill"], (_, pump) => pump.StuckAtSpeed = 1.0),
        new("reservoir empty", "no flow", ["NoFlow"], (_, pump) => pump.ReservoirGrams = 0),
        new("tube clogged", "no flow", ["NoFlow"], (_, pump) => pump.Clog = 1),
        new("bottle bumped (300 g for 0.5 s)", "weight jump", ["WeightJump"], (rig, _) => rig.Bump(300, 500)),
        new("bottle removed", "weight loss", ["WeightLoss"], (rig, _) => rig.RemoveBottle()),
    ];

    public static List<Row> Run(DosingPlantParameters plant, int[] seeds)
    {
        const int tickMs = 10;
        var rows = new List<Row>();
        foreach (var fault in Faults)
            foreach (int seed in seeds)
            {
                var runner = DosingStations.Project(plant, seed);
                var doser = ((ProjectDoseController)runner.Controller).Doser;
                runner.Dose(Channel, Target, Tolerance); // learns the channel first, as in a batch
                var pump = runner.Rig.Pumps[plant.ChannelIndex(Channel)];
                double idleDetectedS = double.NaN;
                if (fault.IdleBeforeS > 0)
                {
                    fault.Inject(runner.Rig, pump);
                    for (int ms = 0; ms < fault.IdleBeforeS * 1000; ms += tickMs)
                    {
                        runner.Rig.Step(tickMs);
                        doser.Tick();
                        if (doser.IdleFault != DoseFault.None && double.IsNaN(idleDetectedS)) idleDetectedS = (ms + tickMs) / 1000.0;
                    }
                }
                bool injected = fault.IdleBeforeS > 0;
                var o = runner.Dose(Channel, Target, Tolerance, timeoutS: 120, duringDose: t =>
                {
                    if (injected || t < InjectAtS) return;
                    injected = true;
                    fault.Inject(runner.Rig, pump);
                });
                double after = fault.IdleBeforeS > 0 ? idleDetectedS : o.DurationS - InjectAtS;
                rows.Add(new Row(fault, seed, o, after));
            }
        return rows;
    }

    /// <summary>One line for the summary: how many kinds were caught and named in every seed, the slowest, the silent ones.</summary>
    public static string SummaryLine(List<Row> rows, int seedCount)
    {
        var groups = rows.GroupBy(r => r.Fault).ToList();
        int all = groups.Count(g => g.All(r => r.Detected));
        var misnamed = groups.Where(g => g.All(r => r.Detected) && !g.All(r => r.NamedRight))
            .Select(g => $"{g.Key.Name.Split(" (")[0]} as {string.Join("/", g.Select(r => r.Outcome.Fault).Distinct())}").ToList();
        var silent = groups.Where(g => g.Any(r => !r.Detected))
            .Select(g => Inv($"{g.Key.Name.Split(" (")[0]} ({g.Count(r => !r.Detected)}/{g.Count()} ended as success, true error median {Median(g.Where(r => !r.Detected).Select(r => r.Outcome.TrueErrorGrams * 1000)):F0} mg)")).ToList();
        string Slowest(IEnumerable<IGrouping<Fault, Row>> gs)
        {
            var x = gs.Where(g => g.All(r => r.Detected)).Select(g => (Name: g.Key.Name.Split(" (")[0], S: Median(g.Select(r => r.DetectedAfterS)))).MaxBy(x => x.S);
            return x.Name is null ? "–" : Inv($"{x.Name}, median {x.S:F1} s");
        }
        var line = new StringBuilder(Inv($"- Injected faults ({groups.Count} kinds into a 2 g PAG dose, {seedCount} seeds): {all}/{groups.Count} stopped the dose in every seed, named as the issue expects in {rows.Count(r => r.NamedRight)}/{rows.Count} doses"));
        line.Append(Inv($"; slowest during a dose: {Slowest(groups.Where(g => g.Key.IdleBeforeS == 0))} after injection"));
        if (groups.Any(g => g.Key.IdleBeforeS > 0))
            line.Append(Inv($"; seen only with the pumps off: {Slowest(groups.Where(g => g.Key.IdleBeforeS > 0))} after it began (idle zero check; the next dose fails before pumping)"));
        if (misnamed.Count > 0) line.Append("; named wrongly: " + string.Join("; ", misnamed));
        line.Append(silent.Count > 0 ? "; not detected: " + string.Join("; ", silent) + "." : "; none ended as a success.");
        return line.ToString();
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
        w.AppendLine("Each seed doses once to learn the channel, then the fault is injected into the second dose. *Detected* counts doses that ended in a fault; the time is from the injection to the dose's end (pumps off). A zero drift shows only with the pumps off: it starts as the station stands idle before the dose, its time is from its start to the idle zero check's alarm, and the dose after it fails before pumping. A dose that ended as a success is a silent error; its true error is listed.");
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
