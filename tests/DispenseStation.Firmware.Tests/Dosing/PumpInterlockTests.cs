using DispenseStation.Firmware.Dosing;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>Pump power only inside a dose; liquid arriving between doses is a pump running with no command.</summary>
public class PumpInterlockTests
{
    private static (DoseRunner runner, Doser doser) Station(int seed = 9)
    {
        var runner = DosingStations.Project(DosingPlantParameters.LoadDefault(), seed);
        return (runner, ((ProjectDoseController)runner.Controller).Doser);
    }

    private static void Idle(DoseRunner runner, Doser doser, double seconds, Action<double>? each = null)
    {
        long start = runner.Rig.Clock.UptimeMs;
        for (long t = 0; t < seconds * 1000; t += 10)
        {
            runner.Rig.Step(10);
            doser.Tick();
            each?.Invoke((runner.Rig.Clock.UptimeMs - start) / 1000.0);
        }
    }

    [Fact]
    public void Power_is_on_only_while_a_dose_runs()
    {
        var (runner, doser) = Station();
        var power = runner.Rig.PumpPower;
        Assert.False(power.IsEnabled);
        bool onDuring = true;
        runner.Dose("pag", 2, 0.01, duringDose: _ => onDuring &= power.IsEnabled || !doser.IsRunning);
        Assert.True(onDuring);
        Assert.False(power.IsEnabled);
        Assert.Equal(2, power.Switchings);
    }

    [Fact]
    public void A_driver_stuck_on_stops_pumping_when_the_dose_is_aborted()
    {
        var (runner, doser) = Station();
        var pump = runner.Rig.Pumps[runner.Rig.Parameters.ChannelIndex("solvent")];
        runner.Dose("solvent", 60, 0.05, duringDose: t =>
        {
            if (t >= 2) pump.StuckAtSpeed = 1.0;
            if (t >= 3) doser.Abort();
        });
        double atAbort = pump.DeliveredGrams + pump.InTransitGrams;
        Idle(runner, doser, 30);
        // Without the relay the stuck driver pumped 36 g more in 30 s; with it, only the motor's run-down.
        Assert.InRange(pump.DeliveredGrams + pump.InTransitGrams - atAbort, 0, 0.3);
        Assert.Equal(0, doser.IdleFault);
    }

    [Theory]
    [InlineData("solvent")]
    [InlineData("pag")]
    [InlineData("quencher")]
    public void Weight_rising_between_doses_cuts_the_power_within_half_a_second_and_names_the_pump(string channel)
    {
        var (runner, doser) = Station();
        int ch = runner.Rig.Parameters.ChannelIndex(channel);
        var o = runner.Dose(channel, channel == "quencher" ? 0.08 : 2, channel == "quencher" ? 0.005 : 0.01);
        Assert.True(o.Succeeded);
        Idle(runner, doser, 5);
        Assert.Equal(0, doser.IdleFault);

        var pump = runner.Rig.Pumps[ch];
        runner.Rig.PumpPower.WeldedOn = true;   // the relay contact welded...
        runner.Rig.PumpPower.Apply();
        pump.StuckAtSpeed = 1.0;                // ...and the driver shorted on
        double landedBefore = pump.DeliveredGrams;
        double risingAtS = double.NaN;
        Idle(runner, doser, 3, t =>
        {
            if (double.IsNaN(risingAtS) && pump.DeliveredGrams - landedBefore > 0.001) risingAtS = t;
        });
        Assert.Equal(DoseFault.PumpRunaway, doser.IdleFault);
        Assert.Equal(ch, doser.RunawayChannel);
        Assert.Equal($"pump {ch + 1} runs with no command: check its driver", doser.IdleFaultMessage);
        Assert.False(runner.Rig.PumpPower.IsEnabled);
        Assert.All(runner.Rig.Pumps, p => Assert.Equal(0, p.CommandedSpeed));
        double detectedAfterRiseS = (doser.RunawayDetectedMs - (runner.Rig.Clock.UptimeMs - 3000)) / 1000.0 - risingAtS;
        Assert.InRange(detectedAfterRiseS, 0, 0.5);
    }

