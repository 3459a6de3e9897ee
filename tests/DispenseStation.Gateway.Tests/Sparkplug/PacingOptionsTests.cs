using DispenseStation.Gateway.Sparkplug;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>DDATA pacing: on by default, 0 (off) to one hour accepted, anything else refused at start-up naming the setting.</summary>
public sealed class PacingOptionsTests
{
    [Fact]
    public void Pacing_is_on_by_default_at_one_second() => Assert.Equal(1000, new SparkplugOptions().DataMinIntervalMilliseconds);

    [Theory]
    [InlineData(0, true)]
    [InlineData(3_600_000, true)]
    [InlineData(-1, false)]
    [InlineData(3_600_001, false)]
    public void The_pacing_interval_is_accepted_from_0_to_one_hour(int ms, bool valid)
    {
        var r = new SparkplugOptionsValidator().Validate(null, new SparkplugOptions { Enabled = true, DataMinIntervalMilliseconds = ms });
        Assert.Equal(valid, r.Succeeded);
        if (!valid) Assert.Contains(r.Failures!, f => f.StartsWith("Gateway:Sparkplug:DataMinIntervalMilliseconds:", StringComparison.Ordinal));
    }
}
