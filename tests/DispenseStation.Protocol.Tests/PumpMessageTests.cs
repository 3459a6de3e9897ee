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

    [Fact]
    public void Prime_round_trips()
    {
        var w = new JsonWriter(Limits.MaxCommandBytes);
        int n = new CommandMessage { Id = "p1", Name = CommandNames.Prime, Channel = 7, Speed = 0.35, Seconds = 12.5, Grams = 40.25 }.WriteTo(w);
        Assert.True(n > 0);
        Assert.True(CommandMessage.TryParse(CommandNames.Prime, w.Buffer, 0, n, out var m, out var error), error);
        Assert.Equal(7, m.Channel);
        Assert.Equal(0.35, m.Speed, 9);
        Assert.Null(m.Speeds);
        Assert.Equal(12.5, m.Seconds, 9);
        Assert.Equal(40.25, m.Grams, 9);
    }

    [Fact]
    public void Calibrate_pump_round_trips_its_speeds()
    {
        var w = new JsonWriter(Limits.MaxCommandBytes);
        int n = new CommandMessage { Id = "p1", Name = CommandNames.CalibratePump, Channel = 7, Speeds = [0.1, 0.35, 1], Seconds = 12.5, Grams = 40.25 }.WriteTo(w);
        Assert.True(n > 0);
        Assert.True(CommandMessage.TryParse(CommandNames.CalibratePump, w.Buffer, 0, n, out var m, out var error), error);
        Assert.Equal([0.1, 0.35, 1], m.Speeds);
        Assert.True(double.IsNaN(m.Speed));
        Assert.Equal(12.5, m.Seconds, 9);
    }

    [Fact]
    public void Calibrate_pump_without_speeds_means_the_default_set()
    {
        var m = Parse(CommandNames.CalibratePump, "{'id':'a','channel':0,'seconds':10}");
        Assert.Null(m.Speeds);
        double[] d = PumpCommands.DefaultCalibrationSpeeds();
        Assert.Equal([0.05, 0.25, 0.5, 0.75, 1], d);
        Assert.Null(PumpCommands.CheckSpeeds(d, d.Length));
    }

    [Fact]
    public void Seconds_or_grams_alone_is_enough()
    {
        Assert.True(double.IsNaN(Parse(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'grams':2}").Seconds));
        Assert.True(double.IsNaN(Parse(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.5,1],'seconds':10}").Grams));
        Assert.True(double.IsNaN(Parse(CommandNames.CalibratePump, "{'id':'a','channel':0,'grams':3}").Seconds));
    }

    [Fact]
    public void Speed_limits_hold_at_their_value_and_fail_just_outside()
    {
        // count: 2 and 6 pass, 1 and 7 fail
        Assert.Equal(2, Parse(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.5,1],'seconds':5}").Speeds!.Length);
        Assert.Equal(6, Parse(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.05,0.2,0.4,0.6,0.8,1],'seconds':5}").Speeds!.Length);
        Assert.Equal("speeds: 1 speed given; a calibration takes 2 to 6", Error(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.5],'seconds':5}"));
        Assert.Equal("speeds: 0 speeds given; a calibration takes 2 to 6", Error(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[],'seconds':5}"));
        Assert.Equal("speeds: 7 speeds given; a calibration takes 2 to 6",
            Error(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.05,0.2,0.4,0.6,0.8,0.9,1],'seconds':5}"));
        // range: 0.05 and 1 pass, 0.0499 and 1.0001 fail
        Assert.Equal([0.05, 1], Parse(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.05,1],'seconds':5}").Speeds);
        Assert.Equal("speeds[0]: must be between 0.05 and 1.00 (a fraction of the pump's top speed)",
            Error(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.0499,1],'seconds':5}"));
        Assert.Equal("speeds[1]: must be between 0.05 and 1.00 (a fraction of the pump's top speed)",
            Error(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.5,1.0001],'seconds':5}"));
        // duplicates: 0.0001 apart passes, the same speed fails
        Assert.Equal(2, Parse(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.5,0.5001],'seconds':5}").Speeds!.Length);
        Assert.Equal("speeds[2]: 0.5 is listed twice (also speeds[1]): give each speed once",
            Error(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.25,0.5,0.5,1],'seconds':5}"));
        // order
        Assert.Equal("speeds[2]: 0.25 comes after 0.5: list the speeds in ascending order",
            Error(CommandNames.CalibratePump, "{'id':'a','channel':0,'speeds':[0.1,0.5,0.25,1],'seconds':5}"));
    }

    [Theory]
    [InlineData("{'id':'a','channel':0,'speed':0.5,'seconds':5}", "calibrate-pump", "speed: calibrate-pump takes speeds, a list of 2 to 6 speeds (leave it out for the default 0.05, 0.25, 0.5, 0.75, 1)")]
    [InlineData("{'id':'a','channel':0,'speed':0.5,'speeds':[0.5,1],'seconds':5}", "prime", "speeds: only calibrate-pump takes a list of speeds; prime takes one speed")]
    [InlineData("{'id':'a','channel':0,'speeds':'fast','seconds':5}", "calibrate-pump", "speeds: must be an array of numbers")]
    [InlineData("{'id':'a','channel':0,'speeds':[0.5,'1'],'seconds':5}", "calibrate-pump", "speeds[1]: must be a number")]
    [InlineData("{'id':'a','channel':0,'speeds':[0.5,1]}", "calibrate-pump", "seconds: required (or grams): calibrate-pump needs a time or a mass to stop at")]
    public void Bad_speeds_name_the_field_and_the_rule(string json, string name, string expected)
    {
        Assert.Equal(expected, Error(name, json));
    }

    [Fact]
    public void Limits_hold_at_their_value_and_fail_just_over()
    {
        Assert.Equal(600, Parse(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'seconds':600}").Seconds);
        Assert.Equal("seconds: must be between 0.000 and 600.000", Error(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'seconds':600.001}"));
        Assert.Equal(1000, Parse(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'grams':1000}").Grams);
        Assert.Equal("grams: must be between 0.000 and 1000.000", Error(CommandNames.Prime, "{'id':'a','channel':0,'speed':1,'grams':1000.0001}"));
        Assert.Equal(7, Parse(CommandNames.CalibratePump, "{'id':'a','channel':7,'seconds':5}").Channel);
        Assert.Equal("channel: must be between 0 and 7", Error(CommandNames.CalibratePump, "{'id':'a','channel':8,'seconds':5}"));
        Assert.Equal("speed: must be between 0.000 and 1.000", Error(CommandNames.Prime, "{'id':'a','channel':0,'speed':1.0001,'seconds':5}"));
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
    public void A_completed_calibration_needs_its_table_or_the_old_flow()
    {
        var ev = Calibrated();
        ev.FlowGramsPerS = double.NaN;
        var w = new JsonWriter(512);
        int n = ev.WriteTo(w);
        Assert.False(PumpRunEvent.TryParse(w.Buffer, 0, n, out _, out var error));
        Assert.Equal("table: required for a completed calibration (or flowGramsPerS, from firmware before the table)", error);
        ev.RunStatus = PumpRunStatuses.Stopped;
        n = ev.WriteTo(w);
        Assert.True(PumpRunEvent.TryParse(w.Buffer, 0, n, out _, out error), error);
    }

    private static PumpRunEvent Tabled(string commandId)
    {
        var e = new PumpRunEvent
        {
            Seq = 4294967295, UptimeMs = 4294967295, UtcMs = 253402300799999, CommandId = commandId, Procedure = CommandNames.CalibratePump,
            RunStatus = PumpRunStatuses.Completed, Channel = 7, Seconds = 720.123, Grams = 999.1234, Message = "the time ran out at every speed",
        };
        double[] speeds = [0.05, 0.2, 0.4, 0.6, 0.8, 1];
        foreach (double s in speeds) Assert.True(e.AddPoint(s, 120.123, 166.1234, 166.1234 / 120.123));
        Assert.False(e.AddPoint(1, 1, 1, 1));
        return e;
    }

    [Fact]
    public void A_calibration_table_round_trips_and_six_points_fit_the_stations_512_byte_message()
    {
        var w = new JsonWriter(512);
        // Worst case: a 64-character id, every number at its widest; only the message may be left out (the station retries without it).
        var e = Tabled(new string('c', 64));
        e.Message = null;
        int n = e.WriteTo(w);
        Assert.True(n > 0, "six points overflow 512 bytes");
        Assert.True(PumpRunEvent.TryParse(w.Buffer, 0, n, out var back, out var error), error);
        Assert.Equal(6, back.PointCount);
        Assert.Equal(0.05, back.PointSpeeds[0], 9);
        Assert.Equal(1, back.PointSpeeds[5], 9);
        Assert.Equal(120.123, back.PointSeconds[3], 9);
        Assert.Equal(166.1234, back.PointGrams[2], 9);
        Assert.Equal(1.3829, back.PointFlows[4], 9);
        Assert.True(double.IsNaN(back.FlowGramsPerS));
        Assert.True(EventMessage.TryParse(w.Buffer, 0, n, out _, out error), error);
        // A typical id keeps the message too.
        Assert.True(Tabled("c-0031").WriteTo(w) > 0);
    }

    [Fact]
    public void A_stopped_calibration_carries_the_points_done_so_far()
    {
        var e = Tabled("c-1");
        e.RunStatus = PumpRunStatuses.Stopped;
        e.PointCount = 2;
        var w = new JsonWriter(512);
        int n = e.WriteTo(w);
        Assert.True(PumpRunEvent.TryParse(w.Buffer, 0, n, out var back, out var error), error);
        Assert.Equal(2, back.PointCount);
    }

    [Theory]
    [InlineData("'table':{'speeds':[0.5,1],'seconds':[1,1],'grams':[1],'flowGramsPerS':[1,1]}", "table.speeds: speeds, seconds, grams and flowGramsPerS must have one entry per point each")]
    [InlineData("'table':{'speeds':[0.5,1],'seconds':[1,1],'grams':[1,1]}", "table.flowGramsPerS: required array of numbers")]
    [InlineData("'table':{'speeds':[0.5,1.5],'seconds':[1,1],'grams':[1,1],'flowGramsPerS':[1,1]}", "table.speeds[1]: must be between 0.000 and 1.000")]
    [InlineData("'table':[1]", "table: must be an object")]
    public void Bad_table_names_the_field(string table, string expected)
    {
        byte[] bytes = B("{'seq':1,'ts':2,'kind':'pump-run','commandId':'c','procedure':'calibrate-pump','runStatus':'completed','channel':0,'seconds':2,'grams':2," + table + "}");
        Assert.False(PumpRunEvent.TryParse(bytes, 0, bytes.Length, out var e, out var error));
        Assert.Null(e);
        Assert.Equal(expected, error);
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
