namespace DispenseStation.Simulation.Tests;

public class SimRandomTests
{
    [Fact]
    public void Same_seed_gives_the_same_sequence()
    {
        var a = new SimRandom(42);
        var b = new SimRandom(42);
        for (int i = 0; i < 100; i++) Assert.Equal(a.NextGaussian(), b.NextGaussian());
    }

    [Fact]
    public void Gaussian_has_the_requested_moments()
    {
        var r = new SimRandom(7);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            var x = r.Gaussian(3, 2);
            sum += x;
            sumSq += x * x;
        }
        var mean = sum / n;
        var std = Math.Sqrt(sumSq / n - mean * mean);
        Assert.InRange(mean, 2.98, 3.02);
        Assert.InRange(std, 1.98, 2.02);
    }

    [Fact]
    public void Clock_only_moves_forward()
    {
        var clock = new SimClock();
        clock.Advance(250);
        Assert.Equal(250, clock.UptimeMs);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(-1));
    }
}
