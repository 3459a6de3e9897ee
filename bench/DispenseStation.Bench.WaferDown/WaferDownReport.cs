using System.Globalization;
using DispenseStation.Simulation;
using DispenseStation.Simulation.BakeJobs;

namespace DispenseStation.Bench.WaferDown;

/// <summary>
/// Runs the wafer-down scenarios over many seeds and writes one markdown table: for each wafer size
/// the detection delay and landing-time error (median and range) and misses; for the lid and a
/// draught, false triggers. The peer is a fixed threshold 0.3 °C below the setpoint, fed the same
/// readings (the simplest detector a plate without a signature model would use). <see cref="Summary"/>
/// is the one-line digest the README's figures block splices (never typed by hand).
/// </summary>
public sealed class WaferDownReport(int seeds)
{
    // Silicon, 0.1 mm proximity gap: heat capacity and conductance both scale with area.
    private static readonly (string Name, double HeatCapacity, double ToPlate)[] Sizes =
    [
        ("100 mm", 9.3, 2.25),
        ("150 mm", 20.9, 5.1),
        ("200 mm", 37, 9),
        ("300 mm", 83, 20.3),
    ];

    private readonly List<string> _false = [];
    private readonly List<(string Name, int Hit, List<double> Delays)> _sizes = [];

    /// <summary>Markdown bullet for bench/results/wafer-down-summary.md; valid after <see cref="Write"/>.</summary>
    public string Summary(double setpointC)
    {
        var inv = CultureInfo.InvariantCulture;
        var all = _sizes.SelectMany(x => x.Delays).OrderBy(x => x).ToArray();
        string sizes = string.Join(", ", _sizes.Select(x => string.Format(inv, "{0} {1}/{2}{3}", x.Name, x.Hit, seeds,
            x.Delays.Count > 0 ? " (median " + Median(x.Delays) + " s)" : "")));
        return string.Format(inv,
            "- Wafer-down detection from the plate's signature on the documented plate at {0} °C, {1} seeds per case: detected {2}; delay from landing to detection over every detected wafer median {3} s (range {4}-{5} s). False triggers with no wafer, project (fixed-threshold peer): {6}. Table: `bench/results/wafer-down.md`.",
            setpointC, seeds, sizes, Median(all), all.Length > 0 ? all[0].ToString("F2", inv) : "-", all.Length > 0 ? all[^1].ToString("F2", inv) : "-",
            string.Join("; ", _false));
    }

    public void Write(TextWriter w)
    {
        var scenario = new WaferDownScenario();
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine($"# Wafer-down detection ({seeds} seeds each, plate at {scenario.SetpointC} °C, wafers at 20-25 °C)");
        w.WriteLine();
        w.WriteLine("| case | detected | false before wafer | delay median [min, max] s | landing error median [min, max] s | peer detected | peer delay median s | peer false |");
        w.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var size in Sizes)
        {
            var outcomes = new List<DropOutcome>();
            for (int seed = 1; seed <= seeds; seed++)
            {
                var random = new SimRandom(1000 + seed);
                double waferC = 20 + 5 * random.NextDouble();
                double placeAfter = 5 + 20 * random.NextDouble();
                outcomes.Add(scenario.RunDrop(seed, size.HeatCapacity, size.ToPlate, waferC, placeAfter));
            }
            var hit = outcomes.Where(o => o.Detected).ToList();
            _sizes.Add((size.Name, hit.Count, hit.Select(o => o.DelayS).ToList()));
            var peerHit = outcomes.Where(o => !double.IsNaN(o.PeerDelayS)).ToList();
            w.WriteLine(string.Format(inv, "| {0} wafer | {1}/{2} | {3} | {4} | {5} | {6}/{2} | {7} | {8} |",
                size.Name, hit.Count, seeds, outcomes.Count(o => o.FiredBeforeWafer),
                Stat(hit.Select(o => o.DelayS)), Stat(hit.Select(o => o.LandingErrorS)),
                peerHit.Count, Median(peerHit.Select(o => o.PeerDelayS)), outcomes.Count(o => o.PeerFiredBeforeWafer)));
        }
        Disturbance(w, scenario, "lid open 60 s (convection x3)", 3, 60, 120);
        Disturbance(w, scenario, "draught 10 s (convection x8)", 8, 10, 60);
        Disturbance(w, scenario, "draught 30 s (convection x15)", 15, 30, 90);
    }

    private void Disturbance(TextWriter w, WaferDownScenario scenario, string name, double factor, double durationS, double watchS)
    {
        int falseTriggers = 0, peerFalse = 0;
        for (int seed = 1; seed <= seeds; seed++)
        {
            var o = scenario.RunDisturbance(seed, factor, 5 + seed % 10, durationS, watchS);
            if (o.FalseTrigger) falseTriggers++;
            if (o.PeerFalseTrigger) peerFalse++;
        }
        w.WriteLine($"| {name}, no wafer | - | {falseTriggers}/{seeds} | - | - | - | - | {peerFalse}/{seeds} |");
        _false.Add($"{name} {falseTriggers}/{seeds} ({peerFalse}/{seeds})");
    }

    private static string Stat(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return "-";
        return string.Format(CultureInfo.InvariantCulture, "{0:F2} [{1:F2}, {2:F2}]", Median(v), v[0], v[^1]);
    }

    private static string Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return "-";
        double m = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        return m.ToString("F2", CultureInfo.InvariantCulture);
    }
}
