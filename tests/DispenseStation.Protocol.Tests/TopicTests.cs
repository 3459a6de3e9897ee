using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Tests;

public class TopicTests
{
    [Fact]
    public void Builders_produce_the_v1_topics()
    {
        Assert.Equal("dispense/v1", Topics.Root);
        Assert.Equal("dispense/v1/bench-1/state", Topics.State("bench-1"));
        Assert.Equal("dispense/v1/bench-1/telemetry", Topics.Telemetry("bench-1"));
        Assert.Equal("dispense/v1/bench-1/event", Topics.Event("bench-1"));
        Assert.Equal("dispense/v1/bench-1/cmd/start", Topics.Command("bench-1", CommandNames.Start));
        Assert.Equal("dispense/v1/bench-1/cmd-result", Topics.CommandResult("bench-1"));
        Assert.Equal("dispense/v1/bench-1/cmd/+", Topics.CommandFilter("bench-1"));
        Assert.Equal("dispense/v1/+/state", Topics.AllStates);
        Assert.Equal("dispense/v1/+/telemetry", Topics.AllTelemetry);
        Assert.Equal("dispense/v1/+/event", Topics.AllEvents);
        Assert.Equal("dispense/v1/+/cmd-result", Topics.AllCommandResults);
    }

    [Fact]
    public void Every_built_topic_parses_back()
    {
        foreach (var (topic, kind, command) in new[]
        {
            (Topics.State("s1"), TopicKind.State, (string?)null),
            (Topics.Telemetry("s1"), TopicKind.Telemetry, null),
            (Topics.Event("s1"), TopicKind.Event, null),
            (Topics.CommandResult("s1"), TopicKind.CommandResult, null),
        }.Concat(CommandNames.All.Select(n => (Topics.Command("s1", n), TopicKind.Command, (string?)n))))
        {
            Assert.True(TopicParser.TryParse(topic, out var info, out var error), error);
            Assert.Equal("s1", info.StationId);
            Assert.Equal(kind, info.Kind);
            Assert.Equal(command, info.CommandName);
        }
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "empty")]
    [InlineData("dispense/v1", "does not start with")]
    [InlineData("dispense/v2/s1/state", "does not start with")]
    [InlineData("/dispense/v1/s1/state", "does not start with")]
    [InlineData("dispense/v1/s1", "no level after the station id")]
    [InlineData("dispense/v1//state", "station id is empty")]
    [InlineData("dispense/v1/+/state", "bad character")]
    [InlineData("dispense/v1/#", "no level after")]
    [InlineData("dispense/v1/s1/#", "unknown topic level")]
    [InlineData("dispense/v1/s1/+", "unknown topic level")]
    [InlineData("dispense/v1/S1/state", "bad character")]
    [InlineData("dispense/v1/s\u00e91/state", "bad character")]
    [InlineData("dispense/v1/s1/state/", "unknown topic level")]
    [InlineData("dispense/v1/s1/state/extra", "unknown topic level")]
    [InlineData("dispense/v1/s1//state", "unknown topic level")]
    [InlineData("dispense/v1/s1/cmd", "unknown topic level")]
    [InlineData("dispense/v1/s1/cmd/", "command name is empty")]
    [InlineData("dispense/v1/s1/cmd/+", "bad character")]
    [InlineData("dispense/v1/s1/cmd/start/now", "bad character")]
    [InlineData("dispense/v1/s1/cmd/Start", "bad character")]
    [InlineData("dispense/v1/s1/cmd-result/x", "unknown topic level")]
    [InlineData("dispense/v1/s1/state\u0000", "unknown topic level")]
    [InlineData("dispense/v1/abcdefghijklmnopqrstuvwxyz0123456/state", "longer than 32")]
    public void Hostile_topics_give_a_clean_error(string? topic, string reason)
    {
        Assert.False(TopicParser.TryParse(topic!, out var info, out var error));
        Assert.Null(info);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Overlong_topics_are_refused_before_any_work()
    {
        Assert.False(TopicParser.TryParse("dispense/v1/s1/cmd/" + new string('a', 10_000), out _, out var error));
        Assert.Contains("longer than 128", error);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("bench-01", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Bench", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("a_b", false)]
    public void Station_ids_follow_the_rule(string? id, bool valid)
    {
        Assert.Equal(valid, StationId.IsValid(id!));
        Assert.Equal(valid, StationId.Check(id!) == null);
    }

    [Fact]
    public void Builders_refuse_invalid_ids_and_names()
    {
        Assert.Throws<ArgumentException>(() => Topics.State("+"));
        Assert.Throws<ArgumentException>(() => Topics.CommandFilter("#"));
        Assert.Throws<ArgumentException>(() => Topics.Command("s1", "start/x"));
    }
}
