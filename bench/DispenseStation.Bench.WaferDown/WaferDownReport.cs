using System.Globalization;
using DispenseStation.Simulation;
using DispenseStation.Simulation.BakeJobs;

namespace DispenseStation.Bench.WaferDown;

/// <summary>
/// Runs the wafer-down scenarios over many seeds and writes one markdown table: for each wafer size
/// the detection delay (landing to the provisional wafer-down that starts the timer), the energy
/// balance's confirmation delay, the landing-time error (median and range), misses and wrongly
/// withdrawn wafers; for the lid and draughts with no wafer, provisional detections (each withdrawn
/// later, or not) and false wafer-downs that stand, for a profile naming each wafer size; a draught
/// during a wafer's bake. The detector is told the profile's wafer (silicon at SEMI thickness, 22 °C,
/// its time constant on the gap) as the bake job tells it; the wafers placed are that silicon at 20-25 °C.
/// The peer is a fixed threshold 0.3 °C below the setpoint, fed the same readings (the simplest detector
/// a plate without a signature model would use). <see cref="Summary"/> is the one-line digest the
/// README's figures block splices (never typed by hand).
/// </summary>
public sealed class WaferDownReport(int seeds)
{
    // Silicon at SEMI thickness; the gap's conductance scales with area (9 W/K under a 200 mm wafer: 0.1 mm of air).
    private static readonly (string Name, double DiameterMm, double ThicknessMm)[] Sizes =
    [
        ("100 mm", 100, 0.525),
        ("150 mm", 150, 0.675),
        ("200 mm", 200, 0.725),
        ("300 mm", 300, 0.775),
    ];

    private static readonly (string Name, double Factor, double DurationS, double WatchS)[] Disturbances =
    [
        ("lid open 60 s (convection x3)", 3, 60, 120),
        ("draught 10 s (convection x8)", 8, 10, 70),
        ("draught 30 s (convection x15)", 15, 30, 90),
    ];

    private readonly List<string> _false = [];
    private readonly List<string> _provisional = [];
    private readonly List<string> _during = [];
    private readonly List<(string Name, int Hit, List<double> Delays, List<double> Confirms)> _sizes = [];

    private static (ExpectedWafer Expected, double ToPlate) Wafer((string Name, double DiameterMm, double ThicknessMm) size)
    {
        double c = ExpectedWafer.SiliconHeatCapacity(size.DiameterMm, size.ThicknessMm);
        double g = 9 * (size.DiameterMm / 200) * (size.DiameterMm / 200);
        return (new ExpectedWafer(c, c / g), g);
    }

    /// <summary>Markdown bullet for bench/results/wafer-down-summary.md; valid after <see cref="Write"/>.</summary>
    public string Summary(double setpointC)
    {
        var inv = CultureInfo.InvariantCulture;
        var all = _sizes.SelectMany(x => x.Delays).OrderBy(x => x).ToArray();
        string sizes = string.Join(", ", _sizes.Select(x => string.Format(inv, "{0} {1}/{2}{3}", x.Name, x.Hit, seeds,
            x.Delays.Count > 0 ? " (median " + Median(x.Delays) + " s, confirmed at " + Median(x.Confirms) + " s)" : "")));
        return string.Format(inv,
            "- Wafer-down detection from the plate's signature and energy balance on the documented plate at {0} °C, {1} seeds per case: detected {2}; delay from landing to the provisional wafer-down over every detected wafer median {3} s (range {4}-{5} s). False wafer-downs left standing with no wafer, project (fixed-threshold peer), for a profile of 100/150/200/300 mm wafers: {6}; runs with a provisional wafer-down, withdrawn later: {7}. A 10 s draught (x8) during a bake, the real wafer's wafer-down: {8}. Table: `bench/results/wafer-down.md`.",
            setpointC, seeds, sizes, Median(all), all.Length > 0 ? all[0].ToString("F2", inv) : "-", all.Length > 0 ? all[^1].ToString("F2", inv) : "-",
            string.Join("; ", _false), string.Join("; ", _provisional), string.Join(", ", _during));
    }

