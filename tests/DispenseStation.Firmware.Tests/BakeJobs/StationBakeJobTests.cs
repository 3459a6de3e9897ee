using System.Text;
using DispenseStation.Firmware.BakeJobs;
using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Tests.Station;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Bake;
using DispenseStation.Protocol.Messages;
using DispenseStation.Simulation.BakeJobs;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Firmware.Tests.BakeJobs;

/// <summary>The station runs bake jobs on the simulated plate: commands, PackML, wafer events, refusals.</summary>
public class StationBakeJobTests
{
    private static (StationHarness, HotplateRig) OnSimulatedPlate(double startC = 110, Action<HotplateParameters>? adjust = null)
    {
        var parameters = HotplateParameters.LoadDefault();
        var tuningParameters = HotplateParameters.LoadDefault();
        adjust?.Invoke(parameters);
        var rig = new HotplateRig(parameters, seed: 7, startC);
        var tuning = WaferDownScenario.Tuning(tuningParameters, 110);
        var h = new StationHarness(hotplate: clock =>
            {
                var controller = new HotplateController(rig.Sensor, rig.Heater, new HotplateConfig());
                controller.ApplyTuning(tuning, TuningRule.SimcPid);
                return new ThermalHotplateProcess(controller, clock, 16);
            },
            beforeTick: () => rig.Advance(StationHarness.TickMs));
        h.Run(1);
        return (h, rig);
    }

    private static CommandMessage Job(int wafers = 2, double setpointC = 110) => new()
    {
        Name = CommandNames.BakeJob,
        Job = new BakeJobSpec
        {
            JobId = "J-7", Profile = "peb-110", ProfileVersion = 2, Wafers = wafers,
            Segments = [new DispenseStation.Protocol.Recipes.BakeSegment(setpointC, 0, 60, 0.3)], WaferHeatCapacityJPerK = 37, StableS = 10, PlaceTimeoutS = 60,
        },
    };

    private static List<BakeJobEvent> BakeEvents(StationHarness h) =>
        h.Link.Published.Where(p => p.Topic == Topics.Event(StationHarness.Id))
            .Select(p => Encoding.UTF8.GetBytes(p.Payload))
            .Select(b => BakeJobEvent.TryParse(b, 0, b.Length, out var e, out _) ? e : null)
            .Where(e => e != null).Select(e => e!).ToList();

