using DispenseStation.Firmware.BakeJobs;
using DispenseStation.Firmware.Tests.Station.Fakes;
using DispenseStation.Protocol.Bake;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Tests.BakeJobs;

/// <summary>The bake job's per-wafer state machine over the wafer-timed runner, in 100 ms steps.</summary>
public class BakeJobTests
{
    private sealed class Recorder : IBakeJobEvents
    {
        public List<string> Log { get; } = [];
        public BakeJob? Job { get; set; }
        public List<(string Removal, double OnPlate, string Source)> Done { get; } = [];
        public void PlaceWafer(int wafer) => Log.Add($"place {wafer}");
        public void WaferDown(int wafer, string source, long landingMs, double detectLagS) => Log.Add($"down {wafer} {source}");
        public void WaferDownTimeout(int wafer) => Log.Add($"timeout {wafer}");
        public void WaferDownWithdrawn(int wafer, long landingMs, string why) => Log.Add($"withdrawn {wafer}");
        public void RemoveWafer(int wafer) => Log.Add($"remove {wafer}");
        public void WaferDone(int wafer)
        {
            Log.Add($"done {wafer} {Job!.LastRemoval}");
            Done.Add((Job.LastRemoval, Job.LastTimeOnPlateS, Job.LastSource));
        }
    }

    private sealed class Rig
    {
        public RunnerPlate Plate { get; } = new();
        public Recorder Events { get; } = new();
        public FakeInput? Present { get; }
        public BakeJob Job { get; }
        public long NowMs { get; private set; } = 1000;
        public double PlateC { get; set; } = 110;

        public Rig(bool withInput = false)
        {
            Present = withInput ? new FakeInput() : null;
            Job = new BakeJob(Plate, Events, Present, new WaferDownSettings());
            Events.Job = Job;
        }

        /// <summary>With a plate heat capacity set: a plate held by a steady 100 W against a steady 100 W loss,
        /// less this extra loss (W, at uptime ms), read without lag or noise.</summary>
        public Func<long, double>? ExtraLossW { get; set; }

        public void BalancePlate(double heatCapacityJPerK)
        {
            Plate.HeaterW = 100;
            Plate.PlateHeatCapacityJPerK = heatCapacityJPerK;
        }

        public bool Step()
        {
            NowMs += 100;
            if (Plate.PlateHeatCapacityJPerK > 0 && ExtraLossW != null) PlateC -= ExtraLossW(NowMs) * 0.1 / Plate.PlateHeatCapacityJPerK;
            Plate.Runner.Tick(0.1, PlateC, 0.3);
            Plate.WaferFrameC = PlateC;
            return Job.Tick(NowMs);
        }

        public void Run(double seconds)
        {
            for (int i = 0; i < (int)Math.Round(seconds * 10); i++) Step();
        }
    }

    // A 100 mm silicon wafer (SEMI thickness) from 22 °C, on a 0.1 mm gap.
    private static BakeJobSpec WaferSpec(double placeTimeoutS) => new()
    {
        JobId = "J-2", Wafers = 1, Segments = [new BakeSegment(110, 0, 60, 0.3)],
        StableS = 10, PlaceTimeoutS = placeTimeoutS, RemoveGraceS = 3, WaferHeatCapacityJPerK = 6.77, WaferTauS = 3, WaferC = 22,
    };

    private static Func<long, double> Draught(long fromMs, double watts, double seconds) =>
        t => t >= fromMs && t < fromMs + (long)(seconds * 1000) ? watts : 0;

    // The wafer's extra loss: C_w (110 - 22) / tau e^(-t/tau), all of its 596 J.
    private static Func<long, double> Wafer(long landingMs) =>
        t => t < landingMs ? 0 : 6.77 * 88 / 3 * Math.Exp(-(t - landingMs) / 3000.0);

    private static Rig Balanced(double placeTimeoutS)
    {
        var r = new Rig();
        r.BalancePlate(1500);
        Assert.Null(r.Job.Load(WaferSpec(placeTimeoutS), 180, r.NowMs));
        r.Run(10.1);
        Assert.Equal(WaferPhase.Placing, r.Job.Phase);
        r.Run(30); // the balance's steady loss warms up
        return r;
    }

