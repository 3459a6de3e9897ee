using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.Tests.Util;

public class NumTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-300)]
    [InlineData(2.0)]
    [InlineData(0.04)]
    [InlineData(12345.678)]
    [InlineData(9.9e250)]
    public void Sqrt_matches_the_framework(double x)
    {
        Assert.Equal(Math.Sqrt(x), Num.Sqrt(x), Math.Sqrt(x) * 1e-14 + 1e-300);
    }

    [Fact]
    public void Sqrt_of_negative_or_nan_is_zero()
    {
        Assert.Equal(0, Num.Sqrt(-4));
        Assert.Equal(0, Num.Sqrt(double.NaN));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    [InlineData(-0.0123)]
    [InlineData(23.5)]
    [InlineData(-300.0)]
    public void Exp_matches_the_framework(double x)
    {
        var expected = Math.Exp(x);
        Assert.Equal(expected, Num.Exp(x), expected * 1e-13);
    }

    [Fact]
    public void Clamp_and_abs_behave()
    {
        Assert.Equal(1, Num.Clamp(5, 0, 1));
        Assert.Equal(0, Num.Clamp(-5, 0, 1));
        Assert.Equal(0.5, Num.Clamp(0.5, 0, 1));
        Assert.Equal(3, Num.Abs(-3));
        Assert.Equal(-2, Num.Round(-1.5));
        Assert.Equal(2, Num.Round(1.5));
        Assert.False(Num.IsFinite(double.NaN));
        Assert.False(Num.IsFinite(double.NegativeInfinity));
        Assert.True(Num.IsFinite(-1e300));
    }
}
