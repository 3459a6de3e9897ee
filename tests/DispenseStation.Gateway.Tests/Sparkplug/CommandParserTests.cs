using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Gateway.Sparkplug.Proto;
using Google.Protobuf;
using static DispenseStation.Gateway.Tests.Sparkplug.SparkplugTestKit;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>NCMD/DCMD from a host: accepted only whole and well-formed; everything else refused with its reason.</summary>
public sealed class CommandParserTests
{
    private const string Ncmd = "spBv1.0/G/NCMD/N";
    private const string Dcmd = "spBv1.0/G/DCMD/N/ds-01";
    private readonly ManualClock _clock = new(OneSecondAfterEpoch);

    private (EdgeNodeSession Session, SparkplugOptions Options) Born(bool commands)
    {
        var o = Options(commands);
        var s = new EdgeNodeSession(o, _clock);
        s.Connected(0, [Online("ds-01", null, "Execute", "b-1"), Offline(Online("ds-02"))]);
        return (s, o);
    }

    private static byte[] Command(params Payload.Types.Metric[] metrics)
    {
        var p = new Payload { Timestamp = 5 };
        p.Metrics.AddRange(metrics);
        return p.ToByteArray();
    }

    private static Payload.Types.Metric Bool(string? name, bool value, ulong? alias = null, uint? type = 11)
    {
        var m = new Payload.Types.Metric { BooleanValue = value };
        if (name is not null) m.Name = name;
        if (alias is { } a) m.Alias = a;
        if (type is { } t) m.Datatype = t;
        return m;
    }

    [Fact]
    public void Rebirth_by_name_or_by_alias_is_accepted()
    {
        var (s, o) = Born(false);
        Assert.True(SparkplugCommandParser.Parse(s, o, Ncmd, Command(Bool("Node Control/Rebirth", true))).IsRebirth);
        Assert.True(SparkplugCommandParser.Parse(s, o, Ncmd, Command(Bool(null, true, alias: 1, type: null))).IsRebirth);
    }

    [Fact]
    public void Hold_and_abort_are_mapped_when_commands_are_on()
    {
        var (s, o) = Born(true);
        var hold = SparkplugCommandParser.Parse(s, o, Dcmd, Command(Bool("Device Control/Hold", true)));
        Assert.False(hold.Refused, hold.Refusal);
        Assert.Equal(("ds-01", "hold"), (hold.Station, hold.StationCommand));
        var abort = SparkplugCommandParser.Parse(s, o, Dcmd, Command(Bool(null, true, alias: StationMetrics.Alias(1, StationMetrics.Abort.Index))));
        Assert.Equal("abort", abort.StationCommand);
    }

    public static TheoryData<string, string, byte[], bool> Refused() => new()
    {
        { "commands-off", Dcmd, Command(Bool("Device Control/Hold", true)), false },
        { "size", Dcmd, new byte[4097], true },
        { "malformed", Dcmd, [0x12, 0x05, 0x0A], true },                     // metric of 5 bytes announced, 1 given
        { "malformed", Ncmd, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], true },
        { "metrics", Ncmd, Command(), true },
        { "metrics", Dcmd, Command(Bool("Device Control/Hold", true), Bool("Device Control/Abort", true)), true },
        { "unknown-metric", Ncmd, Command(Bool("Node Control/Reboot", true)), true },
        { "unknown-metric", Dcmd, Command(Bool("Hotplate/Setpoint", true)), true },   // born, but not writable
        { "unknown-metric", Dcmd, Command(Bool(null, true, alias: StationMetrics.Alias(2, StationMetrics.Hold.Index))), true }, // another device's alias
        { "unknown-device", "spBv1.0/G/DCMD/N/ds-02", Command(Bool("Device Control/Hold", true)), true }, // offline: not born
        { "unknown-device", "spBv1.0/G/DCMD/N/ds-99", Command(Bool("Device Control/Hold", true)), true },
        { "datatype", Dcmd, Command(Bool("Device Control/Abort", true, type: 12)), true },
        { "value", Dcmd, Command(new Payload.Types.Metric { Name = "Device Control/Abort", StringValue = "true" }), true },
        { "value", Ncmd, Command(Bool("Node Control/Rebirth", false)), true },
        { "topic", "spBv1.0/OTHER/NCMD/N", Command(Bool("Node Control/Rebirth", true)), true },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Bad_commands_are_refused_with_their_reason(string kind, string topic, byte[] payload, bool commandsOn)
    {
        var (s, o) = Born(commandsOn);
        var c = SparkplugCommandParser.Parse(s, o, topic, payload);
        Assert.True(c.Refused);
        Assert.Equal(kind, c.RefusalKind);
        Assert.Null(c.StationCommand);
        Assert.False(c.IsRebirth);
    }

    [Fact]
    public void The_size_limit_holds_at_its_value_and_refuses_one_byte_more()
    {
        var (s, o) = Born(true);
        o.MaxCommandBytes = 200;
        var padded = Command(Bool("Device Control/Hold", true));
        var p = Payload.Parser.ParseFrom(padded);
        p.Uuid = new string('u', 200 - padded.Length - 3);  // field 4 tag + 2-byte length (the uuid is over 127 bytes)
        var exact = p.ToByteArray();
        Assert.Equal(200, exact.Length);
        Assert.False(SparkplugCommandParser.Parse(s, o, Dcmd, exact).Refused);
        p.Uuid += "u";
        Assert.Equal("size", SparkplugCommandParser.Parse(s, o, Dcmd, p.ToByteArray()).RefusalKind);
    }
}
