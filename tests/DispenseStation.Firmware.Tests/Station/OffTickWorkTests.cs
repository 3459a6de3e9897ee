using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station;
using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Tests.Station.Fakes;
using DispenseStation.Firmware.Tests.Thermal;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Tests.Station;

/// <summary>
/// Issue 11 part 6: no blocking work inside the tick. Commands are parsed and records written by the
/// station worker; the tick only takes parsed commands and posts records, and what must be on flash
/// before it is acted on waits for it without blocking. Asserted structurally (which calls happen
/// inside Tick, what the station does while a write is held), never by wall-clock time.
/// </summary>
public class OffTickWorkTests
{
    [Fact]
    public void Inside_the_tick_nothing_reads_or_writes_flash_or_takes_from_the_link_through_a_whole_batch()
    {
        var inTick = new InTick();
        var h = new StationHarness(store: files => new WatchedStore(files) { Guard = inTick });
        int receives = 0, receivesInsideTick = 0;
        h.Link.OnReceive = () => { receives++; if (inTick.Active) receivesInsideTick++; };
        // The worker's pass, then the tick, as the harness does; only the tick is watched.
        void Step()
        {
            h.Clock.Advance(StationHarness.TickMs);
            h.Station.Worker.RunOnce();
            inTick.Active = true;
            try { h.Station.Tick(); } finally { inTick.Active = false; }
        }

        h.Link.Deliver(DispenseStation.Protocol.Topics.Command(StationHarness.Id, CommandNames.Start), StartJson("s-1"));
        for (int i = 0; i < 5; i++) Step();
        Assert.Equal(PackMlState.Execute, h.Station.State);
        long limit = h.Clock.UptimeMs + 600_000;
        while (!h.Events().Any(e => e.Kind == EventKinds.Prompt) && h.Clock.UptimeMs < limit) Step();
        h.Link.Deliver(DispenseStation.Protocol.Topics.Command(StationHarness.Id, CommandNames.Confirm), "{\"id\":\"c-1\",\"stepIndex\":5}");
        while (h.Station.State != PackMlState.Complete && h.Clock.UptimeMs < limit) Step();

        Assert.Equal(PackMlState.Complete, h.Station.State);
        var store = (WatchedStore)h.Store;
        Assert.True(store.Writes >= 10, $"{store.Writes} writes");
        Assert.Equal(0, store.CallsInsideTick);
        Assert.True(receives > 0);
        Assert.Equal(0, receivesInsideTick);
    }

