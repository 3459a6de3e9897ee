using DispenseStation.Firmware.Station;

namespace DispenseStation.Firmware.Tests.Station;

public class PackMlMachineTests
{
    // The PackML model written out by hand, independent of the table inside the machine.
    private static readonly (PackMlCommand Cmd, PackMlState From, PackMlState To)[] Legal = BuildLegal();

    private static (PackMlCommand, PackMlState, PackMlState)[] BuildLegal()
    {
        var list = new List<(PackMlCommand, PackMlState, PackMlState)>
        {
            (PackMlCommand.Start, PackMlState.Idle, PackMlState.Starting),
            (PackMlCommand.Hold, PackMlState.Execute, PackMlState.Holding),
            (PackMlCommand.Hold, PackMlState.Suspending, PackMlState.Holding),
            (PackMlCommand.Hold, PackMlState.Suspended, PackMlState.Holding),
            (PackMlCommand.Hold, PackMlState.Unsuspending, PackMlState.Holding),
            (PackMlCommand.Unhold, PackMlState.Held, PackMlState.Unholding),
            (PackMlCommand.Suspend, PackMlState.Execute, PackMlState.Suspending),
            (PackMlCommand.Unsuspend, PackMlState.Suspended, PackMlState.Unsuspending),
            (PackMlCommand.Clear, PackMlState.Aborted, PackMlState.Clearing),
            (PackMlCommand.Reset, PackMlState.Complete, PackMlState.Resetting),
            (PackMlCommand.Reset, PackMlState.Stopped, PackMlState.Resetting),
        };
        foreach (var s in Enum.GetValues<PackMlState>())
        {
            if (s is not (PackMlState.Aborting or PackMlState.Aborted))
                list.Add((PackMlCommand.Abort, s, PackMlState.Aborting));
            if (s is not (PackMlState.Aborting or PackMlState.Aborted or PackMlState.Clearing
                or PackMlState.Stopping or PackMlState.Stopped))
                list.Add((PackMlCommand.Stop, s, PackMlState.Stopping));
        }
        return list.ToArray();
    }

    public static TheoryData<PackMlCommand, PackMlState> EveryPair()
    {
        var data = new TheoryData<PackMlCommand, PackMlState>();
        foreach (var c in Enum.GetValues<PackMlCommand>())
            foreach (var s in Enum.GetValues<PackMlState>())
                data.Add(c, s);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_command_in_every_state_is_applied_or_rejected_with_a_reason(PackMlCommand cmd, PackMlState from)
    {
        var machine = new PackMlMachine(PackMlState.Idle);
        machine.Restore(from);
        int changes = machine.ChangeCount;

        var expected = Legal.Where(t => t.Cmd == cmd && t.From == from).Select(t => (PackMlState?)t.To).SingleOrDefault();
        Assert.Equal(expected.HasValue, machine.CanApply(cmd));
        string? reason = machine.Apply(cmd);

        if (expected is PackMlState to)
        {
            Assert.Null(reason);
            Assert.Equal(to, machine.State);
            Assert.Equal(changes + 1, machine.ChangeCount);
        }
        else
        {
            Assert.NotNull(reason);
            Assert.Contains(PackMlNames.Of(cmd), reason);
            Assert.Contains("not allowed in " + PackMlNames.Of(from), reason);
            Assert.Equal(from, machine.State);
            Assert.Equal(changes, machine.ChangeCount);
        }
    }

    [Theory]
    [InlineData(PackMlState.Starting, PackMlState.Execute)]
    [InlineData(PackMlState.Execute, PackMlState.Completing)]
    [InlineData(PackMlState.Completing, PackMlState.Complete)]
    [InlineData(PackMlState.Holding, PackMlState.Held)]
    [InlineData(PackMlState.Unholding, PackMlState.Execute)]
    [InlineData(PackMlState.Suspending, PackMlState.Suspended)]
    [InlineData(PackMlState.Unsuspending, PackMlState.Execute)]
    [InlineData(PackMlState.Aborting, PackMlState.Aborted)]
    [InlineData(PackMlState.Clearing, PackMlState.Stopped)]
    [InlineData(PackMlState.Stopping, PackMlState.Stopped)]
    [InlineData(PackMlState.Resetting, PackMlState.Idle)]
    public void State_complete_ends_each_acting_state(PackMlState from, PackMlState to)
    {
        var machine = new PackMlMachine(from);
        Assert.True(machine.CompleteActingState());
        Assert.Equal(to, machine.State);
    }

    [Theory]
    [InlineData(PackMlState.Idle)]
    [InlineData(PackMlState.Complete)]
    [InlineData(PackMlState.Held)]
    [InlineData(PackMlState.Suspended)]
    [InlineData(PackMlState.Aborted)]
    [InlineData(PackMlState.Stopped)]
    public void Resting_states_have_no_state_complete(PackMlState state)
    {
        var machine = new PackMlMachine(state);
        Assert.False(machine.CompleteActingState());
        Assert.Equal(state, machine.State);
    }

    [Fact]
    public void Full_cycle_with_hold_and_abort_recovery()
    {
        var m = new PackMlMachine(PackMlState.Idle);
        Assert.Null(m.Apply(PackMlCommand.Start)); m.CompleteActingState();
        Assert.Equal(PackMlState.Execute, m.State);
        Assert.Null(m.Apply(PackMlCommand.Hold)); m.CompleteActingState();
        Assert.Null(m.Apply(PackMlCommand.Unhold)); m.CompleteActingState();
        Assert.Null(m.Apply(PackMlCommand.Abort)); m.CompleteActingState();
        Assert.Equal(PackMlState.Aborted, m.State);
        Assert.Null(m.Apply(PackMlCommand.Clear)); m.CompleteActingState();
        Assert.Equal(PackMlState.Stopped, m.State);
        Assert.Null(m.Apply(PackMlCommand.Reset)); m.CompleteActingState();
        Assert.Equal(PackMlState.Idle, m.State);
    }

    [Fact]
    public void Rejection_names_the_states_where_the_command_is_allowed()
    {
        var m = new PackMlMachine(PackMlState.Execute);
        Assert.Equal("reset is not allowed in Execute (allowed in Complete, Stopped)", m.Apply(PackMlCommand.Reset));
    }

    [Fact]
    public void Command_names_round_trip()
    {
        foreach (var c in Enum.GetValues<PackMlCommand>())
        {
            Assert.True(PackMlNames.TryParseCommand(PackMlNames.Of(c), out var parsed));
            Assert.Equal(c, parsed);
        }
        Assert.False(PackMlNames.TryParseCommand("Start ", out _));
        Assert.False(PackMlNames.TryParseCommand("confirm", out _));
    }
}