    public void Write(TextWriter w)
    {
        var scenario = new WaferDownScenario();
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine($"# Wafer-down detection ({seeds} seeds each, plate at {scenario.SetpointC} °C, wafers at 20-25 °C)");
        w.WriteLine();
        w.WriteLine("Written by `bench/DispenseStation.Bench.WaferDown`. Detection delay: landing to the provisional wafer-down (the wafer timer starts there, credited back to the estimated landing); confirmed: landing to the energy balance's confirmation. The detector expects the profile's wafer: silicon at SEMI thickness placed at 22 °C.");
        w.WriteLine();
        w.WriteLine("| case | expected J | detected | false before wafer | withdrawn | delay median [min, max] s | confirmed median [min, max] s | landing error median [min, max] s | peer detected | peer delay median s | peer false |");
        w.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var size in Sizes)
        {
            var (expected, toPlate) = Wafer(size);
            var outcomes = new List<DropOutcome>();
            for (int seed = 1; seed <= seeds; seed++)
            {
                var random = new SimRandom(1000 + seed);
                double waferC = 20 + 5 * random.NextDouble();
                double placeAfter = 5 + 20 * random.NextDouble();
                outcomes.Add(scenario.RunDrop(seed, expected.HeatCapacityJPerK, toPlate, waferC, placeAfter, expected: expected));
            }
            var hit = outcomes.Where(o => o.Detected).ToList();
            _sizes.Add((size.Name, hit.Count, hit.Select(o => o.DelayS).ToList(), hit.Where(o => !double.IsNaN(o.ConfirmDelayS)).Select(o => o.ConfirmDelayS).ToList()));
            var peerHit = outcomes.Where(o => !double.IsNaN(o.PeerDelayS)).ToList();
            w.WriteLine(string.Format(inv, "| {0} wafer ({1:F1} J/K, tau {2:F1} s) | {3:F0} | {4}/{5} | {6} | {7} | {8} | {9} | {10} | {11}/{5} | {12} | {13} |",
                size.Name, expected.HeatCapacityJPerK, expected.TauS, expected.HeatCapacityJPerK * (scenario.SetpointC - expected.WaferC),
                hit.Count, seeds, outcomes.Count(o => o.FiredBeforeWafer), outcomes.Count(o => o.Withdrawals > 0),
                Stat(hit.Select(o => o.DelayS)), Stat(hit.Where(o => !double.IsNaN(o.ConfirmDelayS)).Select(o => o.ConfirmDelayS)), Stat(hit.Select(o => o.LandingErrorS)),
                peerHit.Count, Median(peerHit.Select(o => o.PeerDelayS)), outcomes.Count(o => o.PeerFiredBeforeWafer)));
        }
        w.WriteLine();
        w.WriteLine("No wafer: provisional = runs with at least one provisional wafer-down (each starts the wafer timer until withdrawn); standing = a false wafer-down not withdrawn by the end of the watch (the false trigger).");
        w.WriteLine();
        w.WriteLine("| disturbance, no wafer | profile wafer | provisional | standing (false) | withdrawals per run median [min, max] | peer false |");
        w.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var d in Disturbances)
        {
            var standing = new List<string>();
            var provisional = new List<string>();
            int peerFalse = 0;
            foreach (var size in Sizes)
            {
                var (expected, _) = Wafer(size);
                var outcomes = new List<DisturbanceOutcome>();
                for (int seed = 1; seed <= seeds; seed++)
                    outcomes.Add(scenario.RunDisturbance(seed, d.Factor, 5 + seed % 10, d.DurationS, d.WatchS, expected));
                peerFalse = outcomes.Count(o => o.PeerFalseTrigger);
                int falseTriggers = outcomes.Count(o => o.FalseTrigger);
                w.WriteLine(string.Format(inv, "| {0} | {1} | {2}/{3} | {4}/{3} | {5} | {6}/{3} |", d.Name, size.Name,
                    outcomes.Count(o => o.Provisionals > 0), seeds, falseTriggers, Stat(outcomes.Select(o => (double)o.Withdrawals), "F0"), peerFalse));
                standing.Add($"{falseTriggers}/{seeds}");
                provisional.Add($"{outcomes.Count(o => o.Provisionals > 0)}/{seeds}");
            }
            _false.Add($"{d.Name} {string.Join(", ", standing)} ({peerFalse}/{seeds})");
            _provisional.Add($"{d.Name[..d.Name.IndexOf(" (")]} {string.Join(", ", provisional)}");
        }
        w.WriteLine();
        w.WriteLine("A draught (convection x8, 10 s) during a wafer's bake: the wafer-down must stand. From 8 s after the landing the balance has not yet confirmed the wafer (confirmed at 12-15 s undisturbed); the detector then fits the expected wafer's decaying loss plus a later sustained loss against a sustained loss alone. True detections: the wafer-down stands at the end; false withdrawals: runs where the real wafer's wafer-down was withdrawn.");
        w.WriteLine();
        w.WriteLine("| case | true detections (standing) | false withdrawals | delay median [min, max] s | confirmed median [min, max] s | energy ratio median [min, max] |");
        w.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (size, afters) in new[] { (Sizes[0], new[] { 8.0, 15.0, 25.0 }), (Sizes[1], new[] { 8.0 }), (Sizes[2], new[] { 8.0, 15.0, 25.0 }), (Sizes[3], new[] { 8.0 }) })
        {
            foreach (double after in afters)
            {
                var (expected, toPlate) = Wafer(size);
                var outcomes = new List<DropOutcome>();
                for (int seed = 1; seed <= seeds; seed++)
                {
                    var random = new SimRandom(2000 + seed);
                    double waferC = 20 + 5 * random.NextDouble();
                    double placeAfter = 5 + 20 * random.NextDouble();
                    outcomes.Add(scenario.RunDropThenDraught(seed, expected, toPlate, waferC, placeAfter, after, 8, 10, 60));
                }
                var hit = outcomes.Where(o => o.Detected).ToList();
                _during.Add(string.Format(inv, "{0} from {1:F0} s after landing {2}/{3} standing, {4}/{3} withdrawn (delay median {5} s)", size.Name, after, hit.Count, seeds,
                    outcomes.Count(o => o.Withdrawals > 0), Median(hit.Select(o => o.DelayS))));
                w.WriteLine(string.Format(inv, "| {0} wafer, draught from {1:F0} s after landing | {2}/{3} | {4}/{3} | {5} | {6} | {7} |", size.Name, after, hit.Count, seeds,
                    outcomes.Count(o => o.Withdrawals > 0), Stat(hit.Select(o => o.DelayS)), Stat(hit.Where(o => !double.IsNaN(o.ConfirmDelayS)).Select(o => o.ConfirmDelayS)),
                    Stat(hit.Where(o => !double.IsNaN(o.EnergyRatio)).Select(o => o.EnergyRatio))));
            }
        }
    }

    private static string Stat(IEnumerable<double> values, string format = "F2")
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return "-";
        return string.Format(CultureInfo.InvariantCulture, "{0} [{1}, {2}]", Median(v, format), v[0].ToString(format, CultureInfo.InvariantCulture), v[^1].ToString(format, CultureInfo.InvariantCulture));
    }

    private static string Median(IEnumerable<double> values, string format = "F2")
    {
        var v = values.OrderBy(x => x).ToArray();
        if (v.Length == 0) return "-";
        double m = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        return m.ToString(format, CultureInfo.InvariantCulture);
    }
}
