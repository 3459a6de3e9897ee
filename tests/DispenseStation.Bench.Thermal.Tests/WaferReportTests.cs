using DispenseStation.Bench.Thermal;
using DispenseStation.Simulation.Thermal.Wafer;

namespace DispenseStation.Bench.Thermal.Tests;

public class WaferReportTests
{
    [Fact]
    public void Wafer_report_compares_all_four_contenders_and_writes_a_short_summary_and_plots()
    {
        var report = WaferReport.Run(seedCount: 2);
        Assert.Equal(4 * 2, report.Figures.Count);
        string table = report.Table();
        foreach (var kind in WaferReport.Kinds) Assert.Contains(WaferReport.Name(kind), table);
        foreach (var metric in WaferReport.Metrics) Assert.Contains(metric.Name, table);
        Assert.Contains("worst", table);
        Assert.Equal(3, report.Verdicts().Count());
        // The peers really ran their own autotunes and controllers: their figures differ from the project's.
        Assert.NotEqual(report.Worst(ContenderKind.Project, WaferReport.Metrics[0]).Value, report.Worst(ContenderKind.Klipper, WaferReport.Metrics[0]).Value);
        Assert.Contains("pid_Kp=", table);
        Assert.Contains("kd=", table);

        string[] summary = report.Summary().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(summary.Length, 3, 6);
        Assert.All(summary, line => Assert.StartsWith("- ", line));

        string dir = Path.Combine(Path.GetTempPath(), $"wafer-{Guid.NewGuid():N}");
        try
        {
            WaferPlot.SaveDrop(report, Path.Combine(dir, "drop.png"));
            WaferPlot.SaveCycle(report, Path.Combine(dir, "cycle.png"));
            Assert.True(new FileInfo(Path.Combine(dir, "drop.png")).Length > 20_000);
            Assert.True(new FileInfo(Path.Combine(dir, "cycle.png")).Length > 20_000);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Results_document_holds_both_reports()
    {
        var wafer = WaferReport.Run(seedCount: 1);
        var single = ThermalReport.Run(seed: 42);
        string doc = ResultsDocument.Thermal(wafer, single, 42);
        Assert.Contains("## Wafer bench", doc);
        Assert.Contains(wafer.Table(), doc);
        Assert.Contains(single.Table, doc);
    }
}
