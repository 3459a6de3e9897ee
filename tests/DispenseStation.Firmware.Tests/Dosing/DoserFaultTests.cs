using DispenseStation.Firmware.Dosing;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>Every fault stops every pump and fails the dose with its code; none is reported as done.</summary>
public class DoserFaultTests
{
    private static (DoseRunner runner, Doser doser) Station()
    {
        var runner = DosingStations.Project(DosingPlantParameters.LoadDefault(), seed: 9);
        return (runner, ((ProjectDoseController)runner.Controller).Doser);
    }

    private static DoseOutcome DoseWith(DoseRunner runner, string channel, double target, double tolerance, Action<double> fault, double timeoutS = 120) =>
        runner.Dose(channel, target, tolerance, timeoutS, duringDose: fault);

    private static void AssertFailedSafely(DoseRunner runner, Doser doser, DoseOutcome outcome, int expectedFault)
    {
        Assert.False(outcome.Succeeded);
        Assert.Equal(DoseFault.Name(expectedFault), outcome.Fault);
        Assert.Equal(expectedFault, doser.Result.FaultCode);
        Assert.Equal(DoserState.Failed, doser.State);
        Assert.All(runner.Rig.Pumps, p => Assert.Equal(0, p.CommandedSpeed));
        runner.Rig.Step(500);
        Assert.All(runner.Rig.Pumps, p => Assert.Equal(0, p.ActualSpeed, 9));
    }

    [Fact]
    public void Empty_reservoir_is_no_flow()
    {
        var (runner, doser) = Station();
        runner.Rig.Pumps[runner.Rig.Parameters.ChannelIndex("solvent")].ReservoirGrams = 5;
        var o = runner.Dose("solvent", 20, 0.05);
        AssertFailedSafely(runner, doser, o, DoseFault.NoFlow);
        Assert.InRange(o.TrueGrams, 4.9, 5.01);
    }

    [Fact]
    public void Clogged_line_is_no_flow_even_in_the_dribble()
    {
        var (runner, doser) = Station();
        var pump = runner.Rig.Pumps[runner.Rig.Parameters.ChannelIndex("crosslinker")];
        var o = DoseWith(runner, "crosslinker", 3, 0.01, t => { if (doser.Phase == DosePhase.Dribble) pump.Clog = 1; });
        AssertFailedSafely(runner, doser, o, DoseFault.NoFlow);
    }

    [Fact]
    public void Bottle_removed_is_weight_loss()
    {
        var (runner, doser) = Station();
        var o = DoseWith(runner, "solvent", 40, 0.05, t => { if (t >= 2) runner.Rig.RemoveBottle(); });
        AssertFailedSafely(runner, doser, o, DoseFault.WeightLoss);
    }

    [Fact]
    public void Bottle_bumped_is_a_weight_jump()
    {
        var (runner, doser) = Station();
        bool bumped = false;
        var o = DoseWith(runner, "solvent", 40, 0.05, t => { if (t >= 2 && !bumped) { runner.Rig.Bump(20, 300); bumped = true; } });
        AssertFailedSafely(runner, doser, o, DoseFault.WeightJump);
    }

    [Fact]
    public void Disconnected_load_cell_is_scale_silent()
    {
        var (runner, doser) = Station();
        var o = DoseWith(runner, "solvent", 40, 0.05, t => { if (t >= 2) runner.Rig.LoadCell.Disconnected = true; });
        AssertFailedSafely(runner, doser, o, DoseFault.ScaleSilent);
        Assert.InRange(o.DurationS, 2.4, 2.7); // silence limit 0.5 s
    }

    [Fact]
    public void Open_bridge_is_scale_saturated()
    {
        var (runner, doser) = Station();
        var o = DoseWith(runner, "solvent", 40, 0.05, t => { if (t >= 2) runner.Rig.LoadCell.BridgeOpen = true; });
        AssertFailedSafely(runner, doser, o, DoseFault.ScaleSaturated);
    }

