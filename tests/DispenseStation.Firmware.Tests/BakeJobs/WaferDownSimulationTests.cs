using DispenseStation.Firmware.BakeJobs;
using DispenseStation.Simulation;
using DispenseStation.Simulation.BakeJobs;
using Xunit.Abstractions;

namespace DispenseStation.Firmware.Tests.BakeJobs;

/// <summary>Wafer-down detection on the simulated plate (hardware/plant/hotplate.json) with the energy balance the
/// bake job runs (the profile's wafer expected): true drops of every size, false triggers from the lid and
/// draughts (provisional, then withdrawn), a draught during a bake, drops too small to see; and the
/// signature alone when the detector has nothing to balance with.</summary>
public class WaferDownSimulationTests(ITestOutputHelper output)
{
    private static readonly WaferDownScenario Scenario = new();

    // Silicon at SEMI thickness (as the gateway's WaferSizes), the gap's conductance by area (9 W/K under 200 mm).
    internal static (ExpectedWafer Expected, double ToPlate) Wafer(int diameterMm)
    {
        double thickness = diameterMm switch { 100 => 0.525, 150 => 0.675, 200 => 0.725, 300 => 0.775, _ => throw new ArgumentException("size") };
        double c = ExpectedWafer.SiliconHeatCapacity(diameterMm, thickness);
        double g = 9.0 * diameterMm * diameterMm / (200.0 * 200.0);
        return (new ExpectedWafer(c, c / g), g);
    }

