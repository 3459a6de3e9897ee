using DispenseStation.Firmware.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

public class InFlightLearnerTests
{
    private static InFlightLearner Make() => new([
        new DoseChannelSettings { InitialInFlightGrams = 0.2, MaxInFlightGrams = 1.0, LearningGain = 0.5 },
        new DoseChannelSettings { InitialInFlightGrams = 0.01, MaxInFlightGrams = 0.05, LearningGain = 0.25 },
    ]);

    [Fact]
    public void First_measurement_replaces_the_guess_later_ones_are_smoothed()
    {
        var l = Make();
        Assert.False(l.IsLearned(0));
        Assert.Equal(0.2, l.Estimate(0));
        l.Observe(0, 0.10);
        Assert.True(l.IsLearned(0));
        Assert.Equal(0.10, l.Estimate(0), 12);
        l.Observe(0, 0.14);
        Assert.Equal(0.12, l.Estimate(0), 12);
        Assert.Equal(2, l.Observations(0));
        Assert.Equal(0.01, l.Estimate(1)); // channels are independent
    }

    [Fact]
    public void Observations_are_clamped_and_non_numbers_ignored()
    {
        var l = Make();
        l.Observe(1, 5.0);
        Assert.Equal(0.05, l.Estimate(1), 12);
        l.Observe(1, -1.0);
        Assert.Equal(0.05 * 0.75, l.Estimate(1), 12);
        l.Observe(1, double.NaN);
        Assert.Equal(0.05 * 0.75, l.Estimate(1), 12);
    }

    [Fact]
    public void Export_and_import_round_trip_as_plain_numbers()
    {
        var a = Make();
        a.Observe(0, 0.33);
        a.Observe(1, 0.02);
        var stored = new double[2];
        a.Export(stored);
        var b = Make();
        b.Import(stored);
        Assert.Equal(a.Estimate(0), b.Estimate(0));
        Assert.Equal(a.Estimate(1), b.Estimate(1));
        Assert.True(b.IsLearned(0));
    }

    [Theory]
    [InlineData(new[] { 0.1 }, "one value per channel")]
    [InlineData(new[] { 0.1, -0.01 }, "grams[1]")]
    [InlineData(new[] { 0.1, 0.5 }, "grams[1]")]
    [InlineData(new[] { double.NaN, 0.01 }, "grams[0]")]
    public void Bad_imports_change_nothing(double[] values, string mentions)
    {
        var l = Make();
        var ex = Assert.Throws<ArgumentException>(() => l.Import(values));
        Assert.Contains(mentions, ex.Message);
        Assert.Equal(0.2, l.Estimate(0));
        Assert.Equal(0.01, l.Estimate(1));
        Assert.False(l.IsLearned(0));
    }
}
