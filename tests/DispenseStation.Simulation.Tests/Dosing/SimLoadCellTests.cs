using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Simulation.Tests.Dosing;

public class SimLoadCellTests
{
    private static LoadCellParameters Quiet(int sps = 80, double noise = 0) => new()
    {
        SamplesPerSecond = sps, ZeroCounts = 1000, CountsPerGram = 100, NoiseCounts = noise,
        DriftCountsPerMinute = 0, DriftWalkCountsPerSqrtS = 0, VibrationBurstsPerMinute = 0,
    };

    private static List<int> Collect(SimLoadCell cell, double grams, int ms, long fromMs = 0)
    {
        var reads = new List<int>();
        for (long t = fromMs + 1; t <= fromMs + ms; t++)
        {
            cell.Step(t, grams);
            if (cell.TryRead(out int c)) reads.Add(c);
        }
        return reads;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(80)]
    public void Converts_at_the_HX711_rate(int sps)
    {
        var reads = Collect(new SimLoadCell(Quiet(sps), new SimRandom(1)), 5, 10_000);
        Assert.Equal(sps * 10, reads.Count);
        Assert.All(reads, r => Assert.Equal(1500, r));
    }

    [Fact]
    public void Noise_has_the_configured_spread()
    {
        var reads = Collect(new SimLoadCell(Quiet(noise: 38), new SimRandom(2)), 0, 200_000);
        double mean = reads.Average();
        double sd = Math.Sqrt(reads.Average(r => (r - mean) * (r - mean)));
        Assert.InRange(sd, 36, 40);
    }

    [Fact]
    public void Zero_creeps_with_drift()
    {
        var p = new LoadCellParameters { SamplesPerSecond = 80, ZeroCounts = 0, CountsPerGram = 100, NoiseCounts = 0, DriftCountsPerMinute = 60, DriftWalkCountsPerSqrtS = 0, VibrationBurstsPerMinute = 0 };
        var reads = Collect(new SimLoadCell(p, new SimRandom(3)), 0, 60_000);
        Assert.InRange(reads[^1], 59, 61);
    }

    [Fact]
    public void Vibration_bursts_come_and_go()
    {
        var p = new LoadCellParameters { SamplesPerSecond = 80, ZeroCounts = 0, CountsPerGram = 1000, NoiseCounts = 0, DriftCountsPerMinute = 0, DriftWalkCountsPerSqrtS = 0,
            VibrationBurstsPerMinute = 6, VibrationBurstS = 1, VibrationAmplitudeGrams = 0.05 };
        var reads = Collect(new SimLoadCell(p, new SimRandom(4)), 0, 600_000);
        double shaken = reads.Count(r => Math.Abs(r) > 5) / (double)reads.Count;
        Assert.InRange(shaken, 0.03, 0.15); // ~6 one-second bursts a minute, sinusoidal envelope
        Assert.InRange(reads.Max(r => Math.Abs(r)), 40, 50);
    }

    [Fact]
    public void Disconnected_cell_is_silent_and_an_open_bridge_reads_at_the_rail()
    {
        var cell = new SimLoadCell(Quiet(), new SimRandom(5)) { Disconnected = true };
        Assert.Empty(Collect(cell, 1, 1000));
        cell.Disconnected = false;
        cell.BridgeOpen = true;
        cell.TryRead(out _); // the conversion pending from before
        var reads = Collect(cell, 1, 1000, fromMs: 1000);
        Assert.Equal(80, reads.Count);
        Assert.All(reads, r => Assert.Equal(0x7FFFFF, r));
    }

    [Fact]
    public void Output_is_clamped_to_24_bits()
    {
        var reads = Collect(new SimLoadCell(Quiet(), new SimRandom(6)), 1e9, 100);
        Assert.All(reads, r => Assert.Equal(0x7FFFFF, r));
    }
}
