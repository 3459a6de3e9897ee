using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Tests.Station;

/// <summary>
/// E-stop pressed in every state the station can rest in: PackML prescribes Abort from every state but
/// Aborting/Aborted, so the station must end Aborted with heater and pumps off, the batch (if any) ended
/// with an aborted event, and nothing left to resume after a reboot. The acting states (Starting, Holding,
/// ...) never outlive the tick that entered them; the transition table for them is covered below.
/// </summary>
public class EStopInEveryStateTests
{
    public static TheoryData<string> RestingStates() => new()
    {
        "Idle", "Execute-tare", "Execute-dosing", "Execute-prompt", "Held-by-operator", "Held-after-dose-fault",
        "Held-interrupted-after-reboot", "Suspended-by-link-loss", "Complete", "Stopped", "Aborted",
    };

    [Theory]
    [MemberData(nameof(RestingStates))]
    public void EStop_in_each_resting_state_ends_aborted_with_heater_and_pumps_off(string scenario)
    {
        var (h, batchWasActive) = Reach(scenario);
        int abortedBefore = h.Events().Count(e => e.Kind == EventKinds.BatchAborted);

        h.EStop.IsActive = true;
        h.Step();
        h.Step();

        Assert.Equal(PackMlState.Aborted, h.Station.State);
        Assert.False(h.Dosing.IsDosing, "pumps still dosing");
        for (int ch = 0; ch < h.Dosing.ChannelCount; ch++) Assert.Equal(0, h.Dosing.PumpRate(ch));
        Assert.False(h.Hotplate.IsRunning, "heater program still running");
        Assert.Equal(0, h.Hotplate.HeaterDuty);
        Assert.False(h.Hotplate.HeaterPermitted);
        Assert.Contains(h.Events(), e => e.Kind == EventKinds.AlarmRaised && e.AlarmCode == "estop" && e.Severity == "critical");
        Assert.Equal("Aborted", h.LastState().PackMlState);
        int abortedAfter = h.Events().Count(e => e.Kind == EventKinds.BatchAborted);
        Assert.Equal(batchWasActive ? abortedBefore + 1 : abortedBefore, abortedAfter);

        // Pumps stay off while the e-stop is held, whatever is commanded.
        var start = h.Send(CommandNames.Start, StationHarness.SampleRecipe("B-after"));
        Assert.False(h.ResultFor(start).Accepted);
        h.Run(2);
        Assert.False(h.Dosing.IsDosing);

        // Nothing is left to resume: a reboot after the e-stop is clean.
        var after = h.Reboot();
        after.Step();
        Assert.False(after.Station.Interrupted);
        Assert.NotEqual(PackMlState.Held, after.Station.State);
        Assert.DoesNotContain(after.Events(), e => e.Kind == EventKinds.BatchInterrupted);
    }

    [Fact]
    public void EStop_pressed_in_the_tick_a_start_arrives_wins_over_the_start()
    {
        var h = new StationHarness();
        h.Step();
        h.EStop.IsActive = true;
        var start = h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.Step();
        Assert.False(h.ResultFor(start).Accepted);
        Assert.Equal(PackMlState.Aborted, h.Station.State);
        Assert.Empty(h.Dosing.DosesStarted);
        Assert.DoesNotContain(h.Events(), e => e.Kind == EventKinds.BatchStarted);
    }

    public static TheoryData<PackMlState> EveryState()
    {
        var data = new TheoryData<PackMlState>();
        foreach (PackMlState s in Enum.GetValues<PackMlState>()) data.Add(s);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryState))]
    public void Abort_from_every_state_reaches_aborted_as_PackML_prescribes(PackMlState state)
    {
        var m = new PackMlMachine(PackMlState.Idle);
        m.Restore(state);
        string reason = m.Apply(PackMlCommand.Abort);
        if (state is PackMlState.Aborting or PackMlState.Aborted)
        {
            Assert.NotNull(reason);
            Assert.Equal(state, m.State);
            return;
        }
        Assert.Null(reason);
        Assert.Equal(PackMlState.Aborting, m.State);
        Assert.True(m.CompleteActingState());
        Assert.Equal(PackMlState.Aborted, m.State);
    }

    /// <summary>Drives a fresh station into the named state; returns it and whether a batch is active there.</summary>
    internal static (StationHarness, bool BatchActive) Reach(string scenario)
    {
        var h = new StationHarness();
        h.Step();
        switch (scenario)
        {
            case "Idle":
                return (h, false);
            case "Execute-tare":
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                Assert.Equal(PackMlState.Execute, h.Station.State);
                Assert.Equal(0, h.Station.StepIndex);
                return (h, true);
            case "Execute-dosing":
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                h.RunUntil(() => h.Dosing.IsDosing, 30);
                return (h, true);
            case "Execute-prompt":
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                h.RunUntil(() => h.Events().Any(e => e.Kind == EventKinds.Prompt), 600);
                Assert.Equal(PackMlState.Execute, h.Station.State);
                return (h, true);
            case "Held-by-operator":
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                h.RunUntil(() => h.Dosing.IsDosing, 30);
                h.Send(CommandNames.Hold);
                h.Step();
                Assert.Equal(PackMlState.Held, h.Station.State);
                return (h, true);
            case "Held-after-dose-fault":
                h.Dosing.NoFlowAfterGrams = 15;
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                h.RunUntil(() => h.Station.State == PackMlState.Held, 120);
                return (h, true);
            case "Held-interrupted-after-reboot":
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                h.RunUntil(() => h.Station.StepIndex == 1 && h.Dosing.NetGrams > 10, 60);
                var after = h.Reboot();
                after.Step();
                Assert.Equal(PackMlState.Held, after.Station.State);
                Assert.True(after.Station.Interrupted);
                return (after, true);
            case "Suspended-by-link-loss":
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                h.RunUntil(() => h.Dosing.IsDosing, 30);
                h.Link.Disconnect();
                h.Step();
                Assert.Equal(PackMlState.Suspended, h.Station.State);
                h.Link.Reconnect(); // so the e-stop's events and state are published
                h.EStop.IsActive = false;
                Assert.Equal(PackMlState.Suspended, h.Station.State);
                return (h, true);
            case "Complete":
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                h.RunUntil(() => h.Events().Any(e => e.Kind == EventKinds.Prompt), 600);
                var prompt = h.Events().Last(e => e.Kind == EventKinds.Prompt);
                h.Send(CommandNames.Confirm, stepIndex: prompt.StepIndex);
                h.RunUntil(() => h.Station.State == PackMlState.Complete, 900);
                return (h, false);
            case "Stopped":
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                h.RunUntil(() => h.Dosing.IsDosing, 30);
                h.Send(CommandNames.Stop);
                h.Step();
                Assert.Equal(PackMlState.Stopped, h.Station.State);
                return (h, false);
            case "Aborted":
                h.Send(CommandNames.Start, StationHarness.SampleRecipe());
                h.RunUntil(() => h.Dosing.IsDosing, 30);
                h.Send(CommandNames.Abort);
                h.Step();
                Assert.Equal(PackMlState.Aborted, h.Station.State);
                return (h, false);
            default:
                throw new ArgumentException(scenario);
        }
    }
}
