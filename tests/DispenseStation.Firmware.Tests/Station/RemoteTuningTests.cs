using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Tests.Station.Fakes;
using DispenseStation.Firmware.Tests.Thermal;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Protocol.Messages;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Firmware.Tests.Station;

/// <summary>set-gains and autotune over the station's command path: accepted only at rest, validated
/// (a rejected command changes nothing), reported as tuning events, persisted across a reboot.</summary>
public class RemoteTuningTests
{
    private static readonly PidGains Initial = new(0.2, 50, 4);

    /// <summary>A station whose hotplate is the real controller on a fake sensor at 25 °C.</summary>
    private static StationHarness OnFakePlate(FaultyFileStore? files = null) => new(files: files, hotplate: clock =>
    {
        var controller = new HotplateController(new FakeSensor { Celsius = 25 }, new FakeHeater(), new HotplateConfig());
        controller.SetGains(Initial);
        return new ThermalHotplateProcess(controller, clock, 16);
    });

    /// <summary>A station whose hotplate is the real controller on the simulated documented plate (seed 5), booted.</summary>
    private static StationHarness OnSimulatedPlate(out HotplateRig rig)
    {
        var parameters = HotplateParameters.LoadDefault();
        var plant = new HotplateRig(parameters, seed: 5, parameters.AmbientC);
        rig = plant;
        var h = new StationHarness(hotplate: clock => new ThermalHotplateProcess(
                new HotplateController(plant.Sensor, plant.Heater, new HotplateConfig()), clock, 16),
            beforeTick: () => plant.Advance(StationHarness.TickMs));
        h.Run(1);
        return h;
    }

    private static HotplateController Controller(StationHarness h) => ((ThermalHotplateProcess)h.HotplateProcess).Controller;

    private static CommandMessage Gains(double kp, double ti, double td) =>
        new() { Name = CommandNames.SetGains, Kp = kp, Ti = ti, Td = td };

    private static List<EventMessage> Tuning(StationHarness h) => h.Events().Where(e => e.Kind == EventKinds.Tuning).ToList();

    [Fact]
    public void Current_gains_are_reported_after_boot_and_after_a_reconnect()
    {
        var h = OnFakePlate();
        h.Run(1);
        var first = Assert.Single(Tuning(h));
        Assert.Equal(TuningStatuses.Current, first.Status);
        Assert.Equal(0.2, first.Kp, 6);
        Assert.Equal(50, first.Ti, 3);
        Assert.Equal(4, first.Td, 3);

        h.Link.Disconnect();
        h.Run(1);
        h.Link.Reconnect();
        h.Run(1);
        Assert.Equal(2, Tuning(h).Count(e => e.Status == TuningStatuses.Current));
    }

    [Fact]
    public void Set_gains_in_idle_applies_reports_and_survives_a_reboot()
    {
        var h = OnFakePlate();
        h.Run(1);
        string id = h.Send(Gains(0.0734, 88.2, 1.5));

        var result = h.ResultFor(id);
        Assert.True(result.Accepted, result.Reason);
        Assert.Equal(0.0734, Controller(h).Pid.Kp, 9);
        var applied = Tuning(h).Last();
        Assert.Equal(TuningStatuses.Applied, applied.Status);
        Assert.Equal(88.2, applied.Ti, 3);

        var after = h.Reboot();
        after.Run(1);
        Assert.Equal(0.0734, Controller(after).Pid.Kp, 9);
        Assert.Equal(88.2, Controller(after).Pid.Ti, 9);
        Assert.Equal(1.5, Controller(after).Pid.Td, 9);
        Assert.Equal(0.0734, Tuning(after).Single().Kp, 6);
    }

