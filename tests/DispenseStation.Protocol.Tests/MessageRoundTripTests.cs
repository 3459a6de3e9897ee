using System.Text;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Protocol.Tests;

public class MessageRoundTripTests
{
    private readonly JsonWriter _writer = new(4096);

    private byte[] Bytes() => _writer.ToArray();

    [Fact]
    public void State_round_trips_every_field()
    {
        var m = new StateMessage
        {
            Seq = 42, UptimeMs = 123456, Utc = "2026-11-25T16:40:00Z", Online = true, StationId = "bench-1",
            Firmware = "1.2.3", PackMlState = PackMlStates.Execute, BatchId = "B-2026-001", StepIndex = 3,
            StepCount = 9, StepName = "dose PAG", Interrupted = true, ActiveAlarms = new[] { "OVERTEMP", "SCALE-UNSTABLE" },
        };
        Assert.True(m.WriteTo(_writer) > 0);
        Assert.True(StateMessage.TryParse(Bytes(), 0, _writer.Length, out var p, out var error), error);
        Assert.Equal(42, p.Seq);
        Assert.Equal(123456, p.UptimeMs);
        Assert.Equal("2026-11-25T16:40:00Z", p.Utc);
        Assert.True(p.Online);
        Assert.Equal("bench-1", p.StationId);
        Assert.Equal("1.2.3", p.Firmware);
        Assert.Equal(PackMlStates.Execute, p.PackMlState);
        Assert.Equal("B-2026-001", p.BatchId);
        Assert.Equal(3, p.StepIndex);
        Assert.Equal(9, p.StepCount);
        Assert.Equal("dose PAG", p.StepName);
        Assert.True(p.Interrupted);
        Assert.Equal(new[] { "OVERTEMP", "SCALE-UNSTABLE" }, p.ActiveAlarms);
    }

    [Fact]
    public void Offline_will_parses_as_offline_state()
    {
        byte[] will = StateMessage.OfflineWill("bench-1");
        Assert.Equal("{\"online\":false,\"station\":\"bench-1\"}", Encoding.UTF8.GetString(will));
        Assert.True(StateMessage.TryParse(will, 0, will.Length, out var p, out var error), error);
        Assert.False(p.Online);
        Assert.Equal(-1, p.Seq);
        Assert.Null(p.PackMlState);
        Assert.Throws<ArgumentException>(() => StateMessage.OfflineWill("Bench 1"));
        Assert.Equal(Encoding.UTF8.GetString(will), StateMessage.OfflineWillText("bench-1"));
    }

    [Fact]
    public void Telemetry_written_to_fit_takes_the_oldest_samples_that_fit_a_small_buffer()
    {
        var m = new TelemetryMessage(10, 4) { Seq = 7, UptimeMs = 5000 };
        for (int i = 0; i < 10; i++) Fill(m.Samples[i], 1000 + 200 * i, 12.3456 + i, true, 99.877, 100, 0.1234, 0.5, 0);
        var all = new JsonWriter(4096);
        int whole = m.WriteFitting(all, 10);
        Assert.Equal(10, m.SampleCount);
        for (int capacity = 60; capacity < whole + 2; capacity++)
        {
            var small = new JsonWriter(capacity);
            int length = m.WriteFitting(small, 10);
            if (length < 0)
            {
                Assert.Equal(0, m.SampleCount); // not even one sample fits
                continue;
            }
            Assert.True(length <= capacity);
            Assert.True(TelemetryMessage.TryParse(small.ToArray(), 0, length, out var p, out var error), error);
            Assert.Equal(m.SampleCount, p.SampleCount);
            Assert.Equal(Enumerable.Range(0, p.SampleCount).Select(i => 1000L + 200 * i), p.Samples.Select(s => s.UptimeMs));
            // As many as fit: one more would not have.
            if (m.SampleCount < 10)
            {
                int n = m.SampleCount;
                m.SampleCount = n + 1;
                Assert.Equal(-1, m.WriteTo(small));
            }
        }
    }

    [Fact]
    public void Telemetry_round_trips_samples_with_fixed_decimals()
    {
        var m = new TelemetryMessage(3, 2) { Seq = 7, UptimeMs = 5000, SampleCount = 2 };
        Fill(m.Samples[0], 4600, 12.345678, true, 99.87654, 100, 0.123456, 0.5, 0);
        Fill(m.Samples[1], 4800, -0.00004, false, double.NaN, double.NaN, 0, 0, 1.25);
        Assert.True(m.WriteTo(_writer) > 0);
        Assert.True(TelemetryMessage.TryParse(Bytes(), 0, _writer.Length, out var p, out var error), error);
        Assert.Equal(7, p.Seq);
        Assert.Equal(5000, p.UptimeMs);
        Assert.Equal(2, p.SampleCount);
        var s0 = p.Samples[0];
        Assert.Equal(4600, s0.UptimeMs);
        Assert.Equal(12.3457, s0.ScaleGrams);
        Assert.True(s0.ScaleStable);
        Assert.Equal(99.877, s0.PlateC);
        Assert.Equal(100, s0.SetpointC);
        Assert.Equal(0.1235, s0.HeaterDuty);
        Assert.Equal(new[] { 0.5, 0.0 }, s0.PumpRates);
        var s1 = p.Samples[1];
        Assert.Equal(0, s1.ScaleGrams); // -0.00004 rounds to 0 at 4 decimals, written "0" not "-0"
        Assert.False(s1.ScaleStable);
        Assert.True(double.IsNaN(s1.PlateC));
        Assert.True(double.IsNaN(s1.SetpointC));
        Assert.Equal(new[] { 0.0, 1.25 }, s1.PumpRates);
    }

