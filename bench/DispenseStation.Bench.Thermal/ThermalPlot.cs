using DispenseStation.Simulation.Thermal;
using ScottPlot;

namespace DispenseStation.Bench.Thermal;

/// <summary>PNG of the comparison: temperatures and setpoint on the left axis, duty on the right.</summary>
public static class ThermalPlot
{
    public static void Save(ThermalReport report, string path)
    {
        var c = report.Comparison;
        var plot = new Plot();
        plot.Title("Hotplate 25 -> 110 °C step, hold, cold wafer at 900 s (simulation)");
        plot.XLabel("time (s)");
        plot.YLabel("plate temperature (°C)");
        Line(plot, c.Baseline.Trace.TimeS, c.Baseline.Trace.PlateC, "ZN baseline: plate", Colors.OrangeRed, 1.5f);
        Line(plot, c.Project.Trace.TimeS, c.Project.Trace.PlateC, "project: plate", Colors.Blue, 1.5f);
        Line(plot, c.Project.Trace.TimeS, c.Project.Trace.SetpointC, "setpoint", Colors.Black, 1f);
        var duty = Line(plot, c.Project.Trace.TimeS, Scale(c.Project.Trace.Duty, 100), "project: duty (%)", Colors.Blue.WithAlpha(0.35), 1f);
        duty.Axes.YAxis = plot.Axes.Right;
        var baseDuty = Line(plot, c.Baseline.Trace.TimeS, Scale(c.Baseline.Trace.Duty, 100), "ZN baseline: duty (%)", Colors.OrangeRed.WithAlpha(0.35), 1f);
        baseDuty.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "heater duty (%)";
        plot.Axes.SetLimitsY(20, 125, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, 400, plot.Axes.Right);
        plot.ShowLegend(Alignment.LowerRight);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        plot.SavePng(path, 1400, 800);
    }

    /// <summary>PNG of the two-step bake around the segment change: plate temperature and setpoint, project vs baseline.</summary>
    public static void SaveTwoStep(ThermalReport report, string path)
    {
        var plot = new Plot();
        plot.Title("Two-step bake 100 °C -> 110 °C, ±0.5 °C (simulation): setpoint step and 0.2 °C/s ramp");
        plot.XLabel("time since the post-apply hold ended (s)");
        plot.YLabel("plate temperature (°C)");
        Aligned(plot, report.TwoStep.Baseline, r => r.Trace.PlateC, "ZN baseline, step: plate", Colors.OrangeRed, 1.5f);
        Aligned(plot, report.TwoStep.Project, r => r.Trace.PlateC, "project, step: plate", Colors.Blue, 1.5f);
        Aligned(plot, report.TwoStep.Project, r => r.Trace.SetpointC, "step: setpoint", Colors.Black, 1f);
        Aligned(plot, report.TwoStepRamp.Baseline, r => r.Trace.PlateC, "ZN baseline, ramp: plate", Colors.Orange, 1f);
        Aligned(plot, report.TwoStepRamp.Project, r => r.Trace.PlateC, "project, ramp: plate", Colors.Green, 1f);
        Aligned(plot, report.TwoStepRamp.Project, r => r.Trace.SetpointC, "ramp: setpoint", Colors.Gray, 1f);
        plot.Add.HorizontalLine(110.5, 1, Colors.Gray, LinePattern.Dashed);
        plot.Add.HorizontalLine(109.5, 1, Colors.Gray, LinePattern.Dashed);
        plot.Axes.SetLimits(-60, 400, 97, 113);
        plot.ShowLegend(Alignment.LowerRight);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        plot.SavePng(path, 1400, 800);
    }

    private static void Aligned(Plot plot, TwoStepRun run, Func<TwoStepRun, List<double>> values, string label, Color color, float width) =>
        Line(plot, run.Trace.TimeS.Select(t => t - run.ChangeAtS).ToList(), values(run), label, color, width);

    private static ScottPlot.Plottables.Scatter Line(Plot plot, List<double> xs, List<double> ys, string label, Color color, float width)
    {
        // Thin the trace for drawing: one point per second is plenty at this scale.
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < xs.Count; i += 10)
        {
            if (!double.IsFinite(ys[i])) continue;
            x.Add(xs[i]);
            y.Add(ys[i]);
        }
        var line = plot.Add.ScatterLine(x, y, color);
        line.LineWidth = width;
        line.LegendText = label;
        return line;
    }

    private static List<double> Scale(List<double> values, double factor) => values.Select(v => v * factor).ToList();
}
