using DispenseStation.Simulation;
using DispenseStation.Simulation.BakeJobs;
using Xunit.Abstractions;

namespace DispenseStation.Firmware.Tests.BakeJobs;

/// <summary>Wafer-down detection on the simulated plate (hardware/plant/hotplate.json): true drops,
/// false triggers from the lid and draughts, and drops too small to see.</summary>
public class WaferDownSimulationTests(ITestOutputHelper output)
{
    private static readonly WaferDownScenario Scenario = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_cold_200mm_wafer_is_seen_within_seconds_and_its_landing_placed_close(int seed)
    {
        var random = new SimRandom(seed);
        double waferC = 20 + 5 * random.NextDouble();
        double placeAfter = 5 + 20 * random.NextDouble();
        var o = Scenario.RunDrop(seed, 37, 9, waferC, placeAfter);
        output.WriteLine($"seed {seed}: delay {o.DelayS:F2} s, landing error {o.LandingErrorS:F2} s, peer delay {o.PeerDelayS:F2} s");
        Assert.False(o.FiredBeforeWafer);
        Assert.True(o.Detected);
        Assert.InRange(o.DelayS, 0.5, 6);
        Assert.InRange(o.LandingErrorS, -1.5, 1.5);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Opening_the_lid_for_a_minute_is_not_a_wafer(int seed)
    {
        var o = Scenario.RunDisturbance(seed, convectionFactor: 3, atS: 5, durationS: 60, watchS: 90);
        Assert.False(o.FalseTrigger);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void A_strong_draught_is_not_a_wafer(int seed)
    {
        var o = Scenario.RunDisturbance(seed, convectionFactor: 8, atS: 5, durationS: 10, watchS: 40);
        Assert.False(o.FalseTrigger);
    }

    [Fact]
    public void A_prewarmed_coupon_leaves_no_signature_so_the_job_must_time_out_into_a_prompt()
    {
        // 2 J/K coupon already at 100 °C: about 20 J leave the plate, far below any signature.
        var o = Scenario.RunDrop(31, 2, 1, 100, 5);
        Assert.False(o.FiredBeforeWafer);
        Assert.False(o.Detected);
    }
}
