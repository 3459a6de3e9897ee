using DispenseStation.Simulation.Thermal.Wafer;
using ScottPlot;

namespace DispenseStation.Bench.Thermal;

/// <summary>PNGs of the cold-wafer drop (plate and wafer against their targets) and of the 25-wafer run, every contender, first seed.</summary>
public static class WaferPlot
{
    private static readonly Color[] Palette = [Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple];

    public static void SaveDrop(WaferReport report, string path)
    {
        var plot = new Plot();
        plot.Title($"Cold 200 mm wafer at 22 °C onto the plate at 110 °C (simulation, seed {report.Seeds[0]})");
        plot.XLabel("time since wafer-down (s)");
        plot.YLabel("deviation from target (°C)");
        for (int i = 0; i < WaferReport.Kinds.Length; i++)
        {
            var run = report.FirstSeedRuns[i];
            string name = WaferReport.Name(WaferReport.Kinds[i]);
            Add(plot, run.DropTrace.Select(p => p.T), run.DropTrace.Select(p => p.Plate), name + ": plate", Palette[i], 1.5f, LinePattern.Solid);
            Add(plot, run.DropTrace.Select(p => p.T), run.DropTrace.Select(p => p.Wafer), name + ": wafer", Palette[i], 1f, LinePattern.Dashed);
        }
        plot.Add.HorizontalLine(0.1, 1, Colors.Gray, LinePattern.Dotted);
        plot.Add.HorizontalLine(-0.1, 1, Colors.Gray, LinePattern.Dotted);
        plot.Axes.SetLimits(0, 60, -2, 1.5);
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path);
    }

    public static void SaveCycle(WaferReport report, string path)
    {
        var plot = new Plot();
        plot.Title($"25 wafers at a 90 s cycle, 60 s on the plate (simulation, seed {report.Seeds[0]}): wafer temperature");
        plot.XLabel("time (s)");
        plot.YLabel("wafer temperature (°C)");
        for (int i = 0; i < WaferReport.Kinds.Length; i++)
        {
            var run = report.FirstSeedRuns[i];
            Add(plot, run.CycleTrace.Select(p => p.T), run.CycleTrace.Select(p => p.Wafer), WaferReport.Name(WaferReport.Kinds[i]), Palette[i], 1f, LinePattern.Solid);
        }
        plot.Axes.SetLimitsY(108.5, 111);
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path);
    }

    private static void Add(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys, string label, Color color, float width, LinePattern pattern)
    {
        var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color);
        line.LineWidth = width;
        line.LegendText = label;
        line.LinePattern = pattern;
    }

    private static void Save(Plot plot, string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        plot.SavePng(path, 1400, 800);
    }
}
