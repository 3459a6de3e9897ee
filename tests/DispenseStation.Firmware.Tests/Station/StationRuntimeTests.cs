using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Tests.Station;

public class StationRuntimeTests
{
    [Fact]
    public void Boots_idle_and_publishes_retained_online_state()
    {
        var h = new StationHarness();
        h.Step();
        var state = h.LastState();
        Assert.True(state.Online);
        Assert.Equal("Idle", state.PackMlState);
        Assert.True(h.Link.Published.Single(p => p.Topic.EndsWith("/state")).Retain);
    }

    [Fact]
    public void Runs_a_whole_batch_and_reports_every_step()
    {
        var h = new StationHarness();
        var id = h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        Assert.True(h.ResultFor(id).Accepted);

        h.RunUntil(() => h.Events().Any(e => e.Kind == EventKinds.Prompt), 600);
        Assert.Equal(PackMlState.Execute, h.Station.State);
        var confirm = h.Send(CommandNames.Confirm, stepIndex: 5);
        Assert.True(h.ResultFor(confirm).Accepted, h.ResultFor(confirm).Reason);
        h.RunUntil(() => h.Station.State == PackMlState.Complete, 600);

        var events = h.Events();
        Assert.Equal(EventKinds.BatchStarted, events.First().Kind);
        Assert.Equal(EventKinds.BatchCompleted, events.Last().Kind);
        Assert.Equal(Enumerable.Range(0, 7), events.Where(e => e.Kind == EventKinds.StepCompleted).Select(e => e.StepIndex));
        var doses = events.Where(e => e.Kind == EventKinds.DoseResult).ToList();
        Assert.Equal(new[] { 0, 1 }, doses.Select(d => d.Channel));
        Assert.All(doses, d => Assert.True(d.Success && Math.Abs(d.ErrorGrams) <= 0.01));
        Assert.Equal(2, events.Count(e => e.Kind == EventKinds.BakeSegment));
        Assert.Equal(44.5, h.Dosing.NetGrams, 6);
        // Sequence numbers only grow, across every topic.
        var seqs = events.Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal("Complete", h.LastState().PackMlState);

        var reset = h.Send(CommandNames.Reset);
        Assert.True(h.ResultFor(reset).Accepted);
        h.Step();
        Assert.Equal(PackMlState.Idle, h.Station.State);
    }

    [Theory]
    [InlineData("channel", "steps[1].channel: 6 is not fitted (station has channels 0..5)")]
    [InlineData("plate", "steps[6].bake[1].setpointC: must be 0..180.000 C (station limit)")]
    [InlineData("bottle", "maxBottleGrams: 5000.000 g exceeds the station limit of 1000.000 g")]
    [InlineData("tolerance", "steps[2].toleranceGrams: must be at least 0.005 g (scale resolution)")]
    public void A_recipe_over_the_station_limits_is_rejected_and_changes_nothing(string fault, string reason)
    {
        var h = new StationHarness();
        h.Step();
        var recipe = StationHarness.SampleRecipe();
        switch (fault)
        {
            case "channel": recipe.Steps[1].Channel = 6; break;
            case "plate": recipe.Steps[6].Bake[1].SetpointC = 250; break;
            case "bottle": recipe.MaxBottleGrams = 5000; break;
            case "tolerance": recipe.Steps[2].ToleranceGrams = 0.001; break;
        }
        int writes = h.Files.Writes;
        var id = h.Send(CommandNames.Start, recipe);
        var result = h.ResultFor(id);
        Assert.False(result.Accepted);
        Assert.Equal("recipe." + reason, result.Reason);
        Assert.Equal(PackMlState.Idle, h.Station.State);
        Assert.Equal(writes, h.Files.Writes);
        Assert.Empty(h.Dosing.DosesStarted);
        Assert.Null(h.Station.BatchId);
    }

