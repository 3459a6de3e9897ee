using DispenseStation.Firmware.Scale;
using DispenseStation.Simulation;

namespace DispenseStation.Firmware.Tests.Scale;

public class WeightFilterTests
{
    private const int Sps = 80;

    [Fact]
    public void Follows_a_steady_flow_without_lag_and_measures_its_rate()
    {
        var f = new WeightFilter(0.12, 0.0075, Sps);
        const double flow = 2.0; // g/s
        for (int i = 0; i < 4 * Sps; i++) f.Add(flow * i / Sps);
        double truth = flow * (4 * Sps - 1) / Sps;
        // A 0.5 s moving average would trail by 0.5 g here; only the median's one sample (25 mg) remains.
        double oneSample = flow / Sps;
        Assert.InRange(f.Grams, truth - oneSample - 0.002, truth - oneSample + 0.002);
        Assert.InRange(f.RateGramsPerS, flow * 0.99, flow * 1.01);
    }

    [Fact]
    public void A_single_spike_does_not_reach_the_output()
    {
        var f = new WeightFilter(0.12, 0.0075, Sps);
        for (int i = 0; i < 100; i++) f.Add(10.0);
        f.Add(15.0);
        f.Add(10.0);
        f.Add(10.0);
        Assert.Equal(10.0, f.Grams, 9);
    }

    [Fact]
    public void Reduces_white_noise_at_least_threefold()
    {
        var rnd = new SimRandom(3);
        var f = new WeightFilter(0.12, 0.0075, Sps);
        double sumSq = 0;
        int n = 0;
        for (int i = 0; i < 20_000; i++)
        {
            f.Add(rnd.Gaussian(0, 0.006));
            if (i > 500) { sumSq += f.Grams * f.Grams; n++; }
        }
        double sigma = Math.Sqrt(sumSq / n);
        Assert.True(sigma < 0.002, $"filtered noise {sigma * 1000:F2} mg from 6 mg raw");
    }
}
