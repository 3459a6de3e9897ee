using DispenseStation.Firmware.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

public class TubeDrainTests
{
    private static TubeDrain Drain(double tauS) => new([new DoseChannelSettings { DrainTimeConstantS = tauS }], 0);

    [Fact]
    public void A_steady_flow_fills_the_tip_to_flow_times_tau_and_everything_pumped_lands_or_is_held()
    {
        var d = Drain(4.0);
        d.SetFlow(0, 0.5, 0);
        for (long ms = 100; ms <= 60_000; ms += 100) d.Advance(0, ms);
        Assert.Equal(2.0, d.HeldGrams(0), 4);
        Assert.Equal(d.SteadyGrams(0, 0.5), d.HeldGrams(0), 4);
        Assert.Equal(0.5 * 60, d.LandedGrams(0) + d.HeldGrams(0), 6);
    }

    [Fact]
    public void After_a_stop_the_tip_drains_as_e_to_the_minus_t_over_tau_whatever_the_update_interval()
    {
        var coarse = Drain(2.0);
        var fine = Drain(2.0);
        coarse.SetFlow(0, 1, 0);
        fine.SetFlow(0, 1, 0);
        coarse.SetFlow(0, 0, 20_000);
        fine.SetFlow(0, 0, 20_000);
        coarse.Advance(0, 22_000);
        for (long ms = 20_010; ms <= 22_000; ms += 10) fine.Advance(0, ms);
        double expected = 2.0 * (1 - Math.Exp(-10)) * Math.Exp(-1);
        Assert.Equal(expected, coarse.HeldGrams(0), 4);
        Assert.Equal(expected, fine.HeldGrams(0), 4);
    }

    [Fact]
    public void A_short_phase_after_a_fast_one_still_holds_most_of_the_fast_phase_liquid()
    {
        var d = Drain(4.0);
        d.SetFlow(0, 1.5, 0);
        d.SetFlow(0, 0.12, 30_000); // steady at 6 g, then dribble
        d.Advance(0, 34_000);       // one time constant later
        double held = d.HeldGrams(0);
        Assert.Equal(0.48 + (6 * (1 - Math.Exp(-7.5)) - 0.48) * Math.Exp(-1), held, 4);
        Assert.True(held > 4 * d.SteadyGrams(0, 0.12));
    }
}
