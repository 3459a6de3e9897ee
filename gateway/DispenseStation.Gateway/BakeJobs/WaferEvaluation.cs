using System.Globalization;
using DispenseStation.Protocol.Bake;

namespace DispenseStation.Gateway.BakeJobs;

/// <summary>Pass/fail of one wafer against its profile's tolerances, with every reason it failed.</summary>
public static class WaferEvaluation
{
    public static (bool Passed, string Failures) Evaluate(BakeProfile p, string removal, double timeOnPlateS, double? dipC, double? recoverS,
        double? doseCs, double? idealDoseCs)
    {
        var why = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        if (removal == WaferRemovals.Short) why.Add(string.Format(inv, "short bake: removed after {0:F1} s of {1:F1} s", timeOnPlateS, p.PlannedS));
        if (removal == WaferRemovals.Overbake) why.Add(string.Format(inv, "overbake: on the plate {0:F1} s of {1:F1} s", timeOnPlateS, p.PlannedS));
        if (Math.Abs(timeOnPlateS - p.PlannedS) > p.Tolerances.TimeOnPlateS)
            why.Add(string.Format(inv, "time on plate {0:F1} s is more than {1:F1} s from {2:F1} s", timeOnPlateS, p.Tolerances.TimeOnPlateS, p.PlannedS));
        if (p.Tolerances.MaxDoseDeficitPercent is { } maxDeficit && doseCs is { } d && idealDoseCs is { } i && i > 0 && (i - d) / i * 100 > maxDeficit)
            why.Add(string.Format(inv, "thermal dose {0:F1} % below the ideal bake (limit {1:F1} %)", (i - d) / i * 100, maxDeficit));
        if (p.Tolerances.MaxDipC is { } maxDip && dipC > maxDip)
            why.Add(string.Format(inv, "plate dip {0:F2} °C above {1:F2} °C", dipC, maxDip));
        if (p.Tolerances.MaxRecoverS is { } maxRecover && (recoverS is null || recoverS > maxRecover))
            why.Add(recoverS is null ? "the wafer never came within ±0.1 °C of the setpoint"
                : string.Format(inv, "wafer back within ±0.1 °C after {0:F1} s, limit {1:F1} s", recoverS, maxRecover));
        return (why.Count == 0, string.Join("; ", why));
    }
}

/// <summary>A quantity across the wafers of a job: mean, min, max and spread (max - min).</summary>
public sealed record Spread(double Mean, double Min, double Max, double Range)
{
    public static Spread? Of(IEnumerable<double?> values)
    {
        var v = values.Where(x => x is not null).Select(x => x!.Value).ToList();
        return v.Count == 0 ? null : new Spread(v.Average(), v.Min(), v.Max(), v.Max() - v.Min());
    }
}

/// <summary>The job's wafer-to-wafer picture.</summary>
public sealed record BakeJobSummary(int Wafers, int Done, int Passed, int Failed, Spread? TimeOnPlateS, Spread? DoseDeficitPercent, Spread? DipC,
    Spread? RecoverS, Spread? DetectLagS)
{
    public static BakeJobSummary Of(int wafers, IReadOnlyList<WaferRecord> done) => new(wafers, done.Count, done.Count(w => w.Passed),
        done.Count(w => !w.Passed), Spread.Of(done.Select(w => (double?)w.TimeOnPlateS)), Spread.Of(done.Select(w => w.DoseDeficitPercent)),
        Spread.Of(done.Select(w => w.DipC)), Spread.Of(done.Select(w => w.RecoverS)), Spread.Of(done.Select(w => (double?)w.DetectLagS)));
}
