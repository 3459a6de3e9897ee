using DispenseStation.Firmware.BakeJobs;

namespace DispenseStation.Firmware.Tests.BakeJobs;

/// <summary>The detector keeps its sample times as int offsets from a base that moves up every 2^20 ms
/// (half the heap of longs): the same plate trace gives the same verdicts and times at any uptime and
/// after any number of base moves.</summary>
public class WaferDownDetectorTimeBaseTests
{
    private const long PeriodMs = 200;

    /// <summary>Plate at 100 °C with a small ripple for <paramref name="flatS"/>; then a wafer lands and pulls it down
    /// by 2 °C with a 3 s time constant. Times are returned relative to the landing.</summary>
    private static (int Confirmed, long Landing, long Detected, long[] Times, double[] Celsius) Run(long startMs, double flatS)
    {
        var d = new WaferDownDetector(new WaferDownSettings());
        int flat = (int)(flatS * 1000 / PeriodMs);
        long landMs = startMs + flat * PeriodMs;
        int confirmed = int.MinValue;
        for (int i = 0; i < flat + 40; i++) // 8 s past the landing: the history still reaches back before it
        {
            int k = i - flat; // samples since the landing
            double s = k * PeriodMs / 1000.0;
            double c = 100 + 0.01 * Math.Sin(k * 0.7) - (k < 0 ? 0 : 2 * (1 - Math.Exp(-s / 3)));
            if (k == -25) d.Arm();
            if (d.Sample(startMs + i * PeriodMs, c) && confirmed == int.MinValue) confirmed = k;
        }
        var times = Enumerable.Range(0, d.HistoryCount).Select(a => d.TimeAgo(a) - landMs).ToArray();
        var celsius = Enumerable.Range(0, d.HistoryCount).Select(d.CelsiusAgo).ToArray();
        return (confirmed, d.EstimatedLandingMs - landMs, d.DetectedAtMs - landMs, times, celsius);
    }

    [Theory]
    [InlineData(0L, 3145.4)]                          // three base moves, the third 0.4 s after the landing
    [InlineData((1L << 31) - 30_000, 60.0)]           // uptime crosses 2^31 ms while the wafer lands
    [InlineData(40L * 24 * 3600 * 1000, 1048.2)]      // 40 days of uptime, beyond an int of ms; the base moves 0.4 s after the landing, before the detection
    public void The_same_trace_gives_the_same_detection_at_any_uptime_and_after_base_moves(long startMs, double flatS)
    {
        var reference = Run(0, 30);
        Assert.InRange(reference.Confirmed, 3, 35); // after the base moves below, 2 samples past the landing
        Assert.InRange(reference.Landing, -3000, 3000);
        var later = Run(startMs, flatS);
        Assert.Equal(reference.Confirmed, later.Confirmed);
        Assert.Equal(reference.Landing, later.Landing);
        Assert.Equal(reference.Detected, later.Detected);
        Assert.Equal(reference.Times, later.Times);
        Assert.Equal(reference.Celsius, later.Celsius);
    }
}