    [Theory]
    [InlineData(100, 1)]
    [InlineData(100, 2)]
    [InlineData(100, 3)]
    [InlineData(150, 1)]
    [InlineData(150, 2)]
    [InlineData(200, 1)]
    [InlineData(200, 2)]
    [InlineData(300, 1)]
    [InlineData(300, 2)]
    public void A_cold_wafer_is_seen_confirmed_by_its_energy_and_its_landing_placed_close(int size, int seed)
    {
        var (expected, toPlate) = Wafer(size);
        var random = new SimRandom(seed);
        double waferC = 20 + 5 * random.NextDouble();
        double placeAfter = 5 + 20 * random.NextDouble();
        var o = Scenario.RunDrop(seed, expected.HeatCapacityJPerK, toPlate, waferC, placeAfter, expected: expected);
        output.WriteLine($"{size} mm seed {seed}: delay {o.DelayS:F2} s, confirmed {o.ConfirmDelayS:F2} s, landing error {o.LandingErrorS:F2} s, energy ratio {o.EnergyRatio:F2}, peer delay {o.PeerDelayS:F2} s");
        Assert.False(o.FiredBeforeWafer);
        Assert.Equal(0, o.Withdrawals);
        Assert.True(o.Detected);
        Assert.InRange(o.DelayS, 0.5, 8);
        Assert.InRange(o.ConfirmDelayS, o.DelayS, 20);
        Assert.InRange(o.LandingErrorS, -1.5, 1.5);
        Assert.InRange(o.EnergyRatio, 0.8, 1.3);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Opening_the_lid_for_a_minute_is_withdrawn_for_a_100mm_profile_and_not_even_provisional_for_200mm(int seed)
    {
        var small = Scenario.RunDisturbance(seed, convectionFactor: 3, atS: 5, durationS: 60, watchS: 120, Wafer(100).Expected);
        Assert.Equal(1, small.Provisionals);
        Assert.Equal(1, small.Withdrawals);
        Assert.Equal(WaferDownDetector.WithdrawPersists, small.Reason);
        Assert.False(small.FalseTrigger);
        var large = Scenario.RunDisturbance(seed, convectionFactor: 3, atS: 5, durationS: 60, watchS: 120, Wafer(200).Expected);
        Assert.Equal(0, large.Provisionals);
        Assert.False(large.FalseTrigger);
    }

    [Theory]
    [InlineData(21, 100)]
    [InlineData(22, 100)]
    [InlineData(21, 150)]
    [InlineData(22, 150)]
    public void A_strong_short_draught_is_provisional_then_withdrawn(int seed, int profileSize)
    {
        var o = Scenario.RunDisturbance(seed, convectionFactor: 8, atS: 5, durationS: 10, watchS: 70, Wafer(profileSize).Expected);
        output.WriteLine($"{profileSize} mm profile: provisionals {o.Provisionals}, withdrawals {o.Withdrawals}, reason {o.Reason}");
        Assert.True(o.Provisionals >= 1);
        Assert.Equal(o.Provisionals, o.Withdrawals);
        Assert.False(o.FalseTrigger);
    }

    [Theory]
    [InlineData(31, 100)]
    [InlineData(31, 150)]
    [InlineData(31, 200)]
    [InlineData(31, 300)]
    [InlineData(32, 300)]
    public void A_long_hard_draught_is_withdrawn_and_not_detected_again_while_it_blows(int seed, int profileSize)
    {
        var o = Scenario.RunDisturbance(seed, convectionFactor: 15, atS: 5, durationS: 30, watchS: 90, Wafer(profileSize).Expected);
        Assert.Equal(1, o.Provisionals);
        Assert.Equal(1, o.Withdrawals);
        Assert.False(o.FalseTrigger);
    }

    [Theory]
    [InlineData(41, 100)]
    [InlineData(42, 200)]
    public void A_draught_once_the_wafer_is_confirmed_leaves_its_wafer_down_standing(int seed, int size)
    {
        var (expected, toPlate) = Wafer(size);
        var o = Scenario.RunDropThenDraught(seed, expected, toPlate, 22, 10, draughtAfterS: 15, convectionFactor: 8, durationS: 10, watchS: 60);
        Assert.True(o.Detected);
        Assert.Equal(0, o.Withdrawals);
        Assert.True(o.ConfirmDelayS < 15, $"confirmed {o.ConfirmDelayS} s after landing");
    }

    public static TheoryData<int, int> DraughtSeeds()
    {
        var data = new TheoryData<int, int>();
        foreach (int size in new[] { 100, 150, 200, 300 })
            for (int seed = 1; seed <= 6; seed++) data.Add(size, seed);
        return data;
    }

    // Issue 15: a draught starting 8 s after a real wafer landed (before the balance had confirmed it) withdrew the
    // wafer on every seed. The expected wafer's decaying loss plus a later sustained loss explains the extra loss; a
    // sustained loss alone does not: the wafer stands, its energy the expected wafer's.
    [Theory]
    [MemberData(nameof(DraughtSeeds))]
    public void A_draught_starting_8s_after_the_landing_leaves_the_wafer_standing(int size, int seed)
    {
        var (expected, toPlate) = Wafer(size);
        var random = new SimRandom(2000 + seed);
        double waferC = 20 + 5 * random.NextDouble();
        double placeAfter = 5 + 20 * random.NextDouble();
        var o = Scenario.RunDropThenDraught(seed, expected, toPlate, waferC, placeAfter, draughtAfterS: 8, convectionFactor: 8, durationS: 10, watchS: 60);
        output.WriteLine($"{size} mm seed {seed}: delay {o.DelayS:F2} s, confirmed {o.ConfirmDelayS:F2} s, energy ratio {o.EnergyRatio:F2}, withdrawals {o.Withdrawals} (reason {o.Reason})");
        Assert.False(o.FiredBeforeWafer);
        Assert.Equal(0, o.Withdrawals);
        Assert.True(o.Detected);
        Assert.InRange(o.DelayS, 0.5, 8);
        Assert.InRange(o.EnergyRatio, 0.8, 1.3);
    }

    [Theory]
    [InlineData(100, 1)]
    [InlineData(200, 1)]
    public void Without_the_two_model_fit_the_same_draught_withdraws_the_wafer(int size, int seed)
    {
        var (expected, toPlate) = Wafer(size);
        var scenario = new WaferDownScenario { Detection = new WaferDownSettings { SeparationFactor = 0 } };
        var o = scenario.RunDropThenDraught(seed, expected, toPlate, 22, 10, draughtAfterS: 8, convectionFactor: 8, durationS: 10, watchS: 60);
        Assert.Equal(1, o.Withdrawals);
        Assert.False(o.Detected);
    }

    // Issue 15: a withdrawn wafer-down must not leave the plate with the drop feed-forward's heat. By the time the
    // balance withdraws (5-15 s) the feed-forward has paid out (time constant 1.5 s): that heat is in the plate, and
    // only its losses take it out. The withdrawal closes the account (nothing more is paid) and ends the integrator
    // hold; the plate's model keeps the modelled wafer's draw, so the PID sees the paid heat as excess at once and the
    // heater goes to 0. An explicit take-back on top (the heater cut by the paid energy below what the PID asks) was
    // tried: the PID already answers the excess it reads, the two add, and the plate then sat 0.3-0.6 °C below the
    // band for 100-160 s (100 and 150 mm profiles, lid and draught) where this way it is back in band in 0-27 s.
    [Theory]
    [InlineData(100, 5, 1)]
    [InlineData(100, 10, 2)]
    [InlineData(150, 5, 1)]
    [InlineData(150, 10, 1)]
    [InlineData(150, 15, 2)]
    public void A_withdrawn_wafer_down_leaves_no_more_heat_than_was_paid_and_the_plate_returns_to_band_without_undershoot(int size, double withdrawAfterS, int seed)
    {
        var (expected, _) = Wafer(size);
        var o = Scenario.RunWithdrawnWaferDown(seed, expected, withdrawAfterS, watchS: 90);
        // The heat paid over the documented plate and heater mat (hardware/plant/hotplate.json).
        double paidC = o.PaidJ / (Scenario.Parameters.PlateHeatCapacityJPerK + Scenario.Parameters.ElementHeatCapacityJPerK);
        output.WriteLine($"{size} mm, withdrawn after {withdrawAfterS} s: paid {o.PaidJ:F0} J ({paidC:F2} °C), max above {o.MaxAboveC:F2} °C, lowest {o.MaxBelowC:F2} °C, back in band after {o.BackInBandS:F1} s");
        Assert.True(o.PaidJ > 0.5 * expected.HeatCapacityJPerK * 88, "the feed-forward had paid most of the wafer's energy");
        // Within 20 % + 0.1 °C of it: the PID's own heat in the seconds before the lagged reading shows the excess.
        Assert.True(o.MaxAboveC <= 1.2 * paidC + 0.1, $"max above {o.MaxAboveC:F2} °C, paid {paidC:F2} °C");
        Assert.True(o.MaxBelowC >= -Scenario.BandC, $"undershoot {o.MaxBelowC:F2} °C");
        Assert.InRange(o.BackInBandS, 0, 40);
        Assert.False(o.OutOfBandAtEnd);
    }

    [Theory]
    [InlineData(100, 3, 60, 1)]
    [InlineData(100, 8, 10, 2)]
    [InlineData(150, 8, 10, 1)]
    [InlineData(150, 8, 10, 3)]
    public void After_a_lid_or_draught_is_withdrawn_the_plate_is_back_in_band_soon_and_stays(int size, double convection, double durationS, int seed)
    {
        var o = Scenario.RunDisturbance(seed, convection, 5 + seed % 10, durationS, 130, Wafer(size).Expected);
        output.WriteLine($"{size} mm profile, x{convection} {durationS} s: max above {o.MaxAboveAfterWithdrawalC:F2} °C, back in band {o.BackInBandAfterWithdrawalS:F1} s after the withdrawal");
        Assert.Equal(1, o.Withdrawals);
        Assert.True(o.MaxAboveAfterWithdrawalC <= 0.5, $"max above {o.MaxAboveAfterWithdrawalC:F2} °C");
        Assert.InRange(o.BackInBandAfterWithdrawalS, 0, 20);
        Assert.False(o.OutOfBandAtEnd);
    }

    [Fact]
    public void A_prewarmed_coupon_leaves_no_signature_so_the_job_must_time_out_into_a_prompt()
    {
        // 2 J/K coupon already at 100 °C, with a profile naming a 25 mm coupon placed at 22 °C: about 20 J leave
        // the plate against the 176 J expected, far below any signature or the energy balance's threshold.
        var o = Scenario.RunDrop(31, 2, 1, 100, 5, expected: new ExpectedWafer(2, 2));
        Assert.False(o.FiredBeforeWafer);
        Assert.False(o.Detected);
        Assert.Equal(0, o.Withdrawals);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Without_an_expected_wafer_the_signature_alone_confirms_a_200mm_wafer_at_once(int seed)
    {
        var random = new SimRandom(seed);
        var o = Scenario.RunDrop(seed, 37, 9, 20 + 5 * random.NextDouble(), 5 + 20 * random.NextDouble());
        Assert.True(o.Detected);
        Assert.Equal(o.DelayS, o.ConfirmDelayS);
        Assert.InRange(o.DelayS, 0.5, 6);
        Assert.InRange(o.LandingErrorS, -1.5, 1.5);
    }
}