    [Fact]
    public void Tuning_commands_are_rejected_while_a_batch_runs_and_change_nothing()
    {
        var h = OnFakePlate();
        h.Run(1);
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.Run(1);
        Assert.Equal(PackMlState.Execute, h.Station.State);

        var gains = h.ResultFor(h.Send(Gains(0.5, 10, 0)));
        Assert.False(gains.Accepted);
        Assert.Equal("set-gains is only accepted in Idle, Complete, Stopped or Aborted (now Execute)", gains.Reason);
        var tune = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 110 }));
        Assert.False(tune.Accepted);
        Assert.StartsWith("autotune is only accepted in Idle", tune.Reason);

        Assert.Equal(0.2, Controller(h).Pid.Kp, 12);
        Assert.False(h.Station.AutotuneRunning);
        Assert.DoesNotContain(Tuning(h), e => e.Status != TuningStatuses.Current);

        h.Send(CommandNames.Hold);
        h.Run(1);
        var held = h.ResultFor(h.Send(Gains(0.5, 10, 0)));
        Assert.False(held.Accepted);
        Assert.Contains("(now Held)", held.Reason);
    }

    [Fact]
    public void Tuning_is_accepted_again_once_the_batch_is_aborted()
    {
        var h = OnFakePlate();
        h.Run(1);
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.Run(1);
        h.Send(CommandNames.Abort);
        h.Run(1);
        Assert.Equal(PackMlState.Aborted, h.Station.State);
        var r = h.ResultFor(h.Send(Gains(0.3, 60, 0)));
        Assert.True(r.Accepted, r.Reason);
        Assert.Equal(0.3, Controller(h).Pid.Kp, 12);
    }

    [Fact]
    public void Autotune_limits_outside_the_plate_rules_are_rejected_whole()
    {
        var h = OnFakePlate();
        h.Run(1);
        var cutoff = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 110, MaxC = 250 }));
        Assert.False(cutoff.Accepted);
        Assert.Equal("autotune: maxC must be below the safety cut-off 200.0 °C", cutoff.Reason);
        var setpoint = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 190 }));
        Assert.False(setpoint.Accepted);
        Assert.Contains("targetC must be at most the plate's maximum setpoint", setpoint.Reason);
        var low = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 25 }));
        Assert.False(low.Accepted);
        Assert.Contains("SetpointC must be at least 10 °C above AmbientC", low.Reason);
        Assert.False(h.Station.AutotuneRunning);
        Assert.Equal(HotplateState.Idle, Controller(h).State);
    }

    [Fact]
    public void Abort_ends_a_running_autotune_with_the_heater_off_and_a_failed_report()
    {
        var h = OnFakePlate();
        h.Run(1);
        var r = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 110 }));
        Assert.True(r.Accepted, r.Reason);
        h.Run(2);
        Assert.True(h.Station.AutotuneRunning);
        var start = h.ResultFor(h.Send(CommandNames.Start, StationHarness.SampleRecipe()));
        Assert.False(start.Accepted);
        Assert.Contains("autotune is running", start.Reason);
        var gains = h.ResultFor(h.Send(Gains(0.5, 10, 0)));
        Assert.False(gains.Accepted);

        h.Send(CommandNames.Abort);
        h.Run(1);
        Assert.False(h.Station.AutotuneRunning);
        Assert.Equal(0, Controller(h).Duty);
        var failed = Tuning(h).Last();
        Assert.Equal(TuningStatuses.AutotuneFailed, failed.Status);
        Assert.Equal("autotune failed: aborted", failed.Message);
        Assert.Equal(0.2, failed.Kp, 6);
    }

    [Fact]
    public void Heater_interlock_stops_an_autotune()
    {
        var h = OnFakePlate();
        h.Run(1);
        h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 110 });
        h.Run(1);
        h.HeaterInterlock.IsActive = true;
        h.Run(1);
        Assert.False(h.Station.AutotuneRunning);
        Assert.Equal(TuningStatuses.AutotuneFailed, Tuning(h).Last().Status);
    }

    [Fact]
    public void Autotune_on_the_simulated_plate_applies_its_rule_reports_results_and_persists()
    {
        var h = OnSimulatedPlate(out var rig);
        var r = h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 110, Rule = TuningRuleNames.TyreusLuyben, MaxC = 135 }));
        Assert.True(r.Accepted, r.Reason);
        Assert.Equal(TuningStatuses.AutotuneStarted, Tuning(h).Last().Status);

        h.RunUntil(() => !h.Station.AutotuneRunning, maxSeconds: 1900);
        h.Step();
        var done = Tuning(h).Last();
        Assert.True(done.Status == TuningStatuses.AutotuneSucceeded, done.Message);
        Assert.Equal(TuningRuleNames.TyreusLuyben, done.Rule);
        var result = ((ThermalHotplateProcess)h.HotplateProcess).LastAutotune;
        var expected = TuningRules.Compute(result, TuningRule.TyreusLuyben);
        Assert.Equal(expected.Kp, done.Kp, 5);
        Assert.Equal(expected.Ti, done.Ti, 2);
        Assert.Equal(result.UltimateGain, done.Ku, 5);
        Assert.Equal(result.UltimatePeriodS, done.PuS, 2);
        Assert.True(done.ModelGainCPerDuty > 0 && done.TauS > 0 && done.DeadTimeS > 0);
        Assert.Equal(expected.Kp, Controller(h).Pid.Kp, 9);
        Assert.Equal(0, Controller(h).Duty);
        Assert.True(rig.Plant.PlateC < 135);
        Assert.InRange(result.DurationS, 60, 1800);
        Assert.True(result.CyclesMeasured >= 3, $"cycles {result.CyclesMeasured}");

        var after = h.Reboot();
        after.Run(1);
        Assert.Equal(expected.Kp, Controller(after).Pid.Kp, 9);
        Assert.Equal(Controller(h).FeedForward.GainCPerDuty, Controller(after).FeedForward.GainCPerDuty, 9);
    }

    [Fact]
    public void A_running_autotune_reports_each_relay_cycle_with_the_cycles_to_go_and_the_last_cycle_length()
    {
        var h = OnSimulatedPlate(out var rig);
        Assert.True(h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 110, MaxC = 135 })).Accepted);
        h.RunUntil(() => !h.Station.AutotuneRunning, maxSeconds: 1900);
        h.Step();

        var tuning = Tuning(h);
        var progress = tuning.Where(e => e.Status == TuningStatuses.AutotuneProgress).ToList();
        var result = ((ThermalHotplateProcess)h.HotplateProcess).LastAutotune;
        Assert.Equal(TuningStatuses.AutotuneSucceeded, tuning.Last().Status);
        // One report per completed cycle but the last (that one ends the autotune and is reported as its outcome).
        Assert.Equal(Enumerable.Range(1, progress.Count), progress.Select(e => e.CyclesDone));
        var settings = new AutotuneSettings();
        Assert.True(progress.Count >= settings.SettlingCycles + settings.MeasuredCycles - 1, $"{progress.Count} progress reports");
        // Cycles to go count down to the last one; the lengths reported are the relay period the result is built from.
        Assert.Equal(1, progress.Last().CyclesRemaining);
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.Second.CyclesRemaining <= p.First.CyclesRemaining));
        foreach (var p in progress.Skip(settings.SettlingCycles))
            Assert.InRange(p.PuS, 0.8 * result.UltimatePeriodS, 1.25 * result.UltimatePeriodS);
        // The gains before the autotune ride along (a tuning event always names the gains in use).
        Assert.All(progress, p => Assert.Equal(tuning[0].Kp, p.Kp));
    }

    [Fact]
    public void A_reconnect_during_an_autotune_reports_progress_not_current_gains()
    {
        var h = OnSimulatedPlate(out var rig);
        Assert.True(h.ResultFor(h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 110, MaxC = 135 })).Accepted);
        h.Run(30);
        Assert.True(h.Station.AutotuneRunning);
        int before = Tuning(h).Count;

        h.Link.Disconnect();
        h.Run(1);
        h.Link.Reconnect();
        h.Run(1);

        var report = Assert.Single(Tuning(h).Skip(before));
        Assert.Equal(TuningStatuses.AutotuneProgress, report.Status);
        Assert.Equal(Tuning(h)[0].Kp, report.Kp);
        Assert.True(h.Station.AutotuneRunning);
    }

    [Fact]
    public void Station_ticks_allocate_nothing_while_an_autotune_runs()
    {
        // A first-order plate stepped inline (the simulation's own code is not what is measured here).
        var sensor = new FakeSensor { Celsius = 25 };
        HotplateController controller = null!;
        var h = new StationHarness(hotplate: clock =>
        {
            controller = new HotplateController(sensor, new FakeHeater(), new HotplateConfig());
            return new ThermalHotplateProcess(controller, clock, 16);
        });
        void Tick()
        {
            sensor.Celsius += (controller.Duty * 250 - (sensor.Celsius - 22)) * StationHarness.TickMs / 1000.0 / 600.0;
            h.Clock.Advance(StationHarness.TickMs);
            h.Station.Tick();
        }
        h.Run(1);
        h.Send(new CommandMessage { Name = CommandNames.Autotune, TargetC = 110 });
        for (int i = 0; i < 100; i++) Tick();
        Assert.True(h.Station.AutotuneRunning, controller.Fault.ToString());
        h.Link.Record = false; // the fake's own bookkeeping would allocate
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Tick();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(h.Station.AutotuneRunning, controller.Fault.ToString());
        Assert.True(sensor.Celsius > 40, $"plate at {sensor.Celsius:0.0} °C: the autotune is heating");
        Assert.Equal(0, allocated);

        // Through relay cycles too: each completed cycle sends an autotune-progress event from the tick.
        while (controller.AutotuneCyclesDone < 1 && h.Station.AutotuneRunning) Tick();
        before = GC.GetAllocatedBytesForCurrentThread();
        while (controller.AutotuneCyclesDone < 3 && h.Station.AutotuneRunning) Tick();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(h.Station.AutotuneRunning && controller.AutotuneCyclesDone == 3, controller.Fault.ToString());
        Assert.Equal(0, allocated);
    }
}
