using System.Globalization;
using System.Text;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Bench.Thermal;

/// <summary>Runs the step/hold/wafer comparison and the fault-injection timings, and formats the table.</summary>
public sealed record ThermalReport(StepHoldComparison Comparison, double IaeBound, TwoStepComparison TwoStep, TwoStepComparison TwoStepRamp, IReadOnlyList<FaultTiming> Faults, string Table)
{
    /// <summary>Ramp rate of the second two-step case, °C/s.</summary>
    public const double RampCPerS = 0.2;

    public bool ProjectBeatsBaseline =>
        Comparison.Project.Metrics.OvershootC < Comparison.Baseline.Metrics.OvershootC
        && Comparison.Project.Metrics.IaeCs < Comparison.Baseline.Metrics.IaeCs
        && Beats(TwoStep) && Beats(TwoStepRamp)
        && Faults.All(f => f.Passed);

    private static bool Beats(TwoStepComparison c) =>
        c.Project.Metrics.OvershootC < c.Baseline.Metrics.OvershootC && c.Project.Metrics.IaeCs < c.Baseline.Metrics.IaeCs;

    public static ThermalReport Run(int seed)
    {
        var scenario = new StepHoldScenario { Seed = seed };
        var comparison = scenario.Run();
        double bound = scenario.FullPowerIaeBound();
        var twoStep = new TwoStepBakeScenario { Seed = seed }.Run();
        var twoStepRamp = new TwoStepBakeScenario { Seed = seed, SecondRampCPerS = RampCPerS }.Run();
        var faults = FaultScenarios.RunAll(HotplateParameters.LoadDefault(), seed);
        return new ThermalReport(comparison, bound, twoStep, twoStepRamp, faults, Format(comparison, bound, twoStep, twoStepRamp, faults));
    }

    private static string Format(StepHoldComparison c, double bound, TwoStepComparison twoStep, TwoStepComparison twoStepRamp, IReadOnlyList<FaultTiming> faults)
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var a = c.Autotune;
        s.AppendLine(inv, $"Autotune (relay, {a.CyclesMeasured} cycles, {a.DurationS:F0} s): Ku={a.UltimateGain:F4} /°C  Pu={a.UltimatePeriodS:F1} s  a={a.AmplitudeC:F3} °C  K={a.ProcessGainCPerDuty:F1} °C  tau={a.TimeConstantS:F0} s  theta={a.DeadTimeS:F1} s  duty@110={a.MeanDuty:F3}");
        s.AppendLine(inv, $"Project  gains: Kp={c.Project.Gains.Kp:F4} Ti={c.Project.Gains.Ti:F1} s Td={c.Project.Gains.Td:F2} s  (2-DOF PID, D on measurement, back-calculation, learned feed-forward)");
        s.AppendLine(inv, $"Baseline gains: Kp={c.Baseline.Gains.Kp:F4} Ti={c.Baseline.Gains.Ti:F1} s Td={c.Baseline.Gains.Td:F2} s  (plain Ziegler-Nichols PID, clamping)");
        s.AppendLine();
        s.AppendLine("| 25 -> 110 °C step, hold, cold wafer | project | ZN baseline | project/baseline |");
        s.AppendLine("| --- | ---: | ---: | ---: |");
        Row(s, "overshoot (°C)", c.Project.Metrics.OvershootC, c.Baseline.Metrics.OvershootC, "F3");
        Row(s, "settle time to ±0.2 °C (s)", c.Project.Metrics.SettleTimeS, c.Baseline.Metrics.SettleTimeS, "F1");
        Row(s, "IAE step+hold (°C·s)", c.Project.Metrics.IaeCs, c.Baseline.Metrics.IaeCs, "F1");
        Row(s, "hold peak-to-peak, plate (°C)", c.Project.Metrics.HoldPeakToPeakC, c.Baseline.Metrics.HoldPeakToPeakC, "F3");
        Row(s, "hold max deviation, plate (°C)", c.Project.Metrics.HoldMaxDeviationC, c.Baseline.Metrics.HoldMaxDeviationC, "F3");
        Row(s, "hold peak-to-peak, RTD reading (°C)", c.Project.Metrics.HoldPeakToPeakMeasuredC, c.Baseline.Metrics.HoldPeakToPeakMeasuredC, "F3");
        Row(s, "cold wafer: dip (°C)", c.Project.Metrics.WaferDipC, c.Baseline.Metrics.WaferDipC, "F3");
        Row(s, "cold wafer: back within ±0.2 °C (s)", c.Project.Metrics.WaferRecoveryS, c.Baseline.Metrics.WaferRecoveryS, "F1");
        Row(s, "cold wafer: IAE (°C·s)", c.Project.Metrics.WaferIaeCs, c.Baseline.Metrics.WaferIaeCs, "F1");
        s.AppendLine(inv, $"IAE floor for this plate (full power until 110 °C, then perfect): {bound:F1} °C·s; project {(c.Project.Metrics.IaeCs - bound) / bound * 100:F1} % above it, baseline {(c.Baseline.Metrics.IaeCs - bound) / bound * 100:F1} %.");
        s.AppendLine();
        TwoStepRows(s, twoStep, "two-step bake 100 °C/60 s -> step to 110 °C/60 s, ±0.5 °C");
        TwoStepRows(s, twoStepRamp, $"two-step bake 100 °C/60 s -> ramp {RampCPerS.ToString("F1", inv)} °C/s to 110 °C/60 s, ±0.5 °C");
        s.AppendLine("(400 s window after the segment change; plate = true plate temperature; IAE against the programmed setpoint.)");
        s.AppendLine();
        s.AppendLine("| injected fault (plate holding 110 °C) | latched alarm | fault to heater off (s) | stated limit (s) | plate peak after (°C) |");
        s.AppendLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var f in faults)
            s.AppendLine(inv, $"| {f.Name} | {f.Fault} | {Fmt(f.FaultToHeaterOffS, "F2")} | {f.LimitS.ToString("F2", inv)} | {Fmt(f.PlatePeakC, "F1")} |");
        return s.ToString();
    }

    private static void TwoStepRows(StringBuilder s, TwoStepComparison c, string title)
    {
        TwoStepMetrics p = c.Project.Metrics, b = c.Baseline.Metrics;
        s.AppendLine($"| {title} | project | ZN baseline | project/baseline |");
        s.AppendLine("| --- | ---: | ---: | ---: |");
        Row(s, "overshoot above 110 °C after the change (°C)", p.OvershootC, b.OvershootC, "F3");
        Row(s, "into the band after the change (s)", p.EnterBandS, b.EnterBandS, "F1");
        Row(s, "plate outside the band after entering it (s)", p.OutsideAfterEnteringS, b.OutsideAfterEnteringS, "F1");
        Row(s, "outside the band as the program reported (s)", p.ReportedOutsideS, b.ReportedOutsideS, "F1");
        Row(s, "post-exposure hold done after the change (s)", p.HoldDoneS, b.HoldDoneS, "F1");
        Row(s, "IAE after the change (°C·s)", p.IaeCs, b.IaeCs, "F1");
        s.AppendLine();
    }

    private static void Row(StringBuilder s, string name, double project, double baseline, string format)
    {
        string ratio = double.IsFinite(project) && double.IsFinite(baseline) && baseline != 0 ? (project / baseline).ToString("F3", CultureInfo.InvariantCulture) : "-";
        s.AppendLine($"| {name} | {Fmt(project, format)} | {Fmt(baseline, format)} | {ratio} |");
    }

    private static string Fmt(double v, string format) =>
        double.IsNaN(v) ? "never" : v.ToString(format, CultureInfo.InvariantCulture);
}
