using DispenseStation.Simulation.Dosing;
using ScottPlot;

namespace DispenseStation.Bench.Dosing;

/// <summary>Weight (left axis) and pump speed (right axis) over one dose.</summary>
public static class DosePlot
{
    public static void Save(string path, string title, double target, List<DoseTracePoint> project, List<DoseTracePoint> fast)
    {
        var plot = new Plot();
        double[] t = project.Select(p => p.TimeS).ToArray();
        Line(plot, t, project.Select(p => p.TrueDeliveredGrams).ToArray(), "project: true weight", Colors.Blue, 2);
        Line(plot, t, project.Select(p => p.MeasuredNetGrams).ToArray(), "project: filtered scale", Colors.LightBlue, 1);
        Line(plot, fast.Select(p => p.TimeS).ToArray(), fast.Select(p => p.TrueDeliveredGrams).ToArray(), "two-speed peer: true weight", Colors.OrangeRed, 1);
        var targetLine = plot.Add.HorizontalLine(target);
        targetLine.LegendText = "target";
        targetLine.Color = Colors.Gray;
        targetLine.LinePattern = LinePattern.Dashed;

        var speed = Line(plot, t, project.Select(p => p.ActualSpeed).ToArray(), "project: pump speed", Colors.Green, 1);
        speed.Axes.YAxis = plot.Axes.Right;
        var fastSpeed = Line(plot, fast.Select(p => p.TimeS).ToArray(), fast.Select(p => p.ActualSpeed).ToArray(), "two-speed peer: pump speed", Colors.Orange, 1);
        fastSpeed.Axes.YAxis = plot.Axes.Right;

        plot.Title(title);
        plot.XLabel("time since start of dose (s)");
        plot.YLabel("delivered (g)");
        plot.Axes.Right.Label.Text = "pump speed (fraction of max)";
        plot.ShowLegend(Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        plot.SavePng(path, 1200, 700);
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, double[] y, string label, Color color, float width)
    {
        var s = plot.Add.Scatter(x, y);
        s.LegendText = label;
        s.Color = color;
        s.LineWidth = width;
        s.MarkerSize = 0;
        return s;
    }
}
