using DispenseStation.Firmware.Dosing;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>A dose that verifies inside the tolerance but well short of target (an untrained
/// channel whose in-flight guess is too large) is topped up towards target, not accepted at the
/// lower limit.</summary>
public class DoserTopUpTests
{
    [Theory]
    [InlineData("pag", 2.0, 0.2)]
    [InlineData("crosslinker", 3.0, 0.3)]
    public void A_short_first_verify_is_topped_up_near_target(string channel, double target, double tolerance)
    {
        var plant = DosingPlantParameters.LoadDefault();
        var rig = new DosingRig(plant, 4);
        var settings = ReferenceStation.ChannelSettings(plant);
        int ch = plant.ChannelIndex(channel);
        var doser = new Doser(rig.CreateScale(), rig.PumpOutputs, settings, rig.Clock);
        var grams = new double[settings.Length];
        doser.InFlight.Export(grams);
        grams[ch] = settings[ch].MaxInFlightGrams; // far too much in flight: the cut-off comes early
        doser.InFlight.Import(grams);
        var runner = new DoseRunner(rig, new ProjectDoseController(doser));
        runner.Warmup();

        var o = runner.Dose(channel, target, tolerance);

        Assert.True(o.Succeeded, o.Fault);
        Assert.True(doser.Result.TopUpPulses >= 1, "expected a top-up pulse");
        Assert.InRange(o.TrueGrams - target, -0.5 * tolerance, tolerance);
    }
}
