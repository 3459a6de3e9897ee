using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Scale;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>A scale that stopped telling the truth, or a dose it cannot resolve, never ends as a success.</summary>
public class SilentErrorTests
{
    private static (DoseRunner runner, Doser doser) Station()
    {
        var runner = DosingStations.Project(DosingPlantParameters.LoadDefault(), seed: 9);
        return (runner, ((ProjectDoseController)runner.Controller).Doser);
    }

    [Theory]
    [InlineData(DosePhase.Fast)]
    [InlineData(DosePhase.Dribble)]
    [InlineData(DosePhase.Settle)]
    public void A_frozen_adc_is_its_own_fault_not_no_flow(int phase)
    {
        var (runner, doser) = Station();
        var o = runner.Dose("crosslinker", 3, 0.01, duringDose: _ => { if (doser.Phase == phase) runner.Rig.LoadCell.Frozen = true; });
        Assert.False(o.Succeeded);
        Assert.Equal("ScaleFrozen", o.Fault);
        Assert.All(runner.Rig.Pumps, p => Assert.Equal(0, p.CommandedSpeed));
    }

    [Fact]
    public void Frozen_needs_the_configured_run_of_identical_readings()
    {
        var adc = new DispenseStation.Firmware.Tests.Scale.ScriptedAdc(80);
        var clock = new DispenseStation.Simulation.SimClock();
        var scale = new WeighScale(adc, clock, new ScaleCalibration(0, 1000), new ScaleSettings { FrozenSamples = 16 });
        for (int i = 0; i < 15; i++) { adc.Push(1234); scale.Update(); }
        Assert.False(scale.IsFrozen);
        adc.Push(1234); scale.Update();
        Assert.True(scale.IsFrozen);
        adc.Push(1235); scale.Update();
        Assert.False(scale.IsFrozen);
        Assert.Throws<ArgumentException>(() => new ScaleSettings { FrozenSamples = 1 }.Validate());
    }

    [Fact]
    public void A_tolerance_the_scale_cannot_resolve_is_refused_before_pumping()
    {
        var (runner, doser) = Station();
        double limit = 2.8284 * doser.Scale.RepeatabilityGrams;
        var e = Assert.Throws<ArgumentException>(() => doser.Start(4, 0.006, limit, 60));
        Assert.Contains("toleranceGrams", e.Message);
        Assert.Contains("more dilute stock", e.Message);
        Assert.False(doser.IsRunning);
        Assert.All(runner.Rig.Pumps, p => Assert.Equal(0, p.CommandedSpeed));
        doser.Start(4, 0.08, limit * 1.01, 60);
        Assert.True(doser.IsRunning);
        doser.Abort();
    }
}
