using DispenseStation.Gateway.BakeJobs;
using DispenseStation.Protocol.Bake;

namespace DispenseStation.Gateway.Tests.BakeJobs;

/// <summary>Every wafer phase the protocol knows either asks the operator something or deliberately asks nothing.</summary>
public sealed class WaferPromptTests
{
    [Fact]
    public void Each_phase_that_waits_for_the_operator_says_what_to_do()
    {
        Assert.Equal("Place wafer 2 of 5", BakeJobOrchestrator.PromptFor(WaferPhases.Place, 1, 5));
        Assert.Contains("press 'wafer down' if it is on the plate", BakeJobOrchestrator.PromptFor(WaferPhases.DownTimeout, 1, 5));
        var withdrawn = BakeJobOrchestrator.PromptFor(WaferPhases.DownWithdrawn, 1, 5);
        Assert.StartsWith("Wafer-down for wafer 2 taken back", withdrawn);
        Assert.Contains("press 'wafer was already down' if it has been on the plate since (timed from the withdrawn wafer-down)", withdrawn);
        Assert.Contains("'wafer down' to time it from now", withdrawn);
        Assert.Equal("Remove wafer 2", BakeJobOrchestrator.PromptFor(WaferPhases.Remove, 1, 5));
        // While the wafer bakes and once it is done there is nothing to ask.
        Assert.Null(BakeJobOrchestrator.PromptFor(WaferPhases.Down, 1, 5));
        Assert.Null(BakeJobOrchestrator.PromptFor(WaferPhases.Done, 1, 5));
        Assert.Equal(6, WaferPhases.All.Length); // a new phase must be added here, with its prompt or its reason for none
    }

    [Fact]
    public void A_withdrawal_is_kept_with_its_landing_and_time_in_job_seconds_and_its_reason()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);
        var e = new BakeJobEvent { Kind = DispenseStation.Protocol.Messages.EventKinds.Wafer, JobId = "J-1", Wafer = 0, Phase = WaferPhases.DownWithdrawn,
            UptimeMs = 918_400, DownAtMs = 909_400, Message = "wafer-down withdrawn: the extra loss persisted (lid or draught)" };
        var w = BakeJobOrchestrator.WithdrawalOf(e, now, startUptimeMs: 900_000);
        Assert.Equal(new WaferWithdrawal(now, 18.4, 9.4, e.Message), w);
        // Before the job's start was seen there are no job seconds to give.
        Assert.Equal(new WaferWithdrawal(now, null, null, e.Message), BakeJobOrchestrator.WithdrawalOf(e, now, startUptimeMs: -1));
    }
}
