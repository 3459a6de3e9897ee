using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Simulation.Tests.Thermal;

public class ClosedLoopTests
{
    private static readonly HotplateParameters P = HotplateParameters.LoadDefault();
    private static readonly Lazy<AutotuneResult> Tuning = new(() => StepHoldScenario.RunAutotune(P, 5, 110));

    private static (ThermalLoop Loop, HotplateController Plate) Tuned(int seed, double startC = 25)
    {
        var rig = new HotplateRig(P, seed, startC);
        var plate = new HotplateController(rig.Sensor, rig.Heater, new HotplateConfig());
        plate.ApplyTuning(Tuning.Value, TuningRule.SimcPid);
        var loop = new ThermalLoop(rig, plate);
        loop.Run(0.1);
        return (loop, plate);
    }

    [Fact]
    public void Post_apply_and_post_exposure_bake_then_cool_down_completes_with_guaranteed_soak()
    {
        var (loop, plate) = Tuned(11);
        plate.SetProgram(
        [
            BakeSegment.Ramp(100, 1.0, 0.5), BakeSegment.Hold(100, 60, 0.3),
            BakeSegment.Ramp(110, 0.2, 0.5), BakeSegment.Hold(110, 60, 0.2),
            BakeSegment.Cool(60),
        ]);
        plate.StartProgram();
        double inBand100 = 0, inBand110 = 0;
        loop.RunUntil(3600, () =>
        {
            // Count independently what the program claims: time in band during each hold, on the
            // observer's estimate (what the program and PID act on).
            if (plate.Program.Status == BakeProgramStatus.Running && loop.Rig.Clock.UptimeMs % 100 == 0)
            {
                double t = plate.PlateEstimateC;
                if (plate.Program.SegmentIndex == 1 && Math.Abs(t - 100) <= 0.3) inBand100 += 0.1;
                if (plate.Program.SegmentIndex == 3 && Math.Abs(t - 110) <= 0.2) inBand110 += 0.1;
            }
            return plate.State != HotplateState.Running;
        });
        Assert.Equal(HotplateState.Completed, plate.State);
        Assert.Equal(ThermalFault.None, plate.Fault);
        // The tick that completes a hold also moves to the next segment, so the outside count misses it.
        Assert.InRange(inBand100, 59.85, 60.3);
        Assert.InRange(inBand110, 59.85, 60.3);
        Assert.True(plate.TemperatureC <= 60.1);
        Assert.Equal(0, loop.Rig.Heater.AppliedDuty);
        // The holds taught the feed-forward the duty that holds 100 °C on this plate.
        double trueDuty100 = loop.Rig.Plant.LossW(100) / P.HeaterPowerW;
        Assert.InRange(plate.FeedForward.DutyFor(100, 0), trueDuty100 * 0.9, trueDuty100 * 1.1);
    }

    [Fact]
    public void Changing_gains_while_holding_does_not_bump_the_heater()
    {
        var (loop, plate) = Tuned(15);
        plate.SetProgram([BakeSegment.Hold(110, 3600, 0.2)]);
        plate.StartProgram();
        loop.RunUntil(600, () => false);
        double before = plate.Duty;
        plate.SetGains(TuningRules.Compute(Tuning.Value, TuningRule.TyreusLuyben));
        loop.Run(0.1);
        // One tick of noise moves the duty by a few hundredths; a bump would be P or I of a different size.
        Assert.InRange(plate.Duty - before, -0.05, 0.05);
        // A bump would show in the plate within a few dead times.
        double worst = 0;
        loop.RunUntil(640, () => { worst = Math.Max(worst, Math.Abs(loop.Rig.Plant.PlateC - 110)); return false; });
        Assert.True(worst < 0.15, $"worst {worst:F3} °C after the gain change");
    }

