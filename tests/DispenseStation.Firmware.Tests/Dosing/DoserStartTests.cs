using DispenseStation.Firmware.Dosing;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

public class DoserStartTests
{
    private static (DoseRunner runner, Doser doser) Station()
    {
        var runner = DosingStations.Project(DosingPlantParameters.LoadDefault(), seed: 3);
        return (runner, ((ProjectDoseController)runner.Controller).Doser);
    }

    [Theory]
    [InlineData(-1, 1.0, 0.01, 10.0, "channel")]
    [InlineData(6, 1.0, 0.01, 10.0, "channel")]
    [InlineData(0, 0.0, 0.01, 10.0, "targetGrams")]
    [InlineData(0, double.NaN, 0.01, 10.0, "targetGrams")]
    [InlineData(0, 1.0, 0.0, 10.0, "toleranceGrams")]
    [InlineData(0, 1.0, 1.5, 10.0, "toleranceGrams")]
    [InlineData(0, 1.0, 0.01, 0.0, "timeoutS")]
    [InlineData(0, 1.0, 0.01, double.PositiveInfinity, "timeoutS")]
    public void Bad_start_values_are_rejected_by_name_and_nothing_starts(int channel, double target, double tolerance, double timeout, string field)
    {
        var (runner, doser) = Station();
        var ex = Assert.Throws<ArgumentException>(() => doser.Start(channel, target, tolerance, timeout));
        Assert.Contains(field, ex.Message);
        Assert.Equal(DoserState.Idle, doser.State);
        runner.Rig.Step(100);
        doser.Tick();
        Assert.All(runner.Rig.Pumps, p => Assert.Equal(0, p.CommandedSpeed));
    }

    [Fact]
    public void A_second_start_while_dosing_is_refused_and_the_first_dose_goes_on()
    {
        var (runner, doser) = Station();
        doser.Start(1, 20, 0.05, 60);
        for (int i = 0; i < 300; i++) { runner.Rig.Step(10); doser.Tick(); }
        Assert.Throws<InvalidOperationException>(() => doser.Start(2, 1, 0.01, 60));
        Assert.True(doser.IsRunning);
        Assert.Equal(1, doser.Result.Channel);
        Assert.True(runner.Rig.Pumps[1].CommandedSpeed > 0);
        Assert.Equal(0, runner.Rig.Pumps[2].CommandedSpeed);
    }

    [Fact]
    public void A_finished_dose_reports_target_actual_error_time_and_phases()
    {
        var (runner, doser) = Station();
        var o = runner.Dose("crosslinker", 3, 0.01);
        var r = doser.Result;
        Assert.True(r.Succeeded);
        Assert.Equal(DoserState.Done, doser.State);
        Assert.Equal(DoseFault.None, r.FaultCode);
        Assert.Equal(3, r.TargetGrams);
        Assert.Equal(r.ActualGrams - 3, r.ErrorGrams, 12);
        Assert.InRange(r.ActualGrams, 2.99, 3.01);
        Assert.Equal(o.DurationS, r.DurationS, 2);
        Assert.Equal(DosePhase.Start | DosePhase.Fast | DosePhase.Slow | DosePhase.Dribble | DosePhase.Settle, r.Phases & ~DosePhase.TopUp);
        Assert.True(runner.Rig.Pumps.All(p => p.CommandedSpeed == 0));
    }

    [Theory]
    // 0.08 g is 0.55 s of the quencher pump's full flow: no fast phase; at half speed it still runs 0.68 s
    // past its 0.4 s lead, so it gets a slow phase. 0.05 g would be under the minimum phase: dribble only.
    [InlineData("quencher", 0.08, DosePhase.Slow)]
    [InlineData("surfactant", 0.05, 0)]
    public void Small_targets_skip_the_fast_phases(string channel, double target, int slow)
    {
        var (runner, doser) = Station();
        runner.Dose(channel, target, 0.005);
        Assert.Equal(slow, doser.Result.Phases & (DosePhase.Fast | DosePhase.Slow));
        Assert.NotEqual(0, doser.Result.Phases & DosePhase.Dribble);
    }

    [Theory]
    [InlineData(1.02, true)]
    [InlineData(0.98, false)]
    public void A_fast_phase_is_started_only_when_it_would_run_its_minimum_before_the_lead(double ofThreshold, bool fast)
    {
        var (runner, doser) = Station();
        var s = ReferenceStation.ChannelSettings(runner.Rig.Parameters)[runner.Rig.Parameters.ChannelIndex("crosslinker")];
        Assert.True(Doser.MinPhaseS > s.FastLeadS, "the minimum phase, not twice the lead, sets this threshold");
        double tolerance = 0.01;
        double aim = ofThreshold * s.FastFlowGramsPerS * (s.FastLeadS + Doser.MinPhaseS);
        runner.Dose("crosslinker", aim + s.AimBelowFraction * tolerance, tolerance);
        Assert.Equal(fast, (doser.Result.Phases & DosePhase.Fast) != 0);
        Assert.NotEqual(0, doser.Result.Phases & DosePhase.Slow);
    }

    [Fact]
    public void Zero_tracking_is_off_while_dosing_and_restored_after()
    {
        var (runner, doser) = Station();
        var scale = doser.Scale;
        Assert.True(scale.ZeroTrackingEnabled);
        bool offDuring = true;
        runner.Dose("pag", 2, 0.01, duringDose: _ => offDuring &= !scale.ZeroTrackingEnabled || !doser.IsRunning);
        Assert.True(offDuring);
        Assert.True(scale.ZeroTrackingEnabled);
    }
}
