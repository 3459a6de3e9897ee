using System.Text;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Protocol.Tests;

/// <summary>set-gains and autotune commands and the tuning event: round trips and field-naming errors.</summary>
public class TuningMessageTests
{
    private static byte[] B(string json) => Encoding.UTF8.GetBytes(json.Replace('\'', '"'));

    private static CommandMessage RoundTrip(CommandMessage command)
    {
        var w = new JsonWriter(Limits.MaxCommandBytes);
        int n = command.WriteTo(w);
        Assert.True(n > 0);
        Assert.True(CommandMessage.TryParse(command.Name, w.Buffer, 0, n, out var parsed, out var error), error);
        return parsed;
    }

    private static string CommandError(string name, string json)
    {
        byte[] bytes = B(json);
        Assert.False(CommandMessage.TryParse(name, bytes, 0, bytes.Length, out var m, out var error));
        Assert.Null(m);
        return error;
    }

    [Fact]
    public void Set_gains_round_trips()
    {
        var parsed = RoundTrip(new CommandMessage { Id = "g1", Name = CommandNames.SetGains, Seq = 3, Kp = 0.081234, Ti = 95.5, Td = 0 });
        Assert.Equal(0.081234, parsed.Kp, 9);
        Assert.Equal(95.5, parsed.Ti, 9);
        Assert.Equal(0, parsed.Td, 9);
        Assert.True(double.IsNaN(parsed.TargetC));
        Assert.Null(parsed.Rule);
    }

    [Fact]
    public void Autotune_round_trips_with_and_without_options()
    {
        var full = RoundTrip(new CommandMessage { Id = "a1", Name = CommandNames.Autotune, TargetC = 110, Rule = TuningRuleNames.TyreusLuyben, MaxC = 130, MaxS = 900 });
        Assert.Equal(110, full.TargetC, 9);
        Assert.Equal("tyreus-luyben", full.Rule);
        Assert.Equal(130, full.MaxC, 9);
        Assert.Equal(900, full.MaxS, 9);
        var bare = RoundTrip(new CommandMessage { Id = "a2", Name = CommandNames.Autotune, TargetC = 100 });
        Assert.Null(bare.Rule);
        Assert.True(double.IsNaN(bare.MaxC));
        Assert.True(double.IsNaN(bare.MaxS));
    }

    [Theory]
    [InlineData("{'id':'g','ti':10,'td':0}", "kp: required number for set-gains")]
    [InlineData("{'id':'g','kp':0,'ti':10,'td':0}", "kp: must be greater than 0")]
    [InlineData("{'id':'g','kp':-1,'ti':10,'td':0}", "kp: must be between 0.000 and 100.000")]
    [InlineData("{'id':'g','kp':'0.1','ti':10,'td':0}", "kp: must be a number")]
    [InlineData("{'id':'g','kp':0.1,'td':0}", "ti: required number for set-gains (0 = no integral)")]
    [InlineData("{'id':'g','kp':0.1,'ti':-5,'td':0}", "ti: must be between 0.000 and 86400.000")]
    [InlineData("{'id':'g','kp':0.1,'ti':10}", "td: required number for set-gains (0 = no derivative)")]
    [InlineData("{'kp':0.1,'ti':10,'td':0}", "id: required string of 1 to 64 characters")]
    public void Set_gains_errors_name_the_field(string json, string expected)
    {
        Assert.Equal(expected, CommandError(CommandNames.SetGains, json));
    }

    [Theory]
    [InlineData("{'id':'a'}", "targetC: required number for autotune")]
    [InlineData("{'id':'a','targetC':500}", "targetC: must be between 0.000 and 400.000")]
    [InlineData("{'id':'a','targetC':110,'rule':'magic'}", "rule: must be one of ziegler-nichols, tyreus-luyben, simc, lambda, simc-pid")]
    [InlineData("{'id':'a','targetC':110,'maxC':100}", "maxC: must be above targetC")]
    [InlineData("{'id':'a','targetC':110,'maxS':0}", "maxS: must be greater than 0")]
    [InlineData("{'id':'a','targetC':110,'maxS':-1}", "maxS: must be between 0.000 and 86400.000")]
    public void Autotune_errors_name_the_field(string json, string expected)
    {
        Assert.Equal(expected, CommandError(CommandNames.Autotune, json));
    }

    [Fact]
    public void Gain_fields_are_ignored_on_other_commands()
    {
        byte[] bytes = B("{'id':'h','kp':-3,'targetC':'x'}");
        Assert.True(CommandMessage.TryParse(CommandNames.Hold, bytes, 0, bytes.Length, out var m, out var error), error);
        Assert.True(double.IsNaN(m.Kp));
    }