    [Fact]
    public void Shaking_bench_is_scale_unstable()
    {
        var (runner, doser) = Station();
        runner.Rig.LoadCell.SwayGrams = 0.2;
        runner.Warmup(); // the detector's window fills with swaying readings
        var o = runner.Dose("pag", 2, 0.01);
        AssertFailedSafely(runner, doser, o, DoseFault.ScaleUnstable);
        Assert.Equal(0, o.TrueGrams, 9); // it never started pumping
    }

    [Fact]
    public void Pump_that_will_not_stop_is_overfill()
    {
        var (runner, doser) = Station();
        var pump = runner.Rig.Pumps[runner.Rig.Parameters.ChannelIndex("pag")];
        var o = DoseWith(runner, "pag", 2, 0.01, t => { if (doser.Phase == DosePhase.Settle) pump.StuckAtSpeed = 0.08; });
        Assert.False(o.Succeeded);
        Assert.Equal("Overfill", o.Fault);
        Assert.All(runner.Rig.Pumps, p => Assert.Equal(0, p.CommandedSpeed));
    }

    [Fact]
    public void Too_slow_is_timeout()
    {
        var (runner, doser) = Station();
        var o = runner.Dose("resin", 40, 0.05, timeoutS: 3);
        AssertFailedSafely(runner, doser, o, DoseFault.Timeout);
        Assert.InRange(o.DurationS, 3.0, 3.1);
    }

    [Fact]
    public void Abort_stops_the_pump_and_fails_the_dose()
    {
        var (runner, doser) = Station();
        var o = DoseWith(runner, "solvent", 40, 0.05, t => { if (t >= 1.5 && doser.IsRunning) doser.Abort(); });
        AssertFailedSafely(runner, doser, o, DoseFault.Aborted);
        Assert.InRange(o.TrueGrams, 1, 15);
    }

    [Fact]
    public void Still_under_after_the_allowed_top_ups_is_under_tolerance()
    {
        var plant = DosingPlantParameters.LoadDefault();
        var rig = new DosingRig(plant, 4);
        var settings = ReferenceStation.ChannelSettings(plant);
        int ch = plant.ChannelIndex("pag");
        settings[ch].MaxTopUps = 0;
        var doser = new Doser(rig.CreateScale(), rig.PumpOutputs, settings, rig.Clock);
        var grams = new double[settings.Length];
        doser.InFlight.Export(grams);
        grams[ch] = settings[ch].MaxInFlightGrams; // far too much in flight: cuts off early
        doser.InFlight.Import(grams);
        var runner = new DoseRunner(rig, new ProjectDoseController(doser));
        runner.Warmup();
        var o = runner.Dose("pag", 2, 0.01);
        AssertFailedSafely(runner, doser, o, DoseFault.UnderTolerance);
        Assert.True(o.TrueGrams < 2 - 0.01);
    }

    [Fact]
    public void Vibration_bursts_and_drift_alone_never_fault_a_dose()
    {
        var (runner, doser) = Station();
        foreach (var c in ReferenceStation.ResistBatch.Concat(ReferenceStation.ResistBatch))
            Assert.True(runner.Dose(c.Channel, c.TargetGrams, c.ToleranceGrams).Succeeded, DoseFault.Name(doser.Result.FaultCode));
    }

    [Fact]
    public void After_a_fault_is_cleared_the_next_dose_runs_normally()
    {
        var (runner, doser) = Station();
        var pump = runner.Rig.Pumps[runner.Rig.Parameters.ChannelIndex("pag")];
        pump.Clog = 1;
        AssertFailedSafely(runner, doser, runner.Dose("pag", 2, 0.01), DoseFault.NoFlow);
        pump.Clog = 0;
        var o = runner.Dose("pag", 2, 0.01);
        Assert.True(o.Succeeded, o.Fault);
        Assert.True(o.WithinTolerance);
    }
}
