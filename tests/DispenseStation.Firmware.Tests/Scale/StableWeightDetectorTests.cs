using DispenseStation.Firmware.Scale;
using DispenseStation.Simulation;

namespace DispenseStation.Firmware.Tests.Scale;

public class StableWeightDetectorTests
{
    private static StableWeightDetector Make() => new(shortSamples: 16, windowSamples: 64, bandGrams: 0.008);

    [Fact]
    public void Noisy_constant_weight_becomes_stable_with_an_accurate_mean()
    {
        var rnd = new SimRandom(11);
        var d = Make();
        for (int i = 0; i < 200; i++) d.Add(rnd.Gaussian(25.0, 0.006));
        Assert.True(d.IsStable, $"spread {d.Spread * 1000:F1} mg");
        Assert.InRange(d.StableGrams, 25.0 - 0.002, 25.0 + 0.002);
    }

    [Fact]
    public void A_slow_drip_is_not_stable()
    {
        var d = Make();
        // 0.03 g/s at 80 samples/s: 24 mg over the window, beyond the 8 mg band.
        for (int i = 0; i < 400; i++) d.Add(0.03 * i / 80.0);
        Assert.False(d.IsStable);
    }

    [Fact]
    public void Needs_a_full_window_after_a_step()
    {
        var d = Make();
        for (int i = 0; i < 200; i++) d.Add(10.0);
        Assert.True(d.IsStable);
        int samplesUntilStable = 0;
        d.Add(11.0);
        while (!d.IsStable) { d.Add(11.0); samplesUntilStable++; }
        Assert.InRange(samplesUntilStable, 64, 16 + 64);
        Assert.Equal(11.0, d.StableGrams, 9);
    }
}