    [Fact]
    public void A_draught_is_a_provisional_wafer_down_then_withdrawn_and_rolled_back_and_the_next_real_wafer_confirmed()
    {
        var r = Balanced(placeTimeoutS: 300);
        r.ExtraLossW = Draught(r.NowMs, 170, 30);
        for (int i = 0; i < 100 && r.Job.Phase == WaferPhase.Placing; i++) r.Step();
        Assert.Equal(["place 0", "down 0 signature"], r.Events.Log);
        Assert.True(r.Job.DownPending);
        Assert.True(r.Plate.Runner.WaferOnPlate);
        for (int i = 0; i < 300 && r.Job.Phase == WaferPhase.Baking; i++) r.Step();
        Assert.Equal(["place 0", "down 0 signature", "withdrawn 0"], r.Events.Log);
        Assert.Equal(WaferPhase.Placing, r.Job.Phase);
        Assert.False(r.Job.DownPending);
        Assert.Equal(1, r.Job.WithdrawnDowns);
        Assert.Equal(1, r.Plate.Rearms);
        Assert.False(r.Plate.Runner.WaferOnPlate);
        Assert.Equal(0, r.Plate.Runner.TimeOnPlateS);
        // 170 W for 30 s: past 1.5 x the wafer's 596 J within 6 s, before its loss could be judged as lasting.
        Assert.Equal(WaferDownDetector.WithdrawEnergy, r.Job.Detector.LastWithdrawReason);
        r.Run(60); // the rest of the draught and after it: nothing new
        Assert.Equal(3, r.Events.Log.Count);
        Assert.InRange(r.Job.Detector.SteadyLossW, 95, 105); // re-learnt after the draught: 100 W again
        long landing = r.NowMs;
        r.ExtraLossW = Wafer(landing);
        for (int i = 0; i < 150 && r.Job.Phase == WaferPhase.Placing; i++) r.Step();
        Assert.Equal("down 0 signature", r.Events.Log[^1]);
        for (int i = 0; i < 300 && r.Job.DownPending; i++) r.Step();
        Assert.False(r.Job.DownPending);
        Assert.Equal(WaferPhase.Baking, r.Job.Phase);
        Assert.InRange(r.Job.Detector.EnergyRatio, r.Job.Detector.Settings.EnergyLow, r.Job.Detector.Settings.EnergyHigh);
        // This plate reads without the RTD's lag the detector allows for: the landing comes out up to ~3 s early.
        Assert.True(r.Plate.Runner.TimeOnPlateS > (r.NowMs - landing) / 1000.0 - 3 && r.Plate.Runner.TimeOnPlateS < (r.NowMs - landing) / 1000.0 + 3,
            $"time on plate {r.Plate.Runner.TimeOnPlateS:F2} s, {(r.NowMs - landing) / 1000.0:F2} s since the landing");
        Assert.Equal(1, r.Job.JobWithdrawnDowns);
    }

    [Fact]
    public void A_withdrawal_keeps_the_place_prompts_timeout_it_does_not_restart_it()
    {
        var r = Balanced(placeTimeoutS: 60);
        long promptMs = r.NowMs - 30000;
        // A lid-like 60 W that stays: under 1.5 x the wafer's energy by the time its loss outlasts a wafer's.
        r.ExtraLossW = Draught(r.NowMs, 60, 100);
        for (int i = 0; i < 250 && !r.Events.Log.Contains("withdrawn 0"); i++) r.Step();
        Assert.Equal(["place 0", "down 0 signature", "withdrawn 0"], r.Events.Log);
        Assert.Equal(WaferDownDetector.WithdrawPersists, r.Job.Detector.LastWithdrawReason);
        while (r.NowMs - promptMs < 59900) r.Step();
        Assert.DoesNotContain("timeout 0", r.Events.Log);
        r.Run(0.2);
        Assert.Equal("timeout 0", r.Events.Log[^1]);
    }