    [Fact]
    public void A_bottle_put_down_or_a_bump_between_doses_is_not_a_runaway()
    {
        var (runner, doser) = Station();
        runner.Dose("pag", 2, 0.01);
        Idle(runner, doser, 3);
        runner.Rig.Bump(5, 4000);
        Idle(runner, doser, 8);
        runner.Rig.ReferenceMassGrams = 100;
        Idle(runner, doser, 5);
        Assert.Equal(0, doser.IdleFault);
    }

    [Fact]
    public void A_whole_batch_with_pauses_raises_no_runaway()
    {
        var (runner, doser) = Station(seed: 4);
        foreach (var c in ReferenceStation.ResistBatch)
        {
            var o = runner.Dose(c.Channel, c.TargetGrams, c.ToleranceGrams);
            Assert.True(o.Succeeded, $"{c.Channel}: {o.Fault}");
            Idle(runner, doser, 4);
            Assert.Equal(0, doser.IdleFault);
        }
    }

    [Fact]
    public void The_next_dose_clears_the_runaway()
    {
        var (runner, doser) = Station();
        var pump = runner.Rig.Pumps[runner.Rig.Parameters.ChannelIndex("pag")];
        runner.Rig.PumpPower.WeldedOn = true;
        runner.Rig.PumpPower.Apply();
        pump.StuckAtSpeed = 0.5;
        Idle(runner, doser, 3);
        Assert.Equal(DoseFault.PumpRunaway, doser.IdleFault);
        Assert.Equal("a pump runs with no command: check the pump drivers", doser.IdleFaultMessage);
        pump.StuckAtSpeed = null;
        runner.Rig.PumpPower.WeldedOn = false;
        runner.Rig.PumpPower.Apply();
        Idle(runner, doser, 3);
        Assert.True(runner.Dose("pag", 2, 0.01).Succeeded);
        Assert.Equal(0, doser.IdleFault);
        Assert.Null(doser.IdleFaultMessage);
    }

    [Theory]
    [InlineData(0.006)]
    [InlineData(5.0)]
    [InlineData(500.0)]
    public void One_step_of_any_size_anywhere_in_the_window_is_not_flow(double step)
    {
        for (int at = 0; at < 40; at++)
        {
            var watch = new PumpRunawayWatch(32, 0.005);
            for (int i = 0; i < 80; i++) Assert.False(watch.Add(i >= at ? step : 0), $"step at {at}, sample {i}");
        }
    }

    [Fact]
    public void A_step_larger_than_any_pump_adds_is_not_flow_even_when_vibration_lifts_the_other_quarters()
    {
        // Four quarters of 8 samples; the step lands mid-quarter 1 and a burst lifts quarter 3 by 8 mg:
        // every rise is over the 5 mg minimum, but the 2.5 g ones are more than a 0.3 g/quarter pump adds.
        var watch = new PumpRunawayWatch(32, 0.005, 0.3);
        var bare = new PumpRunawayWatch(32, 0.005);
        bool tripped = false, bareTripped = false;
        for (int i = 0; i < 32; i++)
        {
            double g = (i >= 12 ? 5.0 : 0) + (i >= 24 ? 0.008 : 0);
            tripped |= watch.Add(g);
            bareTripped |= bare.Add(g);
        }
        Assert.True(bareTripped, "without a ceiling the step and the burst read as flow");
        Assert.False(tripped);
    }

    [Fact]
    public void A_steady_rise_at_the_ceiling_is_flow_and_just_over_it_is_not()
    {
        var at = new PumpRunawayWatch(32, 0.005, 0.3);
        var over = new PumpRunawayWatch(32, 0.005, 0.3);
        bool atTripped = false, overTripped = false;
        for (int i = 0; i < 64; i++)
        {
            atTripped |= at.Add(i * 0.2999 / 8);
            overTripped |= over.Add(i * 0.3001 / 8);
        }
        Assert.True(atTripped);
        Assert.False(overTripped);
    }

    [Fact]
    public void A_steady_rise_just_over_the_minimum_per_quarter_is_flow_and_just_under_is_not()
    {
        var over = new PumpRunawayWatch(32, 0.005);
        var under = new PumpRunawayWatch(32, 0.005);
        bool tripped = false, falsely = false;
        for (int i = 0; i < 64; i++)
        {
            tripped |= over.Add(i * 0.0051 / 8);
            falsely |= under.Add(i * 0.0049 / 8);
        }
        Assert.True(tripped);
        Assert.False(falsely);
    }
}