    [Fact]
    public void A_re_delivered_command_is_answered_again_but_applied_once()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe(), id: "start-1");
        h.Run(1);
        h.Send(CommandNames.Hold, id: "hold-1");
        h.Run(1);
        Assert.Equal(PackMlState.Held, h.Station.State);
        h.Send(CommandNames.Unhold, id: "unhold-1");
        h.Run(1);
        Assert.Equal(PackMlState.Execute, h.Station.State);

        // The gateway re-sends hold-1 (QoS 1 re-delivery): same answer, no second hold.
        h.Send(CommandNames.Hold, id: "hold-1");
        h.Run(1);
        Assert.Equal(PackMlState.Execute, h.Station.State);
        var answers = h.Results().Where(r => r.Id == "hold-1").ToList();
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.True(a.Accepted));
        Assert.Single(h.Events(), e => e.Kind == EventKinds.BatchStarted);
    }

    [Fact]
    public void Illegal_and_malformed_commands_are_rejected_with_a_reason()
    {
        var h = new StationHarness();
        var unhold = h.Send(CommandNames.Unhold);
        Assert.Equal("unhold is not allowed in Idle (allowed in Held)", h.ResultFor(unhold).Reason);
        var confirm = h.Send(CommandNames.Confirm, stepIndex: 0);
        Assert.StartsWith("confirm is only accepted in Execute", h.ResultFor(confirm).Reason);
        var resume = h.Send(CommandNames.Resume);
        Assert.Equal("no interrupted batch to resume", h.ResultFor(resume).Reason);

        h.Link.Deliver("dispense/v1/st-1/cmd/start", "{\"id\":\"bad-1\",\"recipe\":{\"batchId\":7}}");
        h.Step();
        var bad = h.ResultFor("bad-1");
        Assert.False(bad.Accepted);
        Assert.Contains("batchId", bad.Reason);

        h.Link.Deliver("dispense/v1/other/cmd/start", "{\"id\":\"x\"}");
        h.Step();
        Assert.Equal(1, h.Station.ForeignMessages);
        Assert.Equal(PackMlState.Idle, h.Station.State);
    }

    [Fact]
    public void A_dose_fault_holds_and_unhold_tops_up_only_what_is_missing()
    {
        var h = new StationHarness();
        h.Dosing.NoFlowAfterGrams = 15;
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.RunUntil(() => h.Station.State == PackMlState.Held, 120);
        var fail = h.Events().Single(e => e.Kind == EventKinds.DoseResult);
        Assert.False(fail.Success);
        Assert.Equal(15, fail.ActualGrams, 6);
        Assert.Contains(h.Events(), e => e.Kind == EventKinds.AlarmRaised && e.AlarmCode == "no-flow");
        Assert.Contains("no-flow", h.LastState().ActiveAlarms);

        h.Send(CommandNames.Unhold);
        h.RunUntil(() => h.Events().Count(e => e.Kind == EventKinds.DoseResult) == 2, 120);
        var ok = h.Events().Where(e => e.Kind == EventKinds.DoseResult).Last();
        Assert.True(ok.Success);
        Assert.Equal(40, ok.ActualGrams, 6);
        Assert.Equal(25, h.Dosing.DosesStarted[1].Target, 6);
        Assert.Contains(h.Events(), e => e.Kind == EventKinds.AlarmCleared && e.AlarmCode == "no-flow");
        Assert.DoesNotContain("no-flow", h.LastState().ActiveAlarms);
    }

    [Fact]
    public void EStop_aborts_and_clear_waits_for_its_release()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.Run(3);
        Assert.True(h.Dosing.IsDosing);
        h.EStop.IsActive = true;
        h.Step();
        h.Step();
        Assert.Equal(PackMlState.Aborted, h.Station.State);
        Assert.False(h.Dosing.IsDosing);
        Assert.Contains(h.Events(), e => e.Kind == EventKinds.AlarmRaised && e.AlarmCode == "estop" && e.Severity == "critical");
        Assert.Contains(h.Events(), e => e.Kind == EventKinds.BatchAborted);

        var clear = h.Send(CommandNames.Clear);
        Assert.Equal("clear: e-stop is still active", h.ResultFor(clear).Reason);
        h.EStop.IsActive = false;
        h.Step();
        Assert.True(h.ResultFor(h.Send(CommandNames.Clear)).Accepted);
        h.Step();
        Assert.Equal(PackMlState.Stopped, h.Station.State);
        Assert.True(h.ResultFor(h.Send(CommandNames.Reset)).Accepted);
        h.Step();
        Assert.Equal(PackMlState.Idle, h.Station.State);
    }

    [Fact]
    public void Pump_interlock_holds_a_dose_and_unhold_is_refused_while_it_is_active()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.Run(3);
        h.PumpInterlock.IsActive = true;
        h.Step(); h.Step();
        Assert.Equal(PackMlState.Held, h.Station.State);
        Assert.False(h.Dosing.IsDosing);
        var unhold = h.Send(CommandNames.Unhold);
        Assert.Equal("unhold: pump interlock is active", h.ResultFor(unhold).Reason);
        h.PumpInterlock.IsActive = false;
        h.Step();
        Assert.True(h.ResultFor(h.Send(CommandNames.Unhold)).Accepted);
        h.RunUntil(() => h.Events().Any(e => e.Kind == EventKinds.DoseResult && e.Success), 120);
    }

    [Fact]
    public void A_hold_during_the_bake_leaves_the_wafer_baking_and_unhold_finishes_the_batch()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.RunUntil(() => h.Events().Any(e => e.Kind == EventKinds.Prompt), 300);
        h.Send(CommandNames.Confirm, stepIndex: 5);
        h.RunUntil(() => h.Hotplate.IsRunning, 10);
        h.Send(CommandNames.Hold);
        h.Step();
        Assert.Equal(PackMlState.Held, h.Station.State);
        h.Run(30);
        Assert.True(h.Hotplate.IsRunning, "a hold does not cut a bake short");
        h.Send(CommandNames.Unhold);
        h.RunUntil(() => h.Station.State == PackMlState.Complete, 600);
        Assert.Equal(1, h.Hotplate.ProgramsStarted);
    }

    [Fact]
    public void Heater_interlock_during_the_bake_turns_the_heater_off_and_holds()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.RunUntil(() => h.Events().Any(e => e.Kind == EventKinds.Prompt), 300);
        h.Send(CommandNames.Confirm, stepIndex: 5);
        h.RunUntil(() => h.Hotplate.IsRunning, 10);
        h.HeaterInterlock.IsActive = true;
        h.Step(); h.Step();
        Assert.False(h.Hotplate.IsRunning);
        Assert.Equal(0, h.Hotplate.HeaterDuty);
        Assert.Equal(PackMlState.Held, h.Station.State);
        Assert.Contains("heater-interlock", h.LastState().ActiveAlarms);
        Assert.Equal("unhold: heater interlock is active", h.ResultFor(h.Send(CommandNames.Unhold)).Reason);
        h.HeaterInterlock.IsActive = false;
        h.Step();
        Assert.True(h.ResultFor(h.Send(CommandNames.Unhold)).Accepted);
        h.RunUntil(() => h.Station.State == PackMlState.Complete, 600);
        Assert.Equal(2, h.Hotplate.ProgramsStarted);
    }

    [Fact]
    public void Telemetry_follows_the_configured_rate()
    {
        var h = new StationHarness(new StationConfig { StationId = StationHarness.Id, TelemetryPeriodMs = 200 });
        h.Run(10);
        var t = h.Telemetry();
        Assert.InRange(t.Count, 49, 51);
        Assert.All(t, m => Assert.Equal(1, m.SampleCount));
        var slow = new StationHarness(new StationConfig { StationId = StationHarness.Id, TelemetryPeriodMs = 1000 });
        slow.Run(10);
        Assert.InRange(slow.Telemetry().Count, 9, 11);
    }

    [Fact]
    public void Steady_state_ticks_allocate_nothing()
    {
        var h = new StationHarness();
        var recipe = StationHarness.SampleRecipe();
        recipe.Steps[1].TargetGrams = 400; recipe.MaxBottleGrams = 900;
        recipe.Steps[1].TimeoutS = 3600;
        h.Send(CommandNames.Start, recipe);
        h.Run(5); // into the long dose, telemetry flowing
        Assert.True(h.Dosing.IsDosing);
        h.Link.Record = false; // the fake's own bookkeeping would allocate
        int publishedBefore = h.Link.PublishCount;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            h.Clock.Advance(StationHarness.TickMs);
            h.Station.Tick();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(h.Dosing.IsDosing);
        Assert.True(h.Link.PublishCount - publishedBefore >= 500, "telemetry was published during the measurement");
        Assert.Equal(0, allocated);
    }
}

public class StationMemoryTests
{
    [Fact]
    public void The_runtime_with_default_limits_fits_the_esp32_heap_budget()
    {
        var h = new StationHarness();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var station = new StationRuntime(h.Ports(), new StationConfig { StationId = StationHarness.Id });
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        // DESIGN section 8: about 100 KB of managed heap on the ESP32. Measured here on 64-bit .NET
        // (references and headers twice nanoFramework's): ~52 KB, of which outbox 16, recipe 12, telemetry 6.
        Assert.InRange(bytes, 1, 56 * 1024);
        GC.KeepAlive(station);
    }
}