    [Fact]
    public void Time_outside_the_band_during_a_hold_is_reported_and_not_counted()
    {
        var (loop, plate) = Tuned(12);
        plate.SetProgram([BakeSegment.Hold(110, 400, 0.2)]);
        plate.StartProgram();
        loop.RunUntil(400, () => false);
        double heldBefore = plate.Program.CurrentHeldS;
        double outsideBefore = plate.Program.OutsideBandS(0);
        Assert.True(heldBefore > 100);
        loop.Rig.Plant.PlaceWafer(22); // knocks the plate out of the band for a while
        loop.Run(120);
        double outside = plate.Program.OutsideBandS(0) - outsideBefore;
        Assert.InRange(outside, 5, 110);
        Assert.Equal(120, plate.Program.CurrentHeldS - heldBefore + outside, 1);
    }

    [Fact]
    public void Lid_open_and_supply_sag_during_a_hold_are_rejected_to_within_half_a_degree()
    {
        var (loop, plate) = Tuned(13);
        plate.SetProgram([BakeSegment.Hold(110, 3600, 0.2)]);
        plate.StartProgram();
        loop.RunUntil(500, () => false);
        loop.Rig.Plant.LidOpen = true;
        loop.Rig.Plant.SupplyVoltageFactor = 0.9;
        double worst = 0;
        loop.RunUntil(900, () => { worst = Math.Max(worst, Math.Abs(loop.Rig.Plant.PlateC - 110)); return false; });
        Assert.Equal(ThermalFault.None, plate.Fault);
        Assert.True(worst < 0.5, $"worst {worst:F3} °C");
        Assert.InRange(loop.Rig.Plant.PlateC, 109.8, 110.2);
    }

    [Fact]
    public void Autotune_on_the_simulated_plate_reports_what_it_found_and_leaves_the_heater_off()
    {
        var rig = new HotplateRig(P, 21, P.AmbientC);
        var plate = new HotplateController(rig.Sensor, rig.Heater, new HotplateConfig());
        var loop = new ThermalLoop(rig, plate);
        loop.Run(0.1);
        plate.StartAutotune(new AutotuneSettings { SetpointC = 100, AmbientC = P.AmbientC, MaxTemperatureC = 120 });
        loop.RunUntil(2000, () => plate.State != HotplateState.Autotuning);
        var r = plate.Autotune.Result;
        Assert.Equal(AutotuneStatus.Succeeded, r.Status);
        Assert.True(r.UltimateGain > 0 && r.UltimatePeriodS > 0 && r.CyclesMeasured >= 3);
        Assert.Equal(HotplateState.Idle, plate.State);
        Assert.Equal(0, rig.Heater.AppliedDuty);
        var zn = TuningRules.Compute(r, TuningRule.ZieglerNichols);
        var tl = TuningRules.Compute(r, TuningRule.TyreusLuyben);
        Assert.True(tl.Kp < zn.Kp);
    }

    [Fact]
    public void Same_seed_same_run_different_seed_different_noise()
    {
        double[] Run(int seed)
        {
            var (loop, plate) = Tuned(seed);
            plate.SetProgram([BakeSegment.Hold(110, 3600, 0.2)]);
            plate.StartProgram();
            loop.Run(300);
            return loop.Trace.MeasuredC.ToArray();
        }
        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Fact]
    public void Control_tick_allocates_nothing_in_closed_loop()
    {
        var (loop, plate) = Tuned(14);
        plate.SetProgram([BakeSegment.Ramp(110, 1, 0.3), BakeSegment.Hold(110, 3600, 0.2)]);
        plate.StartProgram();
        loop.Run(1);
        var rig = loop.Rig;
        long allocated = 0;
        for (int i = 0; i < 300_000; i++) // 50 simulated minutes
        {
            long now = rig.Clock.UptimeMs;
            if (now % 100 == 0)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                plate.Tick(now);
                plate.Safety.CheckWatchdog(now);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            rig.Step();
            if (i == 150_000) rig.Plant.PlaceWafer(22);
        }
        Assert.Equal(ThermalFault.None, plate.Fault);
        Assert.Equal(0, allocated);
    }
}