    [Fact]
    public void The_operator_confirms_a_provisional_wafer_down_and_a_lasting_loss_then_withdraws_nothing()
    {
        var r = Balanced(placeTimeoutS: 300);
        r.ExtraLossW = Draught(r.NowMs, 170, 30);
        for (int i = 0; i < 100 && r.Job.Phase == WaferPhase.Placing; i++) r.Step();
        Assert.True(r.Job.DownPending);
        Assert.Null(r.Job.OperatorDown(0, false, r.NowMs));
        Assert.False(r.Job.DownPending);
        r.Run(40);
        Assert.Equal(["place 0", "down 0 signature"], r.Events.Log);
        Assert.Equal(WaferPhase.Baking, r.Job.Phase);
        Assert.Equal("wafer-down: wafer 0 is not waiting to be placed (baking)", r.Job.OperatorDown(0, false, r.NowMs));
    }

    // A lid-like 60 W that stays: provisional, then withdrawn as lasting; the withdrawn landing stays in LastLandingMs.
    private static Rig Withdrawn()
    {
        var r = Balanced(placeTimeoutS: 300);
        r.ExtraLossW = Draught(r.NowMs, 60, 100);
        for (int i = 0; i < 250 && !r.Events.Log.Contains("withdrawn 0"); i++) r.Step();
        Assert.Equal(["place 0", "down 0 signature", "withdrawn 0"], r.Events.Log);
        Assert.Equal(WaferPhase.Placing, r.Job.Phase);
        return r;
    }

    [Fact]
    public void Already_down_back_dates_to_the_withdrawn_landing_exactly_at_max_backdate()
    {
        var r = Withdrawn();
        long landing = r.Job.LastLandingMs;
        long press = landing + (long)(BakeJob.DefaultMaxBackdateS * 1000);
        Assert.True(press >= r.NowMs, "the withdrawal came after the limit");
        Assert.Null(r.Job.OperatorDown(0, true, press));
        Assert.Equal("down 0 operator-backdated", r.Events.Log[^1]);
        Assert.Equal(WaferDownSources.OperatorBackdated, r.Job.LastSource);
        Assert.Equal(landing, r.Job.LastLandingMs);
        Assert.Equal(BakeJob.DefaultMaxBackdateS, r.Job.LastDetectLagS, 9);
        Assert.Equal(WaferPhase.Baking, r.Job.Phase);
        // Time on plate counts from the withdrawn landing, not from the press.
        Assert.Equal(BakeJob.DefaultMaxBackdateS, r.Plate.LastAlready, 9);
    }

    [Fact]
    public void Already_down_is_refused_one_ms_past_max_backdate_and_nothing_changes()
    {
        var r = Withdrawn();
        long landing = r.Job.LastLandingMs;
        long press = landing + (long)(BakeJob.DefaultMaxBackdateS * 1000) + 1;
        Assert.Equal("wafer-down: wafer 0's withdrawn wafer-down landed 30.0 s ago, more than the profile's maxBackdateS 30.0 s; press wafer-down without already-down to time it from now",
            r.Job.OperatorDown(0, true, press));
        Assert.Equal(WaferPhase.Placing, r.Job.Phase);
        Assert.Equal(3, r.Events.Log.Count);
        // The plain button still works, timed from the press.
        Assert.Null(r.Job.OperatorDown(0, false, press));
        Assert.Equal("down 0 operator", r.Events.Log[^1]);
    }

    [Fact]
    public void Already_down_with_a_profile_limit_uses_that_limit()
    {
        var r = new Rig();
        r.BalancePlate(1500);
        var spec = WaferSpec(300);
        spec.MaxBackdateS = 45;
        Assert.Null(r.Job.Load(spec, 180, r.NowMs));
        r.Run(40.1);
        r.ExtraLossW = Draught(r.NowMs, 60, 100);
        for (int i = 0; i < 250 && !r.Events.Log.Contains("withdrawn 0"); i++) r.Step();
        long landing = r.Job.LastLandingMs;
        Assert.StartsWith("wafer-down: wafer 0's withdrawn wafer-down landed 45.0 s ago, more than the profile's maxBackdateS 45.0 s",
            r.Job.OperatorDown(0, true, landing + 45001));
        Assert.Null(r.Job.OperatorDown(0, true, landing + 45000));
    }

