using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Tests.Station.Fakes;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Tests.Station;

public class RecoveryTests
{
    [Fact]
    public void Reboot_mid_dose_comes_up_held_interrupted_with_exact_progress_and_resume_tops_up()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe("B-7"));
        // Into the second dose (PAG, 4.5 g at 2 g/s): 1.5 s in, ~3 g dosed.
        h.RunUntil(() => h.Station.StepIndex == 2 && h.Dosing.NetGrams >= 43.0, 120);
        double inBottle = h.Dosing.NetGrams;

        var after = h.Reboot();
        after.Step();
        Assert.Equal(PackMlState.Held, after.Station.State);
        Assert.True(after.Station.Interrupted);
        Assert.Equal("B-7", after.Station.BatchId);
        Assert.Equal(2, after.Station.StepIndex);
        Assert.Equal(40, after.Station.StepGrams[1], 6);
        // The tare survived the reboot through the progress record: same net mass.
        Assert.Equal(inBottle, after.Dosing.NetGrams, 6);

        var state = after.LastState();
        Assert.True(state.Interrupted);
        Assert.Equal("Held", state.PackMlState);
        Assert.Equal(2, state.StepIndex);
        var interrupted = after.Events().Single(e => e.Kind == EventKinds.BatchInterrupted);
        Assert.Equal("B-7", interrupted.BatchId);
        Assert.Equal(2, interrupted.StepIndex);
        Assert.Contains("[1]=40.0000", interrupted.Message);

        var resume = after.Send(CommandNames.Resume);
        Assert.True(after.ResultFor(resume).Accepted, after.ResultFor(resume).Reason);
        after.RunUntil(() => after.Events().Any(e => e.Kind == EventKinds.DoseResult), 60);
        var dose = after.Events().Single(e => e.Kind == EventKinds.DoseResult);
        Assert.True(dose.Success, string.Join("\n", after.Link.Published.Select(p => p.Payload)));
        Assert.Equal(4.5, dose.ActualGrams, 6);
        // Only the missing part was pumped after the reboot.
        Assert.Equal(4.5 - (inBottle - 40), after.Dosing.DosesStarted.Single().Target, 6);
        Assert.Contains(after.Events(), e => e.Kind == EventKinds.BatchResumed);
        Assert.False(after.Station.Interrupted);
    }

    [Fact]
    public void A_bottle_found_lighter_after_a_reboot_is_not_topped_up_blindly()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.RunUntil(() => h.Station.StepIndex == 2 && h.Dosing.NetGrams >= 42, 120);
        h.Dosing.Bottle.GrossGrams = 120; // someone swapped in an empty bottle while the power was off

        var after = h.Reboot();
        after.Step();
        after.Send(CommandNames.Resume);
        after.RunUntil(() => after.Station.State == PackMlState.Held, 30);
        Assert.Empty(after.Dosing.DosesStarted);
        Assert.Contains(after.Events(), e => e.Kind == EventKinds.AlarmRaised && e.AlarmCode == "bottle-changed");
        Assert.True(after.ResultFor(after.Send(CommandNames.Abort)).Accepted);
    }

    [Fact]
    public void Reboot_then_abort_ends_the_batch_and_a_second_reboot_is_clean()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.Run(5);
        var after = h.Reboot();
        after.Step();
        Assert.Equal(PackMlState.Held, after.Station.State);
        Assert.True(after.ResultFor(after.Send(CommandNames.Abort)).Accepted);
        after.Step();
        Assert.Equal(PackMlState.Aborted, after.Station.State);
        Assert.Contains(after.Events(), e => e.Kind == EventKinds.BatchAborted);

        var third = after.Reboot();
        third.Step();
        Assert.Equal(PackMlState.Idle, third.Station.State);
        Assert.False(third.Station.Interrupted);
        Assert.DoesNotContain(third.Events(), e => e.Kind == EventKinds.BatchInterrupted);
    }

    [Fact]
    public void A_power_cut_during_the_progress_write_recovers_the_previous_step()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.RunUntil(() => h.Station.StepIndex == 1 && h.Dosing.NetGrams > 39, 120);
        // The dose finishes on the next ticks; its progress save is torn half-way by the power cut.
        h.Files.TearNextWriteAfter(30);
        h.RunUntil(() => h.Files.TornWrites == 1, 10);

        var after = h.Reboot();
        after.Step();
        Assert.Equal(PackMlState.Held, after.Station.State);
        Assert.Equal(1, after.Station.StepIndex); // the record before the torn one: dose step 1 in progress
        Assert.True(after.Station.Interrupted);

        // Resuming re-weighs: the bottle already holds the full 40 g, so nothing more is pumped.
        after.Send(CommandNames.Resume);
        after.RunUntil(() => after.Events().Any(e => e.Kind == EventKinds.DoseResult), 30);
        var dose = after.Events().First(e => e.Kind == EventKinds.DoseResult);
        Assert.True(dose.Success);
        Assert.Equal(40, dose.ActualGrams, 6);
        Assert.Empty(after.Dosing.DosesStarted);
    }

    [Fact]
    public void Learned_parameters_survive_a_reboot_without_a_batch()
    {
        var h = new StationHarness();
        h.Hotplate.LearnedGain = 3.25;
        h.Dosing.InFlight = 0.0375;
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.Run(1);
        h.Send(CommandNames.Abort);
        h.Run(1);
        var after = h.Reboot();
        Assert.Equal(3.25, after.Hotplate.LearnedGain);
        Assert.Equal(0.0375, after.Dosing.InFlight);
        Assert.Equal(PackMlState.Idle, after.Station.State);
    }

    [Fact]
    public void An_unreadable_recipe_record_reports_the_interruption_and_forces_an_abort()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe("B-9"));
        h.Run(5);
        h.Files.Delete("recipe.a");
        h.Files.Delete("recipe.b");
        var after = h.Reboot();
        after.Step();
        Assert.Equal(PackMlState.Aborted, after.Station.State);
        var e = after.Events().Single(ev => ev.Kind == EventKinds.BatchInterrupted);
        Assert.Equal("B-9", e.BatchId);
        Assert.Contains("recipe record is unreadable", e.Message);
    }

    [Fact]
    public void A_storage_failure_at_start_rejects_the_batch_and_changes_nothing()
    {
        var files = new BrokenFileStore();
        var h = new StationHarness(files: null);
        var broken = new StationHarness(new StationConfig { StationId = StationHarness.Id }, files: null);
        // Re-create the station over a store whose writes always fail.
        var ports = broken.Ports();
        ports.Files = files;
        var station = new StationRuntime(ports, broken.Config);
        broken.Link.Deliver("dispense/v1/st-1/cmd/start", StartJson());
        for (int i = 0; i < 3; i++)
        {
            broken.Clock.Advance(100);
            station.Worker.RunOnce(); // parses the start, then (next pass) fails to write its records
            station.Tick();
        }
        var result = broken.Results().Single();
        Assert.False(result.Accepted);
        Assert.StartsWith("storage: recipe could not be saved", result.Reason);
        Assert.Equal(PackMlState.Idle, station.State);
        Assert.Null(station.BatchId);
    }

    private static string StartJson()
    {
        var cmd = new CommandMessage { Id = "s1", Name = CommandNames.Start, Recipe = StationHarness.SampleRecipe() };
        var w = new DispenseStation.Protocol.Json.JsonWriter(8192);
        int n = cmd.WriteTo(w);
        return System.Text.Encoding.UTF8.GetString(w.Buffer, 0, n);
    }

    private sealed class BrokenFileStore : DispenseStation.Firmware.Ports.IFileStore
    {
        public byte[] Read(string name) => null!;
        public void Write(string name, byte[] data, int length) => throw new IOException("flash full");
        public void Delete(string name) { }
    }
}
