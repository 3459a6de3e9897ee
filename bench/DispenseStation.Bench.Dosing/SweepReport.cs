using System.Globalization;
using System.Text;
using DispenseStation.Composition.Planning;
using DispenseStation.Firmware.Dosing;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Bench.Dosing;

/// <summary>One dose of the sweep, judged by the plant's true delivered mass.</summary>
public sealed record SweepDose(string Controller, double Target, double Cp, int Seed, int Index, double Tolerance, bool Feasible, DoseOutcome Outcome);

/// <summary>
/// The project's doser against the industrial two-speed peer on the balance the station carries:
/// doses of 0.02 to 80 g at 1, 200, 1000 and 5000 cP, several doses in a row per channel (the first one
/// learns), over seeds. Tolerance is 1 % of the dose where the planner accepts it; doses the
/// planner refuses are run at the 2-sigma error the scale can achieve and reported apart.
/// </summary>
public sealed class SweepReport(DosingPlantParameters plant, int[] seeds, int dosesInARow)
{
    public static readonly double[] Sizes = [0.02, 0.1, 0.5, 2, 10, 80];
    public static readonly double[] Viscosities = [1, 200, 1000, 5000];
    private const double Accuracy = 0.01;

    public static string ChannelFor(double grams) => grams < 0.3 ? "quencher" : grams < 5 ? "pag" : "solvent";

    public List<SweepDose> Run(Func<DosingPlantParameters, int, DoseRunner> station, string name)
    {
        var doses = new List<SweepDose>();
        double rep = plant.Balance!.RepeatabilityGrams;
        double twoSigma = 2 * DoseFeasibility.Sigma(rep, DoseFeasibility.ReferenceDropGrams);
        foreach (double cp in Viscosities)
        {
            var viscous = plant.WithViscosity(cp);
            foreach (double size in Sizes)
                foreach (int seed in seeds)
                {
                    var runner = station(viscous, seed);
                    bool feasible = twoSigma <= Accuracy * size;
                    double tol = feasible ? Accuracy * size : twoSigma;
                    for (int i = 0; i < dosesInARow; i++)
                        doses.Add(new SweepDose(name, size, cp, seed, i, tol, feasible, runner.Dose(ChannelFor(size), size, tol, timeoutS: 900)));
                }
        }
        return doses;
    }

    public static string Table(List<SweepDose> project, List<SweepDose> peer)
    {
        var w = new StringBuilder();
        w.AppendLine("| dose g | cP | planner | tol mg | project in tol (from 2nd) | peer in tol (from 2nd) | project error SD mg | peer error SD mg | project median time s (range) | peer median time s (range) |");
        w.AppendLine("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (double cp in Viscosities)
            foreach (double size in Sizes)
            {
                var a = project.Where(d => d.Target == size && d.Cp == cp).ToList();
                var b = peer.Where(d => d.Target == size && d.Cp == cp).ToList();
                w.AppendLine(Inv($"| {size} | {cp} | {(a[0].Feasible ? "accepts" : "refuses")} | {a[0].Tolerance * 1000:F1} | {InTol(a)} | {InTol(b)} | {Sd(a) * 1000:F2} | {Sd(b) * 1000:F2} | {Time(a)} | {Time(b)} |"));
            }
        return w.ToString();
    }

    public static string InTol(IEnumerable<SweepDose> d)
    {
        var later = d.Where(x => x.Index >= 1).ToList();
        return $"{later.Count(x => x.Outcome.WithinTolerance)}/{later.Count}";
    }

    public static double Sd(IEnumerable<SweepDose> d)
    {
        var e = d.Where(x => x.Index >= 1 && x.Outcome.Succeeded).Select(x => x.Outcome.TrueErrorGrams).ToList();
        if (e.Count < 2) return double.NaN;
        double m = e.Average();
        return Math.Sqrt(e.Sum(x => (x - m) * (x - m)) / (e.Count - 1));
    }

    private static string Time(List<SweepDose> d)
    {
        var t = d.Select(x => x.Outcome.DurationS).Order().ToList();
        return Inv($"{t[t.Count / 2]:F1} ({t[0]:F1}-{t[^1]:F1})");
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