    [Fact]
    public void Already_down_without_a_withdrawn_wafer_down_is_refused_a_missed_detection_has_none()
    {
        var r = Balanced(placeTimeoutS: 20);
        r.Run(20); // nothing lands: the place prompt times out
        Assert.Equal("timeout 0", r.Events.Log[^1]);
        Assert.Equal("wafer-down: wafer 0 has no withdrawn wafer-down to back-date to; press wafer-down without already-down to time it from now",
            r.Job.OperatorDown(0, true, r.NowMs));
        Assert.Equal(WaferPhase.Placing, r.Job.Phase);
    }

    [Fact]
    public void Already_down_while_the_signature_is_provisional_confirms_it()
    {
        var r = Balanced(placeTimeoutS: 300);
        r.ExtraLossW = Draught(r.NowMs, 170, 30);
        for (int i = 0; i < 100 && r.Job.Phase == WaferPhase.Placing; i++) r.Step();
        Assert.True(r.Job.DownPending);
        Assert.Null(r.Job.OperatorDown(0, true, r.NowMs));
        Assert.False(r.Job.DownPending);
        Assert.Equal(WaferDownSources.Signature, r.Job.LastSource);
    }

    private static BakeJobSpec Spec(int wafers = 2, double holdS = 60) => new()
    {
        JobId = "J-1", Wafers = wafers, Segments = [new BakeSegment(110, 0, holdS, 0.3)],
        StableS = 10, PlaceTimeoutS = 30, RemoveGraceS = 3,
    };

    [Fact]
    public void Two_wafers_by_operator_buttons_run_place_down_remove_done_in_order()
    {
        var r = new Rig();
        Assert.Null(r.Job.Load(Spec(), 180, r.NowMs));
        r.Run(9.9);
        Assert.Equal(WaferPhase.Stabilising, r.Job.Phase); // not yet 10 s in band
        r.Run(0.2);
        Assert.Equal(WaferPhase.Placing, r.Job.Phase);
        Assert.Null(r.Job.OperatorDown(0, false, r.NowMs));
        r.Run(60);
        Assert.Equal(WaferPhase.Removing, r.Job.Phase);
        Assert.Null(r.Job.OperatorRemoved(0, r.NowMs));
        r.Run(10.1);
        Assert.Null(r.Job.OperatorDown(1, false, r.NowMs));
        r.Run(60);
        Assert.Null(r.Job.OperatorRemoved(1, r.NowMs));
        Assert.True(r.Step());
        Assert.Equal(["place 0", "down 0 operator", "remove 0", "done 0 on-time", "place 1", "down 1 operator", "remove 1", "done 1 on-time"], r.Events.Log);
        Assert.Equal(2, r.Job.WafersDone);
        Assert.All(r.Events.Done, d => Assert.InRange(d.OnPlate, 60, 60.2));
    }

    [Fact]
    public void The_plate_must_be_in_band_for_the_whole_stable_time_before_place_is_prompted()
    {
        var r = new Rig();
        r.Job.Load(Spec(), 180, r.NowMs);
        r.Run(8);
        r.PlateC = 110.31; // just outside the 0.3 band
        r.Step();
        r.PlateC = 110.3; // exactly on the band edge counts as in band
        r.Run(9.9);
        Assert.Equal(WaferPhase.Stabilising, r.Job.Phase);
        r.Run(0.2);
        Assert.Equal(WaferPhase.Placing, r.Job.Phase);
    }

    [Fact]
    public void Removal_within_the_grace_is_on_time_just_after_is_overbake_before_time_up_is_short()
    {
        foreach (var (afterUpS, expected) in new[] { (3.0, WaferRemovals.OnTime), (3.1, WaferRemovals.Overbake) })
        {
            var r = new Rig();
            r.Job.Load(Spec(1), 180, r.NowMs);
            r.Run(10.1);
            r.Job.OperatorDown(0, false, r.NowMs);
            r.Run(60);
            Assert.Equal(WaferPhase.Removing, r.Job.Phase);
            r.Run(afterUpS);
            r.Job.OperatorRemoved(0, r.NowMs);
            Assert.Equal(expected, r.Events.Done.Single().Removal);
        }
        var s = new Rig();
        s.Job.Load(Spec(1), 180, s.NowMs);
        s.Run(10.1);
        s.Job.OperatorDown(0, false, s.NowMs);
        s.Run(30);
        Assert.Null(s.Job.OperatorRemoved(0, s.NowMs));
        var done = s.Events.Done.Single();
        Assert.Equal(WaferRemovals.Short, done.Removal);
        Assert.Equal(30, done.OnPlate, 1);
        Assert.DoesNotContain("remove 0", s.Events.Log);
    }

