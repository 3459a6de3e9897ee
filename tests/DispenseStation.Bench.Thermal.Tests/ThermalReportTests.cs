using DispenseStation.Bench.Thermal;

namespace DispenseStation.Bench.Thermal.Tests;

public class ThermalReportTests
{
    [Fact]
    public void Report_prints_the_comparison_table_and_writes_the_plot()
    {
        var report = ThermalReport.Run(seed: 42);
        Assert.True(report.ProjectBeatsBaseline);
        foreach (string row in new[] { "two-step bake 100 °C/60 s -> step to 110 °C", "ramp 0.2 °C/s to 110 °C", "overshoot above 110 °C after the change", "plate outside the band after entering it", "overshoot (°C)", "settle time to ±0.2 °C (s)", "IAE step+hold", "hold peak-to-peak, plate", "cold wafer: back within", "fault to heater off" })
            Assert.Contains(row, report.Table);
        Assert.Equal(9, report.Faults.Count);

        string png = Path.Combine(Path.GetTempPath(), $"thermal-{Guid.NewGuid():N}", "thermal.png");
        try
        {
            ThermalPlot.Save(report, png);
            byte[] bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 20_000, $"plot is only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]); // PNG signature
            string twoStep = Path.Combine(Path.GetDirectoryName(png)!, "two-step.png");
            ThermalPlot.SaveTwoStep(report, twoStep);
            Assert.True(new FileInfo(twoStep).Length > 20_000);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(png)!, recursive: true);
        }
    }
}
