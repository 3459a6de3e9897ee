using DispenseStation.Firmware.Scale;

namespace DispenseStation.Firmware.Tests.Scale;

public class ScaleCalibrationTests
{
    [Fact]
    public void Two_points_give_zero_and_sensitivity()
    {
        var cal = ScaleCalibration.FromTwoPoints(rawA: 84_000, gramsA: 0, rawB: 484_000, gramsB: 100);
        Assert.Equal(84_000, cal.ZeroCounts, 6);
        Assert.Equal(4_000, cal.CountsPerGram, 6);
        Assert.Equal(50.0, cal.ToGrams(284_000), 9);
    }

    [Fact]
    public void Points_need_not_include_zero()
    {
        var cal = ScaleCalibration.FromTwoPoints(rawA: 284_000, gramsA: 50, rawB: 684_000, gramsB: 150);
        Assert.Equal(84_000, cal.ZeroCounts, 6);
        Assert.Equal(0.0, cal.ToGrams(84_000), 9);
    }

    [Fact]
    public void Stored_values_restore_the_same_conversion()
    {
        var cal = ScaleCalibration.FromTwoPoints(12_345, 0, 812_345, 200);
        var restored = new ScaleCalibration(cal.ZeroCounts, cal.CountsPerGram);
        Assert.Equal(cal.ToGrams(400_000), restored.ToGrams(400_000), 12);
    }

    [Fact]
    public void Reversed_bridge_wiring_gives_a_negative_span_that_still_converts()
    {
        var cal = ScaleCalibration.FromTwoPoints(rawA: 1000, gramsA: 0, rawB: 1000 - 2100 * 100, gramsB: 100);
        Assert.Equal(-2100, cal.CountsPerGram, 9);
        Assert.Equal(10, cal.ToGrams(1000 - 21_000), 9);
    }

    [Theory]
    [InlineData(0, 0, 1000, 0.5, "gramsB")]      // loads too close
    [InlineData(1000, 0, 1000, 100, "rawB")]     // reference did not register
    [InlineData(double.NaN, 0, 1000, 100, "finite")]
    public void Bad_points_are_rejected_with_the_rule(double rawA, double gA, double rawB, double gB, string mentions)
    {
        var ex = Assert.Throws<ArgumentException>(() => ScaleCalibration.FromTwoPoints(rawA, gA, rawB, gB));
        Assert.Contains(mentions, ex.Message);
    }

    [Theory]
    [InlineData(double.NaN, 4000, "zeroCounts")]
    [InlineData(0, 0.5, "countsPerGram")]
    [InlineData(0, double.PositiveInfinity, "countsPerGram")]
    public void Bad_stored_values_are_rejected(double zero, double perGram, string field)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ScaleCalibration(zero, perGram));
        Assert.Contains(field, ex.Message);
    }
}