    [Fact]
    public void Tuning_event_round_trips_autotune_results()
    {
        var e = new EventMessage
        {
            Seq = 5, UptimeMs = 1000, Kind = EventKinds.Tuning, Status = TuningStatuses.AutotuneSucceeded,
            Kp = 0.0734, Ti = 88.2, Td = 4.1, Ku = 0.3125, PuS = 61.25, ModelGainCPerDuty = 312.5, TauS = 240.125,
            DeadTimeS = 7.5, Rule = TuningRuleNames.Simc,
        };
        var w = new JsonWriter(1024);
        int n = e.WriteTo(w);
        Assert.True(EventMessage.TryParse(w.Buffer, 0, n, out var p, out var error), error);
        Assert.Equal("tuning", p.Kind);
        Assert.Equal("autotune-succeeded", p.Status);
        Assert.Equal(0.0734, p.Kp, 9);
        Assert.Equal(88.2, p.Ti, 9);
        Assert.Equal(4.1, p.Td, 9);
        Assert.Equal(0.3125, p.Ku, 9);
        Assert.Equal(61.25, p.PuS, 9);
        Assert.Equal(312.5, p.ModelGainCPerDuty, 9);
        Assert.Equal(240.125, p.TauS, 9);
        Assert.Equal(7.5, p.DeadTimeS, 9);
        Assert.Equal("simc", p.Rule);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1000, 1000)]   // the limit itself is accepted
    public void Autotune_progress_round_trips_cycles_and_the_last_cycle_length(int done, int remaining)
    {
        var e = new EventMessage
        {
            Seq = 7, UptimeMs = 5000, Kind = EventKinds.Tuning, Status = TuningStatuses.AutotuneProgress,
            Kp = 0.05, Ti = 100, Td = 0, CyclesDone = done, CyclesRemaining = remaining, PuS = 58.5,
        };
        var w = new JsonWriter(512);
        int n = e.WriteTo(w);
        Assert.True(EventMessage.TryParse(w.Buffer, 0, n, out var p, out var error), error);
        Assert.Equal((TuningStatuses.AutotuneProgress, done, remaining, 58.5), (p.Status, p.CyclesDone, p.CyclesRemaining, p.PuS));
    }

    [Fact]
    public void Current_gains_event_leaves_autotune_fields_out()
    {
        var e = new EventMessage { Seq = 1, UptimeMs = 2, Kind = EventKinds.Tuning, Status = TuningStatuses.Current, Kp = 0.05, Ti = 100, Td = 0 };
        var w = new JsonWriter(512);
        int n = e.WriteTo(w);
        string json = Encoding.UTF8.GetString(w.Buffer, 0, n);
        Assert.DoesNotContain("ku", json);
        Assert.DoesNotContain("rule", json);
        Assert.DoesNotContain("cycles", json);
        Assert.True(EventMessage.TryParse(w.Buffer, 0, n, out var p, out _));
        Assert.True(double.IsNaN(p.Ku));
    }

    [Theory]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','kp':0.1,'ti':1,'td':0}", "status: required tuning status for a tuning event")]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','status':'current','ti':1,'td':0}", "kp: required number for a tuning event")]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','status':'current','kp':0.1,'td':0}", "ti: required number for a tuning event")]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','status':'current','kp':0.1,'ti':1}", "td: required number for a tuning event")]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','status':'done','kp':0.1,'ti':1,'td':0}", "status: must be one of current, applied, autotune-started, autotune-progress, autotune-succeeded, autotune-failed")]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','status':'autotune-progress','kp':0.1,'ti':1,'td':0,'cyclesRemaining':2}", "cyclesDone: required integer for autotune-progress")]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','status':'autotune-progress','kp':0.1,'ti':1,'td':0,'cyclesDone':2}", "cyclesRemaining: required integer for autotune-progress")]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','status':'autotune-progress','kp':0.1,'ti':1,'td':0,'cyclesDone':1001,'cyclesRemaining':2}", "cyclesDone: must be between 0 and 1000")]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','status':'autotune-progress','kp':0.1,'ti':1,'td':0,'cyclesDone':1,'cyclesRemaining':-1}", "cyclesRemaining: must be between 0 and 1000")]
    [InlineData("{'seq':1,'ts':1,'kind':'tuning','status':'current','kp':0.1,'ti':1,'td':0,'rule':'x'}", "rule: must be one of ziegler-nichols, tyreus-luyben, simc, lambda, simc-pid")]
    public void Tuning_event_errors_name_the_field(string json, string expected)
    {
        byte[] bytes = B(json);
        Assert.False(EventMessage.TryParse(bytes, 0, bytes.Length, out _, out var error));
        Assert.Equal(expected, error);
    }
}
