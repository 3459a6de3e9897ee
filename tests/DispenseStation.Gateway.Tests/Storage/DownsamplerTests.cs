using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Tests.Storage;

public sealed class DownsamplerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_764_057_600_000); // a whole second

    [Fact]
    public void Five_hertz_telemetry_becomes_one_averaged_sample_per_second()
    {
        var d = new Downsampler(TimeSpan.FromSeconds(1), channels: 2);
        var output = new List<(DateTimeOffset At, double[] Values)>();
        for (var i = 0; i < 50; i++) // 10 s at 5 Hz; the plate ramps 1 °C/s, the scale adds 0.2 g per sample
        {
            var at = T0.AddMilliseconds(200 * i);
            if (d.Add(at, [0.2 * i, 20 + 0.2 * i]) is { } bucket) output.Add(bucket);
        }
        if (d.Flush() is { } last) output.Add(last);

        Assert.Equal(10, output.Count); // 50 samples -> 10 rows, a 5:1 reduction
        for (var s = 0; s < 10; s++)
        {
            Assert.Equal(T0.AddSeconds(s), output[s].At);
            Assert.Equal(0.2 * (5 * s + 2), output[s].Values[0], 9); // mean of samples 5s..5s+4
            Assert.Equal(20 + 0.2 * (5 * s + 2), output[s].Values[1], 9);
        }
        Assert.Null(d.Flush());
    }

    [Fact]
    public void Buckets_align_to_the_epoch_and_late_samples_are_dropped()
    {
        var d = new Downsampler(TimeSpan.FromMilliseconds(500), channels: 1);
        Assert.Null(d.Add(T0.AddMilliseconds(730), [1]));
        Assert.Null(d.Add(T0.AddMilliseconds(990), [3]));
        Assert.Null(d.Add(T0.AddMilliseconds(100), [1000])); // older than the open bucket
        var closed = d.Add(T0.AddMilliseconds(1_000), [5]);
        Assert.NotNull(closed);
        Assert.Equal(T0.AddMilliseconds(500), closed.Value.At);
        Assert.Equal([2.0], closed.Value.Values);
    }

    [Fact]
    public void A_gap_closes_the_open_bucket_without_inventing_empty_ones()
    {
        var d = new Downsampler(TimeSpan.FromSeconds(1), channels: 1);
        d.Add(T0, [1]);
        var closed = d.Add(T0.AddSeconds(60), [2]);
        Assert.Equal(T0, closed!.Value.At);
        Assert.Equal(T0.AddSeconds(60), d.Flush()!.Value.At);
    }

    [Fact]
    public void Wrong_channel_counts_and_intervals_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Downsampler(TimeSpan.Zero, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Downsampler(TimeSpan.FromSeconds(1), 0));
        var e = Assert.Throws<ArgumentException>(() => new Downsampler(TimeSpan.FromSeconds(1), 2).Add(T0, [1.0]));
        Assert.Contains("expected 2 values", e.Message);
    }
}