    [Fact]
    public void Each_step_acts_only_once_the_record_of_its_start_is_on_flash()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe("B-r"));
        h.RunUntil(() => h.Station.StepIndex == 1, 60);
        // Tick without the worker: the dose step posted its start but nothing wrote it.
        for (int i = 0; i < 20; i++) { h.Clock.Advance(StationHarness.TickMs); h.Station.Tick(); }
        Assert.Empty(h.Dosing.DosesStarted);
        Assert.Equal(PackMlState.Execute, h.Station.State);
        double netBefore = h.Dosing.NetGrams;

        h.Step(); // the worker writes it, then the tick starts the dose
        var dose = Assert.Single(h.Dosing.DosesStarted);
        Assert.Equal(40, dose.Target, 6);
        var record = StoredProgress(h.Files);
        Assert.True(record.BatchActive);
        Assert.Equal("B-r", record.BatchId);
        Assert.Equal(1, record.StepIndex);
        Assert.Equal(netBefore, record.StepStartNetGrams, 6); // the mass the dose starts from
    }

    [Fact]
    public void A_start_is_answered_once_its_recipe_and_first_record_are_on_flash()
    {
        var h = new StationHarness();
        h.Link.Deliver(DispenseStation.Protocol.Topics.Command(StationHarness.Id, CommandNames.Start), StartJson("s-9"));
        h.Station.Worker.RunOnce(); // parsed (the receive side)
        h.Clock.Advance(StationHarness.TickMs);
        h.Station.Tick();
        Assert.Equal(PackMlState.Starting, h.Station.State);
        Assert.Equal("s-9", h.Station.CommandAwaitingRecord);
        Assert.Empty(h.Results());
        Assert.Null(h.Files.Raw("recipe.a"));

        // Re-delivered while it waits: not applied twice, not answered twice.
        h.Link.Deliver(DispenseStation.Protocol.Topics.Command(StationHarness.Id, CommandNames.Start), StartJson("s-9"));
        h.Step(); // the worker parses the copy and writes both records; the tick answers
        Assert.NotNull(h.Files.Raw("recipe.a"));
        var answer = Assert.Single(h.Results());
        Assert.True(answer.Accepted, answer.Reason);
        Assert.Equal(PackMlState.Execute, h.Station.State);
        Assert.Single(h.Events(), e => e.Kind == EventKinds.BatchStarted);
    }

    [Fact]
    public void An_estop_while_a_start_waits_for_flash_rejects_it_and_no_batch_survives_a_reboot()
    {
        var h = new StationHarness();
        h.Link.Deliver(DispenseStation.Protocol.Topics.Command(StationHarness.Id, CommandNames.Start), StartJson("s-2"));
        h.Station.Worker.RunOnce();
        h.Clock.Advance(StationHarness.TickMs);
        h.Station.Tick();
        Assert.Equal(PackMlState.Starting, h.Station.State);

        h.EStop.IsActive = true;
        h.Clock.Advance(StationHarness.TickMs);
        h.Station.Tick(); // the worker has not run: the batch's records are still only posted
        var answer = Assert.Single(h.Results());
        Assert.False(answer.Accepted);
        Assert.Equal("start: aborted before the batch was stored", answer.Reason);
        Assert.DoesNotContain(h.Events(), e => e.Kind == EventKinds.BatchStarted || e.Kind == EventKinds.BatchAborted);
        Assert.Null(h.Station.BatchId);

        h.Step(); // the worker writes what is newest: no batch
        var after = h.Reboot();
        after.Step();
        Assert.False(after.Station.Interrupted);
        Assert.DoesNotContain(after.Events(), e => e.Kind == EventKinds.BatchInterrupted);
    }

    [Fact]
    public void A_step_whose_start_cannot_be_written_holds_before_acting_and_unhold_retries_it()
    {
        WatchedStore? store = null;
        var h = new StationHarness(store: files => store = new WatchedStore(files));
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.RunUntil(() => h.Station.StepIndex == 1, 60);
        store!.Fail = true;
        h.RunUntil(() => h.Station.State == PackMlState.Held, 5);
        Assert.Empty(h.Dosing.DosesStarted);
        Assert.Contains(h.Events(), e => e.Kind == EventKinds.AlarmRaised && e.AlarmCode == "record-not-stored");
        Assert.Contains(h.Events(), e => e.Kind == EventKinds.AlarmRaised && e.AlarmCode == "storage");
        Assert.StartsWith("storage: progress could not be saved", h.Station.StorageProblem);

        store.Fail = false;
        var unhold = h.Send(CommandNames.Unhold);
        Assert.True(h.ResultFor(unhold).Accepted, h.ResultFor(unhold).Reason);
        h.Run(1);
        Assert.Single(h.Dosing.DosesStarted);
        Assert.Null(h.Station.StorageProblem);
        Assert.Contains(h.Events(), e => e.Kind == EventKinds.AlarmCleared && e.AlarmCode == "storage");
    }

    [Fact]
    public void A_recipe_too_large_for_its_record_is_rejected_by_the_writer_without_a_storage_alarm()
    {
        var h = new StationHarness(new StationConfig { StationId = StationHarness.Id, MaxRecipeBytes = 512 });
        var id = h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        var answer = h.ResultFor(id);
        Assert.False(answer.Accepted);
        Assert.Equal("recipe: larger than the station's 512 byte limit", answer.Reason);
        Assert.Equal(PackMlState.Idle, h.Station.State);
        Assert.Null(h.Station.BatchId);
        Assert.Null(h.Station.StorageProblem);
        Assert.DoesNotContain(h.Events(), e => e.AlarmCode == "storage");
        h.Run(1);
        Assert.False(h.Reboot().Station.Interrupted);
    }

    [Fact]
    public void A_recipe_of_exactly_the_protocol_limit_is_stored_and_one_byte_over_is_refused()
    {
        // The default station keeps recipes of Limits.MaxRecipeBytes, the limit the gateway checks before it sends.
        Assert.Equal(Limits.MaxRecipeBytes, new StationConfig().MaxRecipeBytes);
        var h = new StationHarness();
        var id = h.Send(CommandNames.Start, RecipeOf(Limits.MaxRecipeBytes));
        Assert.True(h.ResultFor(id).Accepted, h.ResultFor(id).Reason);
        h.Run(1);
        // Stored whole: after a restart the station finds the batch and its recipe.
        var after = h.Reboot();
        Assert.True(after.Station.Interrupted);
        Assert.Equal("B-limit", after.Station.BatchId);

        var over = new StationHarness();
        var refused = over.Send(CommandNames.Start, RecipeOf(Limits.MaxRecipeBytes + 1));
        Assert.False(over.ResultFor(refused).Accepted);
        Assert.Equal($"recipe: larger than the station's {Limits.MaxRecipeBytes} byte limit", over.ResultFor(refused).Reason);
        Assert.Equal(PackMlState.Idle, over.Station.State);
        Assert.Null(over.Station.StorageProblem);
    }

    /// <summary>A recipe the station runs (tare, 24 doses of 1 g on channels 0-3, settle) whose encoded length, as the
    /// station stores it, is exactly <paramref name="bytes"/>: ASCII step names lengthened one byte at a time.</summary>
    private static DispenseStation.Protocol.Recipes.ControlRecipe RecipeOf(int bytes)
    {
        var steps = new List<DispenseStation.Protocol.Recipes.RecipeStep> { new() { Kind = StepKinds.Tare, Name = "tare", TimeoutS = 60 } };
        for (int i = 0; i < 24; i++)
            steps.Add(new() { Kind = StepKinds.Dose, Name = "d", Channel = i % 4, TargetGrams = 1, ToleranceGrams = 0.05, TimeoutS = 120 });
        steps.Add(new() { Kind = StepKinds.WaitStable, Name = "settle", TimeoutS = 60 });
        var recipe = new DispenseStation.Protocol.Recipes.ControlRecipe { BatchId = "B-limit", RecipeName = "size", MaxBottleGrams = 100, Steps = steps.ToArray() };
        var scratch = new DispenseStation.Protocol.Json.JsonWriter(Limits.MaxCommandBytes);
        int length = recipe.EncodedLength(scratch);
        for (int i = 1; length < bytes; i = i % 24 + 1)
        {
            Assert.True(recipe.Steps[i].Name.Length < Limits.MaxNameLength, $"cannot reach {bytes} B");
            recipe.Steps[i].Name += "x";
            length = recipe.EncodedLength(scratch);
        }
        Assert.Equal(bytes, length);
        return recipe;
    }

    [Fact]
    public void Set_gains_is_answered_after_the_gains_are_stored_and_undone_when_they_cannot_be()
    {
        WatchedStore? store = null;
        HotplateController controller = null!;
        var h = new StationHarness(store: files => store = new WatchedStore(files), hotplate: clock =>
        {
            controller = new HotplateController(new FakeSensor { Celsius = 25 }, new FakeHeater(), new HotplateConfig());
            return new ThermalHotplateProcess(controller, clock, 16);
        });
        h.Run(1);
        var ok = h.Send(new CommandMessage { Name = CommandNames.SetGains, Kp = 0.05, Ti = 200, Td = 0 });
        Assert.True(h.ResultFor(ok).Accepted, h.ResultFor(ok).Reason);
        Assert.Equal(0.05, controller.Pid.Kp, 9);

        store!.Fail = true;
        var failed = h.Send(new CommandMessage { Name = CommandNames.SetGains, Kp = 0.09, Ti = 100, Td = 0 });
        var answer = h.ResultFor(failed);
        Assert.False(answer.Accepted);
        Assert.StartsWith("set-gains: storage: progress could not be saved", answer.Reason);
        Assert.Equal(0.05, controller.Pid.Kp, 9); // the stored gains again
    }

    [Fact]
    public void The_tick_keeps_completing_while_the_worker_is_held_inside_a_flash_write()
    {
        var gate = new ManualResetEventSlim(false);
        WatchedStore? store = null;
        var h = new StationHarness(store: files => store = new WatchedStore(files) { Gate = gate });
        h.Link.Deliver(DispenseStation.Protocol.Topics.Command(StationHarness.Id, CommandNames.Start), StartJson("s-3"));
        using (var worker = new WorkerThread(h.Station.Worker))
        {
            // The worker parses the start; the tick takes it and posts the records; the worker is
            // then held inside the recipe's flash write until the gate opens.
            Until(() => h.Station.Worker.CommandsWaiting == 1);
            Tick(h);
            Until(() => store!.Blocked == 1);

            int telemetry = h.Telemetry().Count;
            for (int i = 0; i < 40; i++) Tick(h); // 4 s of ticks (the record time-out is 5 s): every one returns
            Assert.Equal(1, store!.Blocked);
            Assert.True(h.Station.Worker.Writing);
            Assert.Equal(PackMlState.Starting, h.Station.State);
            Assert.Empty(h.Results());
            Assert.True(h.Telemetry().Count - telemetry >= 15, "telemetry kept flowing");

            gate.Set();
            // Tick whenever the worker has caught up, until the first dose starts.
            Until(() =>
            {
                if (WorkerIdle(h)) Tick(h);
                return h.Dosing.DosesStarted.Count > 0;
            });
        }
        Assert.True(Assert.Single(h.Results()).Accepted);
        Assert.Equal(PackMlState.Execute, h.Station.State);
        Assert.Equal(1, h.Station.StepIndex);
        Assert.Equal(1, StoredProgress(h.Files).StepIndex); // on flash before the pump started
    }

    private static bool WorkerIdle(StationHarness h) =>
        !h.Station.Worker.WritesPending && !h.Station.Worker.Writing;

    [Fact]
    public void A_start_not_stored_in_time_is_rejected_and_its_late_record_is_superseded()
    {
        var gate = new ManualResetEventSlim(false);
        WatchedStore? store = null;
        var h = new StationHarness(store: files => store = new WatchedStore(files) { Gate = gate });
        h.Link.Deliver(DispenseStation.Protocol.Topics.Command(StationHarness.Id, CommandNames.Start), StartJson("s-4"));
        using (var worker = new WorkerThread(h.Station.Worker))
        {
            Until(() => h.Station.Worker.CommandsWaiting == 1);
            Tick(h);
            Until(() => store!.Blocked == 1);
            for (int i = 0; i < 51 && h.Station.CommandAwaitingRecord != null; i++) Tick(h); // past the 5 s record time-out
            var answer = Assert.Single(h.Results());
            Assert.False(answer.Accepted);
            Assert.Equal("storage: not written within 5000 ms (flash busy or failing)", answer.Reason);
            Assert.Equal(PackMlState.Idle, h.Station.State);
            Assert.Null(h.Station.BatchId);

            gate.Set(); // the late write of the batch lands, then the cleared record posted after it
            Until(() => WorkerIdle(h));
        }
        var after = h.Reboot();
        after.Step();
        Assert.Equal(PackMlState.Idle, after.Station.State);
        Assert.False(after.Station.Interrupted);
    }

    private static void Tick(StationHarness h)
    {
        h.Clock.Advance(StationHarness.TickMs);
        h.Station.Tick();
    }

    /// <summary>Waits for another thread's progress; the limit only stops a broken test from hanging.</summary>
    private static void Until(Func<bool> done) =>
        Assert.True(SpinWait.SpinUntil(done, TimeSpan.FromSeconds(60)), "the worker thread made no progress");

    /// <summary>The station worker on a real thread, as the ESP32 runs it.</summary>
    private sealed class WorkerThread : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;

        public WorkerThread(StationWorker worker)
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    if (!worker.RunOnce()) Thread.Sleep(1);
                }
            }) { IsBackground = true, Name = "station worker" };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }

    /// <summary>The progress record as it is on flash now.</summary>
    private static ProgressRecord StoredProgress(IFileStore files)
    {
        var store = new DurableRecordStore(files, "progress", ProgressRecord.MaxBytes(32));
        var buffer = new byte[ProgressRecord.MaxBytes(32)];
        Assert.True(store.TryLoad(buffer, out int length));
        var record = new ProgressRecord(32);
        Assert.Null(record.ReadFrom(buffer, length));
        return record;
    }

    internal static string StartJson(string id)
    {
        var cmd = new CommandMessage { Id = id, Name = CommandNames.Start, Recipe = StationHarness.SampleRecipe() };
        var w = new DispenseStation.Protocol.Json.JsonWriter(16384);
        int n = cmd.WriteTo(w);
        return System.Text.Encoding.UTF8.GetString(w.Buffer, 0, n);
    }

    internal sealed class InTick
    {
        public volatile bool Active;
    }

    /// <summary>Flash that counts calls made inside the tick, can fail every write, and can hold
    /// writes on a gate the test opens.</summary>
    internal sealed class WatchedStore(IFileStore inner) : IFileStore
    {
        public InTick? Guard;
        public volatile bool Fail;
        public ManualResetEventSlim? Gate;
        private int _writes;
        private int _insideTick;
        private int _blocked;

        public int Writes => Volatile.Read(ref _writes);
        public int CallsInsideTick => Volatile.Read(ref _insideTick);
        /// <summary>Writes currently held at the gate.</summary>
        public int Blocked => Volatile.Read(ref _blocked);

        public byte[] Read(string name)
        {
            Check();
            return inner.Read(name);
        }

        public void Write(string name, byte[] data, int length)
        {
            Check();
            if (Gate != null)
            {
                Interlocked.Increment(ref _blocked);
                try { Gate.Wait(); } finally { Interlocked.Decrement(ref _blocked); }
            }
            if (Fail) throw new IOException("flash write failed");
            inner.Write(name, data, length);
            Interlocked.Increment(ref _writes);
        }

        public void Delete(string name)
        {
            Check();
            inner.Delete(name);
        }

        private void Check()
        {
            if (Guard != null && Guard.Active) Interlocked.Increment(ref _insideTick);
        }
    }
}
