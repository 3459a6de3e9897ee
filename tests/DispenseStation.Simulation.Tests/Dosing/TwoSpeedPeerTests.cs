using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Simulation.Tests.Dosing;

/// <summary>The bench's industrial peer works as its manuals describe, so the comparison is against a real controller.</summary>
public class TwoSpeedPeerTests
{
    private static readonly DosingPlantParameters Plant = DosingPlantParameters.LoadDefault().WeighedBy("balance");

    [Theory]
    [InlineData("pag", 2.0, 0.02)]
    [InlineData("solvent", 10.0, 0.1)]
    [InlineData("solvent", 80.0, 0.8)]
    public void From_the_second_dose_it_lands_in_tolerance_on_the_balance(string channel, double target, double tolerance)
    {
        var peer = DosingStations.TwoSpeedPeer(Plant, 2);
        peer.Dose(channel, target, tolerance);
        for (int i = 0; i < 3; i++)
        {
            var o = peer.Dose(channel, target, tolerance);
            Assert.True(o.WithinTolerance, $"dose {i + 2}: {o.TrueErrorGrams * 1000:F1} mg, {o.Fault}");
            Assert.Contains("coarse", o.Phases);
        }
    }

    [Fact]
    public void It_jogs_when_a_dose_lands_short_and_powers_the_pumps_only_while_dosing()
    {
        var runner = DosingStations.TwoSpeedPeer(Plant, 3);
        Assert.False(runner.Rig.PumpPower.IsEnabled);
        bool sawJog = false;
        for (int i = 0; i < 6 && !sawJog; i++) sawJog = runner.Dose("quencher", 0.1, 0.0054).Phases.Contains("jog");
        Assert.True(sawJog);
        Assert.False(runner.Rig.PumpPower.IsEnabled);
    }
}
