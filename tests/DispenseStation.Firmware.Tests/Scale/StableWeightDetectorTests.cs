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

    /// <summary>The detector as it was with double histories: the reference the float histories are checked against.</summary>
    private sealed class DoubleDetector(int shortSamples, int windowSamples, double band)
    {
        private readonly double[] _short = new double[shortSamples], _window = new double[windowSamples];
        private double _sum;
        private int _si, _sc, _wi, _wc;
        public bool IsStable;
        public double StableGrams, Spread;

        public void Add(double g)
        {
            if (_sc == _short.Length) _sum -= _short[_si]; else _sc++;
            _short[_si] = g;
            _sum += g;
            _si = (_si + 1) % _short.Length;
            if (_sc < _short.Length) { IsStable = false; return; }
            _window[_wi] = _sum / _sc;
            _wi = (_wi + 1) % _window.Length;
            if (_wc < _window.Length) _wc++;
            if (_wc < _window.Length) { IsStable = false; return; }
            double min = _window.Min(), max = _window.Max();
            Spread = max - min;
            IsStable = Spread <= band;
            StableGrams = _window.Sum() / _window.Length;
        }
    }

    [Theory]
    [InlineData(0.0, 1000.0, 0.008, 0.003)]          // grams: an empty bottle filled to 1 kg, 8 mg band
    [InlineData(8_000_000.0, 8_600_000.0, 14, 5)]     // raw HX711 counts near 2^23 (a float alone would round to 1 count), 14-count band
    public void Float_histories_relative_to_a_reference_decide_as_double_histories_do(double from, double to, double band, double noise)
    {
        var rnd = new SimRandom(7);
        var d = new StableWeightDetector(16, 64, band);
        var reference = new DoubleDetector(16, 64, band);
        int stable = 0;
        // A noisy plateau, a ramp across many re-references, a plateau at the top, a step back down and a plateau.
        void Feed(double g)
        {
            d.Add(g);
            reference.Add(g);
            Assert.Equal(reference.IsStable, d.IsStable);
            // Within 1e-4 of the band near stability; a ramp's wide spread to 1e-5 of itself.
            Assert.Equal(reference.Spread, d.Spread, band * 1e-4 + reference.Spread * 1e-5);
            if (!reference.IsStable) return;
            stable++;
            Assert.Equal(reference.StableGrams, d.StableGrams, band * 1e-4);
        }
        for (int i = 0; i < 300; i++) Feed(rnd.Gaussian(from, noise));
        for (int i = 0; i <= 4000; i++) Feed(from + (to - from) * i / 4000 + rnd.Gaussian(0, noise));
        for (int i = 0; i < 300; i++) Feed(rnd.Gaussian(to, noise));
        for (int i = 0; i < 300; i++) Feed(rnd.Gaussian((from + to) / 2, noise));
        Assert.True(stable > 300, $"{stable} stable samples");
    }
}
