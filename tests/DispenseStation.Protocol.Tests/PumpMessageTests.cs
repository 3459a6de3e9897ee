using System.Text;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;

namespace DispenseStation.Protocol.Tests;

/// <summary>prime and calibrate-pump commands and the pump-run event: round trips, limits at their value and
/// just over, errors naming the field, and that the old event parser still reads the new kind.</summary>
public class PumpMessageTests
{
    private static byte[] B(string json) => Encoding.UTF8.GetBytes(json.Replace('\'', '"'));

    private static CommandMessage Parse(string name, string json)
    {
        byte[] bytes = B(json);
        Assert.True(CommandMessage.TryParse(name, bytes, 0, bytes.Length, out var m, out var error), error);
        return m;
    }

    private static string Error(string name, string json)
    {
        byte[] bytes = B(json);
        Assert.False(CommandMessage.TryParse(name, bytes, 0, bytes.Length, out var m, out var error));
        Assert.Null(m);
        return error;
    }

    [Theory]
    [InlineData(CommandNames.Prime)]
    [InlineData(CommandNames.CalibratePump)]
    public void Pump_commands_round_trip(string name)
    {
        var w = new JsonWriter(Limits.MaxCommandBytes);
        int n = new CommandMessage { Id = "p1", Name = name, Channel = 7, Speed = 0.35, Seconds = 12.5, Grams = 40.25 }.WriteTo(w);
        Assert.True(n > 0);
        Assert.True(CommandMessage.TryParse(name, w.Buffer, 0, n, out var m, out var error), error);
        Assert.Equal(7, m.Channel);
        Assert.Equal(0.35, m.Speed, 9);
        Assert.Equal(12.5, m.Seconds, 9);
        Assert.Equal(40.25, m.Grams, 9);
        Assert.True(CommandNames.IsKnown(name));
    }