    [Fact]
    public void A_wafer_down_never_seen_times_out_into_a_prompt_and_nothing_is_timed_until_the_operator_confirms()
    {
        var r = new Rig();
        r.Job.Load(Spec(1), 180, r.NowMs);
        r.Run(10.1);
        r.Run(29.8);
        Assert.DoesNotContain("timeout 0", r.Events.Log);
        r.Run(0.2);
        Assert.Contains("timeout 0", r.Events.Log);
        r.Run(100);
        Assert.Equal(WaferPhase.Placing, r.Job.Phase);
        Assert.Equal(0, r.Plate.Runner.TimeOnPlateS);
        Assert.Equal(1, r.Events.Log.Count(l => l == "timeout 0")); // prompted once, not every tick
        Assert.Null(r.Job.OperatorDown(0, false, r.NowMs));
        Assert.Equal(WaferPhase.Baking, r.Job.Phase);
    }

    [Fact]
    public void The_wafer_present_input_confirms_down_and_removal_when_fitted()
    {
        var r = new Rig(withInput: true);
        r.Job.Load(Spec(1), 180, r.NowMs);
        r.Run(10.1);
        r.Present!.IsActive = true;
        r.Step();
        Assert.Equal("down 0 input", r.Events.Log[1]);
        r.Run(20);
        r.Present.IsActive = false;
        r.Step();
        Assert.Equal((WaferRemovals.Short, "input"), (r.Events.Done.Single().Removal, r.Events.Done.Single().Source));
    }

    [Fact]
    public void A_steep_deep_drop_is_a_signature_wafer_down_and_its_landing_is_credited_to_time_on_plate()
    {
        var r = new Rig();
        r.Job.Load(Spec(1), 180, r.NowMs);
        r.Run(10.1);
        r.Run(5);
        // A cold wafer as the RTD sees it: flat, then falling 0.5 °C/s.
        for (int i = 0; i < 30 && r.Job.Phase == WaferPhase.Placing; i++)
        {
            r.PlateC -= 0.05;
            r.Step();
        }
        Assert.Equal("down 0 signature", r.Events.Log[1]);
        Assert.True(r.Plate.LastAlready > 2, $"credited {r.Plate.LastAlready} s");
    }

    [Fact]
    public void A_slow_sag_like_an_open_lid_is_not_a_wafer()
    {
        var r = new Rig();
        r.Job.Load(Spec(1), 180, r.NowMs);
        r.Run(10.1);
        for (int i = 0; i < 600; i++)
        {
            r.PlateC -= 0.004; // 0.04 °C/s for a minute: 2.4 °C in all
            r.Step();
        }
        Assert.Equal(WaferPhase.Placing, r.Job.Phase);
    }

    [Fact]
    public void Buttons_for_another_wafer_or_the_wrong_phase_are_refused_with_the_reason()
    {
        var r = new Rig();
        r.Job.Load(Spec(), 180, r.NowMs);
        Assert.Equal("wafer-down: wafer 0 is not waiting to be placed (stabilising)", r.Job.OperatorDown(0, false, r.NowMs));
        r.Run(10.1);
        Assert.Equal("wafer-down: wafer 1 is not the current wafer (0)", r.Job.OperatorDown(1, false, r.NowMs));
        Assert.Equal("wafer-removed: wafer 0 is not on the plate (place)", r.Job.OperatorRemoved(0, r.NowMs));
    }

    [Fact]
    public void A_setpoint_above_the_plate_limit_is_refused_and_the_plate_not_started()
    {
        var r = new Rig();
        var spec = Spec();
        spec.Segments = [new BakeSegment(180.1, 0, 60, 0.3)];
        Assert.Equal("job.segments[0].setpointC: 180.1 °C is above this plate's limit 180.0 °C", r.Job.Load(spec, 180, r.NowMs));
        Assert.Equal(WaferPhase.None, r.Job.Phase);
        spec.Segments = [new BakeSegment(180, 0, 60, 0.3)];
        Assert.Null(r.Job.Load(spec, 180, r.NowMs));
    }
}
