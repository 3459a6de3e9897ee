using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Tests.Station;

/// <summary>
/// The gateway and the dashboard offer a batch command only where <see cref="BatchCommandRules"/> says the station takes
/// it. Every operator command is sent to the real station runtime in every state it rests in: the rule offers a
/// command exactly when the station accepts it, so the screen never hides a command that works nor shows one that fails.
/// </summary>
public class BatchCommandRulesTests
{
    public static TheoryData<string, string> EveryCommandInEveryRestingState()
    {
        var data = new TheoryData<string, string>();
        foreach (string scenario in EStopInEveryStateTests.RestingStates())
            foreach (var command in BatchCommandRules.Operator) data.Add(scenario, command);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommandInEveryRestingState))]
    public void The_rule_offers_a_command_exactly_when_the_station_accepts_it(string scenario, string command)
    {
        var (h, _) = EStopInEveryStateTests.Reach(scenario);
        string state = PackMlNames.Of(h.Station.State);
        bool promptPending = h.Events().LastOrDefault(e => e.Kind is EventKinds.Prompt or EventKinds.StepCompleted)?.Kind == EventKinds.Prompt
            && h.Station.State == PackMlState.Execute;
        string? whyNot = BatchCommandRules.WhyNot(command, state, h.Station.Interrupted, promptPending);

        var id = h.Send(command, stepIndex: command == CommandNames.Confirm ? h.Station.StepIndex : -1);
        h.Step();
        var result = h.ResultFor(id);

        Assert.True(result.Accepted == (whyNot is null),
            $"{scenario} ({state}): the station {(result.Accepted ? "accepted" : $"refused ({result.Reason})")} {command}, the rule says {whyNot ?? "offered"}");
    }

    [Fact]
    public void An_interrupted_batch_is_offered_resume_not_unhold_and_a_prompt_is_offered_confirm_first()
    {
        Assert.Equal(["resume", "abort"], BatchCommandRules.Offered(PackMlStates.Held, true, false));
        Assert.Equal(["unhold", "abort"], BatchCommandRules.Offered(PackMlStates.Held, false, false));
        Assert.Equal(["confirm", "hold", "abort"], BatchCommandRules.Offered(PackMlStates.Execute, false, true));
        Assert.Equal(["hold", "abort"], BatchCommandRules.Offered(PackMlStates.Suspended, false, false));
        Assert.Empty(BatchCommandRules.Offered(PackMlStates.Aborted, false, false));
    }

    [Fact]
    public void Every_refusal_says_why_in_words_and_names_the_state()
    {
        Assert.Equal("hold is only possible while the batch runs (the station is Held)", BatchCommandRules.WhyNot(CommandNames.Hold, PackMlStates.Held, false, false));
        Assert.Equal("resume is only for a batch interrupted by a station restart", BatchCommandRules.WhyNot(CommandNames.Resume, PackMlStates.Held, false, false));
        Assert.Equal("no prompt is waiting for confirmation", BatchCommandRules.WhyNot(CommandNames.Confirm, PackMlStates.Execute, false, false));
        Assert.Equal("the station's state is not known", BatchCommandRules.WhyNot(CommandNames.Abort, null!, false, false));
        Assert.Equal("'start' is not an operator command for a batch", BatchCommandRules.WhyNot(CommandNames.Start, PackMlStates.Idle, false, false));
    }
}
