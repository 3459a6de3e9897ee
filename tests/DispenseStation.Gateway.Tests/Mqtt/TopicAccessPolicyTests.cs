using DispenseStation.Gateway.Mqtt;

namespace DispenseStation.Gateway.Tests.Mqtt;

public sealed class TopicAccessPolicyTests
{
    private static readonly MqttIdentity St1 = MqttIdentity.Station("st-1");
    private static readonly MqttIdentity Gateway = MqttIdentity.Gateway("dispense-gateway");

    [Theory]
    [InlineData("dispense/v1/st-1/state", true)]
    [InlineData("dispense/v1/st-1/telemetry", true)]
    [InlineData("dispense/v1/st-1/event", true)]
    [InlineData("dispense/v1/st-1/cmd-result", true)]
    [InlineData("dispense/v1/st-1/cmd/start", false)]
    [InlineData("dispense/v1/st-2/state", false)]
    [InlineData("dispense/v1/st-1/state/extra", false)]
    [InlineData("dispense/v1/st-10/state", false)]
    [InlineData("dispense/v2/st-1/state", false)]
    [InlineData("", false)]
    public void Station_publish_rules(string topic, bool allowed) => Assert.Equal(allowed, TopicAccessPolicy.CanPublish(St1, topic));

    [Theory]
    [InlineData("dispense/v1/st-1/cmd/start")]
    [InlineData("dispense/v1/st-2/cmd/abort")]
    [InlineData("dispense/v1/st-2/state")]
    public void Gateway_may_publish_commands_and_state_clean_up(string topic) => Assert.True(TopicAccessPolicy.CanPublish(Gateway, topic));

    [Fact]
    public void Nobody_publishes_to_a_wildcard_topic()
    {
        Assert.False(TopicAccessPolicy.CanPublish(Gateway, "dispense/v1/+/cmd/start"));
        Assert.False(TopicAccessPolicy.CanPublish(St1, "dispense/v1/st-1/#"));
    }

    [Theory]
    [InlineData("dispense/v1/st-1/cmd/+", true)]
    [InlineData("dispense/v1/st-1/cmd/abort", true)]
    [InlineData("dispense/v1/st-1/cmd/#", false)]
    [InlineData("dispense/v1/st-1/cmd/", false)]
    [InlineData("dispense/v1/st-1/cmd/a/b", false)]
    [InlineData("dispense/v1/st-1/#", false)]
    [InlineData("dispense/v1/+/cmd/+", false)]
    [InlineData("dispense/v1/st-2/cmd/+", false)]
    [InlineData("#", false)]
    public void Station_subscribe_rules(string filter, bool allowed) => Assert.Equal(allowed, TopicAccessPolicy.CanSubscribe(St1, filter));

    [Fact]
    public void Gateway_subscribes_to_the_whole_fleet() => Assert.True(TopicAccessPolicy.CanSubscribe(Gateway, "dispense/v1/#"));
}