    private static void Fill(TelemetrySample s, long ts, double grams, bool stable, double plate, double setpoint, double duty, double p0, double p1)
    {
        s.UptimeMs = ts; s.ScaleGrams = grams; s.ScaleStable = stable; s.PlateC = plate; s.SetpointC = setpoint;
        s.HeaterDuty = duty; s.PumpRates[0] = p0; s.PumpRates[1] = p1;
    }

    [Fact]
    public void Dose_result_event_round_trips()
    {
        var m = new EventMessage
        {
            Seq = 100, UptimeMs = 70000, Kind = EventKinds.DoseResult, BatchId = "B1", StepIndex = 2, Message = "resin \"A\"",
            Channel = 3, TargetGrams = 50, ActualGrams = 50.0123, ErrorGrams = 0.0123, DurationMs = 41250, Success = true,
        };
        Assert.True(m.WriteTo(_writer) > 0);
        Assert.True(EventMessage.TryParse(Bytes(), 0, _writer.Length, out var p, out var error), error);
        Assert.Equal(EventKinds.DoseResult, p.Kind);
        Assert.Equal("B1", p.BatchId);
        Assert.Equal(2, p.StepIndex);
        Assert.Equal("resin \"A\"", p.Message);
        Assert.Equal(3, p.Channel);
        Assert.Equal(50, p.TargetGrams);
        Assert.Equal(50.0123, p.ActualGrams);
        Assert.Equal(0.0123, p.ErrorGrams);
        Assert.Equal(41250, p.DurationMs);
        Assert.True(p.Success);
        Assert.Null(p.AlarmCode);
        Assert.True(double.IsNaN(p.SetpointC));
    }

    [Fact]
    public void Alarm_and_bake_events_round_trip_and_absent_numbers_are_nan()
    {
        var alarm = new EventMessage { Seq = 1, UptimeMs = 2, Kind = EventKinds.AlarmRaised, AlarmCode = "OVERTEMP", Severity = Severities.Critical };
        alarm.WriteTo(_writer);
        Assert.True(EventMessage.TryParse(Bytes(), 0, _writer.Length, out var a, out var error), error);
        Assert.Equal("OVERTEMP", a.AlarmCode);
        Assert.Equal(Severities.Critical, a.Severity);
        Assert.Equal(-1, a.Channel);
        Assert.Equal(-1, a.DurationMs);
        Assert.True(double.IsNaN(a.TargetGrams));

        var bake = new EventMessage { Seq = 3, UptimeMs = 4, Kind = EventKinds.BakeSegment, StepIndex = 5, SetpointC = 110, SecondsOutsideBand = 1.5 };
        bake.WriteTo(_writer);
        Assert.True(EventMessage.TryParse(Bytes(), 0, _writer.Length, out var b, out error), error);
        Assert.Equal(110, b.SetpointC);
        Assert.Equal(1.5, b.SecondsOutsideBand);
    }

    [Fact]
    public void Command_result_round_trips()
    {
        var m = new CommandResultMessage { Seq = 9, UptimeMs = 10, Id = "c-1", Accepted = false, Reason = "not allowed in Execute", PackMlState = PackMlStates.Execute };
        m.WriteTo(_writer);
        Assert.True(CommandResultMessage.TryParse(Bytes(), 0, _writer.Length, out var p, out var error), error);
        Assert.Equal("c-1", p.Id);
        Assert.False(p.Accepted);
        Assert.Equal("not allowed in Execute", p.Reason);
        Assert.Equal(PackMlStates.Execute, p.PackMlState);
    }

    [Fact]
    public void Start_command_round_trips_the_recipe()
    {
        var m = new CommandMessage { Id = "cmd-0001", Name = CommandNames.Start, Seq = 5, Recipe = Recipes.Sample() };
        Assert.True(m.WriteTo(_writer) > 0);
        Assert.True(CommandMessage.TryParse(CommandNames.Start, Bytes(), 0, _writer.Length, out var p, out var error), error);
        Assert.Equal("cmd-0001", p.Id);
        Assert.Equal(CommandNames.Start, p.Name);
        Assert.Equal(5, p.Seq);
        Recipes.AssertEqual(m.Recipe, p.Recipe);
    }

    [Fact]
    public void Confirm_and_plain_commands_round_trip()
    {
        new CommandMessage { Id = "c2", Name = CommandNames.Confirm, StepIndex = 4 }.WriteTo(_writer);
        Assert.True(CommandMessage.TryParse(CommandNames.Confirm, Bytes(), 0, _writer.Length, out var c, out var error), error);
        Assert.Equal(4, c.StepIndex);

        foreach (var name in CommandNames.All.Where(n => n != CommandNames.Start && n != CommandNames.Confirm
                     && n != CommandNames.SetGains && n != CommandNames.Autotune
                     && n != CommandNames.BakeJob && n != CommandNames.WaferDown && n != CommandNames.WaferRemoved
                     && n != CommandNames.Prime && n != CommandNames.CalibratePump))
        {
            new CommandMessage { Id = "c-" + name, Name = name, Seq = 1 }.WriteTo(_writer);
            Assert.True(CommandMessage.TryParse(name, Bytes(), 0, _writer.Length, out var p, out error), error);
            Assert.Equal("c-" + name, p.Id);
            Assert.Equal(name, p.Name);
            Assert.Null(p.Recipe);
            Assert.Equal(-1, p.StepIndex);
        }
    }

    [Fact]
    public void Standalone_recipe_round_trips()
    {
        var recipe = Recipes.Sample();
        recipe.WriteTo(_writer);
        Assert.True(ControlRecipe.TryParse(Bytes(), 0, _writer.Length, out var p, out var error), error);
        Recipes.AssertEqual(recipe, p);
    }
}
