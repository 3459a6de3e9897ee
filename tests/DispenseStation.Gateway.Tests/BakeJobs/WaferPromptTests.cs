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
}