    [Fact]
    public void Two_wafers_on_the_simulated_plate_are_seen_landing_timed_from_landing_and_recorded()
    {
        var (h, rig) = OnSimulatedPlate();
        var r = h.ResultFor(h.Send(Job()));
        Assert.True(r.Accepted, r.Reason);
        Assert.Equal(PackMlState.Execute, h.Station.State);
        Assert.Equal("J-7", h.LastState().BatchId);
        for (int wafer = 0; wafer < 2; wafer++)
        {
            int w = wafer;
            h.RunUntil(() => h.Station.BakeJob!.Phase == WaferPhase.Placing && h.Station.BakeJob.Wafer == w, 300);
            h.Run(3);
            double placedAtS = h.Clock.UptimeMs / 1000.0;
            rig.Plant.PlaceWafer(22);
            h.RunUntil(() => h.Station.BakeJob!.Phase == WaferPhase.Removing, 120);
            h.Run(1);
            rig.Plant.RemoveWafer();
            var removed = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.WaferRemoved, Wafer = wafer }));
            Assert.True(removed.Accepted, removed.Reason);
            var down = BakeEvents(h).Last(e => e.Phase == WaferPhases.Down);
            Assert.Equal(WaferDownSources.Signature, down.Source);
            Assert.InRange(down.DownAtMs / 1000.0 - placedAtS, -1.5, 1.5);
        }
        h.Run(1);
        Assert.Equal(PackMlState.Complete, h.Station.State);
        var events = BakeEvents(h);
        Assert.Equal(["started", "completed"], events.Where(e => e.Kind == EventKinds.BakeJob).Select(e => e.JobStatus));
        Assert.Equal(["place", "down", "remove", "done", "place", "down", "remove", "done"],
            events.Where(e => e.Kind == EventKinds.Wafer).Select(e => e.Phase));
        foreach (var done in events.Where(e => e.Phase == WaferPhases.Done))
        {
            Assert.Equal(WaferRemovals.OnTime, done.Removal);
            Assert.InRange(done.TimeOnPlateS, 60, 63);
            Assert.InRange(done.DipC, 0.5, 5);
            Assert.True(done.RecoverS > 5 && done.RecoverS < 60, $"recover {done.RecoverS}");
            Assert.Equal(110 * 60, done.IdealDoseCs, 3);
            Assert.True(done.DoseCs < done.IdealDoseCs + 110 * 3, "dose cannot exceed the plate's over the time on plate");
            Assert.True(done.DoseCs > 0.9 * done.IdealDoseCs, $"dose {done.DoseCs}");
        }
    }

    [Fact]
    public void A_draught_before_a_100mm_wafer_is_reported_down_then_withdrawn_and_the_wafer_after_it_is_timed_and_recorded()
    {
        var (h, rig) = OnSimulatedPlate(adjust: p =>
        {
            p.LidOpenConvectionFactor = 8;
            p.Wafer.HeatCapacityJPerK = 6.77; // 100 mm silicon, 0.525 mm
            p.Wafer.ToPlateWPerK = 2.25;
        });
        var job = Job(wafers: 1);
        job.Job!.WaferHeatCapacityJPerK = 6.77;
        job.Job.WaferTauS = 3;
        job.Job.PlaceTimeoutS = 180;
        Assert.True(h.ResultFor(h.Send(job)).Accepted);
        h.RunUntil(() => h.Station.BakeJob!.Phase == WaferPhase.Placing, 300);
        h.Run(20);
        rig.Plant.LidOpen = true;
        h.RunUntil(() => h.Station.BakeJob!.WithdrawnDowns == 1, 30);
        h.Run(10);
        rig.Plant.LidOpen = false;
        Assert.Equal(WaferPhase.Placing, h.Station.BakeJob!.Phase);
        Assert.Equal(PackMlState.Execute, h.Station.State);
        var withdrawn = BakeEvents(h).Single(e => e.Phase == WaferPhases.DownWithdrawn);
        Assert.Equal(WaferDownSources.Signature, withdrawn.Source);
        Assert.StartsWith("wafer-down withdrawn: ", withdrawn.Message);
        Assert.Equal(withdrawn.DownAtMs, BakeEvents(h).Single(e => e.Phase == WaferPhases.Down).DownAtMs);
        h.Run(40);
        double placedAtS = h.Clock.UptimeMs / 1000.0;
        rig.Plant.PlaceWafer(22);
        h.RunUntil(() => h.Station.BakeJob!.Phase == WaferPhase.Removing, 120);
        Assert.Equal(1, h.Station.BakeJob!.WithdrawnDowns); // for this wafer: the draught before it
        Assert.Equal(1, h.Station.BakeJob.JobWithdrawnDowns);
        rig.Plant.RemoveWafer();
        Assert.True(h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.WaferRemoved, Wafer = 0 })).Accepted);
        h.Run(1);
        var events = BakeEvents(h);
        Assert.Equal(["place", "down", "down-withdrawn", "down", "remove", "done"],
            events.Where(e => e.Kind == EventKinds.Wafer).Select(e => e.Phase));
        var down = events.Last(e => e.Phase == WaferPhases.Down);
        Assert.InRange(down.DownAtMs / 1000.0 - placedAtS, -1.5, 1.5);
        Assert.InRange(events.Single(e => e.Phase == WaferPhases.Done).TimeOnPlateS, 60, 63);
        Assert.Equal(PackMlState.Complete, h.Station.State);
    }

    [Fact]
    public void After_a_withdrawal_the_operators_already_down_back_dates_the_wafer_down_and_without_one_it_is_refused()
    {
        var (h, rig) = OnSimulatedPlate(adjust: p => p.LidOpenConvectionFactor = 8);
        var job = Job(wafers: 1);
        job.Job!.WaferHeatCapacityJPerK = 6.77; // a 100 mm profile: a strong draught is provisional, then withdrawn
        job.Job.WaferTauS = 3;
        job.Job.PlaceTimeoutS = 180;
        Assert.True(h.ResultFor(h.Send(job)).Accepted);
        h.RunUntil(() => h.Station.BakeJob!.Phase == WaferPhase.Placing, 300);
        var refused = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.WaferDown, Wafer = 0, AlreadyDown = true }));
        Assert.False(refused.Accepted);
        Assert.Equal("wafer-down: wafer 0 has no withdrawn wafer-down to back-date to; press wafer-down without already-down to time it from now", refused.Reason);
        h.Run(20);
        rig.Plant.LidOpen = true;
        h.RunUntil(() => h.Station.BakeJob!.WithdrawnDowns == 1, 30);
        rig.Plant.LidOpen = false;
        h.Run(2);
        var withdrawn = BakeEvents(h).Single(e => e.Phase == WaferPhases.DownWithdrawn);
        var r = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.WaferDown, Wafer = 0, AlreadyDown = true }));
        Assert.True(r.Accepted, r.Reason);
        var down = BakeEvents(h).Last(e => e.Phase == WaferPhases.Down);
        Assert.Equal(WaferDownSources.OperatorBackdated, down.Source);
        Assert.Equal(withdrawn.DownAtMs, down.DownAtMs);
        Assert.Equal((h.Clock.UptimeMs - withdrawn.DownAtMs) / 1000.0, down.DetectLagS, 1);
        Assert.Equal(WaferPhase.Baking, h.Station.BakeJob!.Phase);
    }

    // Issue 15: the detector carried its own copy of the heat path's lags (4.4 s, 2.5 + 1.5 s) beside the hotplate's
    // (ElementLagS 4.4, ReadingLagS 4.0) for the same plate. It now balances with the plate model's: change the
    // hotplate's and the detector follows.
    [Theory]
    [InlineData(4.4, 4.0)]
    [InlineData(3.1, 5.2)]
    public void The_detector_balances_with_the_plate_models_heat_path_lags(double elementLagS, double readingLagS)
    {
        var rig = new HotplateRig(HotplateParameters.LoadDefault(), seed: 7, 110);
        var tuning = WaferDownScenario.Tuning(HotplateParameters.LoadDefault(), 110);
        ThermalHotplateProcess? process = null;
        var h = new StationHarness(hotplate: clock =>
            {
                var controller = new HotplateController(rig.Sensor, rig.Heater, new HotplateConfig { ElementLagS = elementLagS, ReadingLagS = readingLagS });
                controller.ApplyTuning(tuning, TuningRule.SimcPid);
                return process = new ThermalHotplateProcess(controller, clock, 16);
            },
            beforeTick: () => rig.Advance(StationHarness.TickMs));
        h.Run(1);
        Assert.True(h.ResultFor(h.Send(Job(wafers: 1))).Accepted);
        var detector = h.Station.BakeJob!.Detector;
        Assert.True(detector.ExpectedJ > 0, "the balance runs");
        Assert.Equal(process!.ElementLagS, detector.ElementLagS);
        Assert.Equal(process.ReadingLagS, detector.ReadingLagS, 9);
        Assert.Equal(elementLagS, detector.ElementLagS);
        Assert.Equal(readingLagS, detector.ReadingLagS, 9);
    }

    [Fact]
    public void A_bake_job_is_refused_while_an_alarm_is_active_or_an_autotune_runs_or_a_job_runs()
    {
        var (h, _) = OnSimulatedPlate();
        h.HeaterInterlock.IsActive = true;
        h.Run(0.5);
        var r = h.ResultFor(h.Send(Job()));
        Assert.False(r.Accepted);
        Assert.StartsWith("bake-job: alarm ", r.Reason);
        h.HeaterInterlock.IsActive = false;
        h.Run(0.5);
        Assert.True(h.ResultFor(h.Send(Job())).Accepted);
        var again = h.ResultFor(h.Send(Job()));
        Assert.False(again.Accepted);
        Assert.StartsWith("bake-job: start is not allowed in Execute", again.Reason);
    }

    [Fact]
    public void A_setpoint_above_the_station_limit_is_refused_naming_the_segment()
    {
        var (h, _) = OnSimulatedPlate();
        var r = h.ResultFor(h.Send(Job(setpointC: 185)));
        Assert.False(r.Accepted);
        Assert.Equal("job.segments[0].setpointC: 185.0 °C is above this plate's limit 180.0 °C", r.Reason);
        Assert.Equal(PackMlState.Idle, h.Station.State);
    }

    [Fact]
    public void Abort_ends_the_job_with_an_event_naming_the_wafer_it_cut_and_the_heater_off()
    {
        var (h, rig) = OnSimulatedPlate();
        h.Send(Job());
        h.RunUntil(() => h.Station.BakeJob!.Phase == WaferPhase.Placing, 300);
        Assert.True(h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.WaferDown, Wafer = 0 })).Accepted);
        h.Run(5);
        h.Send(CommandNames.Abort);
        h.Run(0.5);
        Assert.Equal(PackMlState.Aborted, h.Station.State);
        var end = BakeEvents(h).Last();
        Assert.Equal(BakeJobStatuses.Aborted, end.JobStatus);
        Assert.StartsWith("aborted; wafer 0 was on the plate for ", end.Message);
        Assert.Equal(0, h.HotplateProcess.HeaterDuty);
        Assert.Null(h.Station.BakeJob);
        var late = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.WaferRemoved, Wafer = 0 }));
        Assert.Equal("wafer-removed: no bake job is running", late.Reason);
    }

    [Fact]
    public void Ticks_allocate_nothing_while_a_wafer_bakes()
    {
        var (h, rig) = OnSimulatedPlate();
        h.Send(Job(1));
        h.RunUntil(() => h.Station.BakeJob!.Phase == WaferPhase.Placing, 300);
        rig.Plant.PlaceWafer(22);
        h.RunUntil(() => h.Station.BakeJob!.Phase == WaferPhase.Baking, 30);
        h.Run(1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) h.Station.Tick();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
