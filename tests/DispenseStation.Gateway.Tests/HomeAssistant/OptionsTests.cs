using DispenseStation.Gateway.HomeAssistant;

namespace DispenseStation.Gateway.Tests.HomeAssistant;

/// <summary>Discovery prefix and state root: refused at start-up when they collide with another topic tree.</summary>
public sealed class OptionsTests
{
    private static List<string> Errors(Action<HomeAssistantOptions> change)
    {
        var o = new HomeAssistantOptions { Enabled = true };
        change(o);
        var r = new HomeAssistantOptionsValidator().Validate(null, o);
        return r.Failed ? r.Failures.ToList() : [];
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Errors(_ => { }));

    [Theory]
    [InlineData("dispense", "DiscoveryPrefix: 'dispense' collides with the station topics")]
    [InlineData("dispense/v1", "DiscoveryPrefix: 'dispense/v1' collides with the station topics")]
    [InlineData("dispense/v1/ha", "DiscoveryPrefix: 'dispense/v1/ha' collides with the station topics")]
    [InlineData("spBv1.0", "DiscoveryPrefix: 'spBv1.0' collides with the Sparkplug namespace")]
    [InlineData("dispense-ha", "StateTopicRoot: 'dispense-ha' collides with DiscoveryPrefix 'dispense-ha'")]
    [InlineData("home/#", "DiscoveryPrefix: 'home/#' must be a topic path without wildcards")]
    [InlineData("home/", "DiscoveryPrefix: 'home/' must be a topic path")]
    [InlineData("", "DiscoveryPrefix: required")]
    public void A_colliding_or_malformed_discovery_prefix_is_refused_naming_the_setting(string prefix, string error)
    {
        var errors = Errors(o => o.DiscoveryPrefix = prefix);
        Assert.Contains(errors, e => e.Contains(error));
    }

    [Theory]
    [InlineData("dispense/v10")]          // a sibling of dispense/v1, not inside it
    [InlineData("homeassistant2")]
    public void Neighbouring_trees_that_do_not_overlap_are_accepted(string prefix) => Assert.Empty(Errors(o => o.DiscoveryPrefix = prefix));

    [Theory]
    [InlineData(0, true)]
    [InlineData(3_600_000, true)]
    [InlineData(-1, false)]
    [InlineData(3_600_001, false)]
    public void The_state_interval_is_accepted_from_0_to_one_hour(int ms, bool valid) =>
        Assert.Equal(valid, !Errors(o => o.TelemetryIntervalMilliseconds = ms).Any(e => e.Contains("TelemetryIntervalMilliseconds")));

    [Fact]
    public void A_disabled_view_is_not_checked() =>
        Assert.True(new HomeAssistantOptionsValidator().Validate(null, new HomeAssistantOptions { Enabled = false, DiscoveryPrefix = "#" }).Succeeded);
}