    [Fact]
    public void Seconds_or_grams_alone_is_enough()
    {
        Assert.True(double.IsNaN(Parse(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'grams':2}").Seconds));
        Assert.True(double.IsNaN(Parse(CommandNames.CalibratePump, "{'id':'a','channel':0,'speed':1,'seconds':10}").Grams));
    }

    [Fact]
    public void Limits_hold_at_their_value_and_fail_just_over()
    {
        Assert.Equal(600, Parse(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'seconds':600}").Seconds);
        Assert.Equal("seconds: must be between 0.000 and 600.000", Error(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'seconds':600.001}"));
        Assert.Equal(1000, Parse(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'grams':1000}").Grams);
        Assert.Equal("grams: must be between 0.000 and 1000.000", Error(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'grams':1000.0001}"));
        Assert.Equal(7, Parse(CommandNames.CalibratePump, "{'id':'a','channel':7,'speed':1,'seconds':5}").Channel);
        Assert.Equal("channel: must be between 0 and 7", Error(CommandNames.CalibratePump, "{'id':'a','channel':8,'speed':1,'seconds':5}"));
        Assert.Equal("speed: must be between 0.000 and 1.000", Error(CommandNames.CalibratePump, "{'id':'a','channel':0,'speed':1.0001,'seconds':5}"));
    }

    [Theory]
    [InlineData("{'id':'a','speed':1,'seconds':5}", "channel: required integer 0-7 for prime")]
    [InlineData("{'id':'a','channel':1,'seconds':5}", "speed: required number in (0, 1] for prime")]
    [InlineData("{'id':'a','channel':1,'speed':0,'seconds':5}", "speed: must be greater than 0 (a fraction of the pump's top speed)")]
    [InlineData("{'id':'a','channel':1,'speed':0.5}", "seconds: required (or grams): prime needs a time or a mass to stop at")]
    [InlineData("{'id':'a','channel':1,'speed':0.5,'seconds':0}", "seconds: must be greater than 0")]
    [InlineData("{'id':'a','channel':1,'speed':0.5,'grams':0}", "grams: must be greater than 0")]
    [InlineData("{'id':'a','channel':'1','speed':0.5,'grams':1}", "channel: must be an integer")]
    [InlineData("{'channel':1,'speed':0.5,'grams':1}", "id: required string of 1 to 64 characters")]
    public void Bad_prime_names_the_field_and_the_rule(string json, string expected)
    {
        Assert.Equal(expected, Error(CommandNames.Prime, json));
    }

    [Fact]
    public void Pump_fields_are_ignored_on_other_commands()
    {
        var m = Parse(CommandNames.Stop, "{'id':'a','channel':1,'speed':0.5}");
        Assert.Equal(-1, m.Channel);
        Assert.True(double.IsNaN(m.Speed));
    }

    private static PumpRunEvent Calibrated() => new()
    {
        Seq = 410, UptimeMs = 1520400, CommandId = "c-31", Procedure = CommandNames.CalibratePump,
        RunStatus = PumpRunStatuses.Completed, Channel = 2, Speed = 0.5, Seconds = 10, Grams = 24.19571, FlowGramsPerS = 2.419571,
        Message = "ran 10 s",
    };

    [Fact]
    public void Pump_run_event_round_trips_and_the_old_parser_reads_it()
    {
        var w = new JsonWriter(512);
        int n = Calibrated().WriteTo(w);
        Assert.True(n > 0);
        Assert.True(PumpRunEvent.TryParse(w.Buffer, 0, n, out var e, out var error), error);
        Assert.Equal(EventKinds.PumpRun, e.Kind);
        Assert.Equal("c-31", e.CommandId);
        Assert.Equal(CommandNames.CalibratePump, e.Procedure);
        Assert.Equal(PumpRunStatuses.Completed, e.RunStatus);
        Assert.Equal(2, e.Channel);
        Assert.Equal(24.1957, e.Grams, 9);
        Assert.Equal(2.4196, e.FlowGramsPerS, 9);
        Assert.Equal("ran 10 s", e.Message);

        Assert.True(EventMessage.TryParse(w.Buffer, 0, n, out var old, out error), error);
        Assert.Equal(EventKinds.PumpRun, old.Kind);
        Assert.Equal(2, old.Channel);
    }

    [Fact]
    public void A_completed_calibration_needs_its_flow()
    {
        var ev = Calibrated();
        ev.FlowGramsPerS = double.NaN;
        var w = new JsonWriter(512);
        int n = ev.WriteTo(w);
        Assert.False(PumpRunEvent.TryParse(w.Buffer, 0, n, out _, out var error));
        Assert.Equal("flowGramsPerS: required number for a completed calibration", error);
        ev.RunStatus = PumpRunStatuses.Stopped;
        n = ev.WriteTo(w);
        Assert.True(PumpRunEvent.TryParse(w.Buffer, 0, n, out _, out error), error);
    }

    [Theory]
    [InlineData("{'seq':1,'ts':2,'kind':'pump-run','procedure':'prime','runStatus':'completed','channel':0,'seconds':1,'grams':1}", "commandId: required string")]
    [InlineData("{'seq':1,'ts':2,'kind':'pump-run','commandId':'c','procedure':'flush','runStatus':'completed','channel':0,'seconds':1,'grams':1}", "procedure: must be one of prime, calibrate-pump")]
    [InlineData("{'seq':1,'ts':2,'kind':'pump-run','commandId':'c','procedure':'prime','runStatus':'done','channel':0,'seconds':1,'grams':1}", "runStatus: must be one of completed, stopped, failed")]
    [InlineData("{'seq':1,'ts':2,'kind':'pump-run','commandId':'c','procedure':'prime','runStatus':'failed','channel':0,'grams':1}", "seconds: required number")]
    [InlineData("{'seq':1,'ts':2,'kind':'wafer','commandId':'c','procedure':'prime','runStatus':'failed','channel':0,'seconds':1,'grams':1}", "kind: must be one of pump-run")]
    public void Bad_pump_run_event_names_the_field(string json, string expected)
    {
        byte[] bytes = B(json);
        Assert.False(PumpRunEvent.TryParse(bytes, 0, bytes.Length, out var e, out var error));
        Assert.Null(e);
        Assert.Equal(expected, error);
    }
}
