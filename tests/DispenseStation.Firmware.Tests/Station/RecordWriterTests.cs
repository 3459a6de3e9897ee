using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Station.Persistence;
using DispenseStation.Firmware.Tests.Station.Fakes;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Tests.Station;

/// <summary>
/// The record writer keeps no copy of the progress record: it serializes the pending snapshot into the
/// shared frame under the gate and writes the bytes outside it. What the tick posts while a write is on
/// flash lands with the next write, whole and in order, and a progress record never reaches flash
/// before the recipe posted with it.
/// </summary>
public class RecordWriterTests
{
    private const int MaxSteps = 8;
    private const int MaxRecipeBytes = 4096;

    [Fact]
    public void A_record_updated_while_the_previous_one_is_written_is_the_one_that_lands_next()
    {
        var flash = new HookedStore();
        var writer = new RecordWriter(flash, MaxSteps, MaxRecipeBytes);
        int first = Post(writer, "B-1", step: 1, grams: 10.5);
        int second = 0;
        flash.OnWrite = name =>
        {
            // The tick, while the first record is on its way to flash: the writer holds no lock.
            Assert.False(Monitor.IsEntered(writer.Gate));
            if (name.StartsWith("progress") && second == 0) second = Post(writer, "B-1", step: 2, grams: 20.25);
        };

        Assert.True(writer.WritePending());
        Assert.Equal((1, 10.5), Stored(flash)); // the bytes taken under the gate, not the snapshot changed since
        Assert.Equal(RecordStatus.Stored, writer.StatusOf(first));
        Assert.Equal(RecordStatus.Pending, writer.StatusOf(second));
        Assert.True(writer.HasPending);

        Assert.True(writer.WritePending());
        Assert.Equal((2, 20.25), Stored(flash));
        Assert.Equal(RecordStatus.Stored, writer.StatusOf(second));
        Assert.False(writer.WritePending());
        Assert.Equal(2, flash.ProgressWrites);
    }

    [Fact]
    public void A_progress_posted_while_its_recipe_is_written_goes_out_in_the_same_pass()
    {
        var flash = new HookedStore();
        var writer = new RecordWriter(flash, MaxSteps, MaxRecipeBytes);
        int start = Post(writer, "B-1", step: 0, grams: 0, StationHarness.SampleRecipe("B-1"));
        int next = 0;
        flash.OnWrite = name =>
        {
            Assert.False(Monitor.IsEntered(writer.Gate));
            if (name.StartsWith("recipe") && next == 0) next = Post(writer, "B-1", step: 1, grams: 3.5);
        };

        Assert.True(writer.WritePending());
        Assert.Equal("B-1", StoredRecipeBatch(flash));
        Assert.Equal((1, 3.5), Stored(flash)); // the newest snapshot, after its recipe
        Assert.Equal(RecordStatus.Stored, writer.StatusOf(start));
        Assert.Equal(RecordStatus.Stored, writer.StatusOf(next));
        Assert.Equal(new[] { "recipe", "progress" }, flash.Order);
        Assert.False(writer.WritePending());
    }

    [Fact]
    public void A_progress_naming_a_newer_recipe_waits_until_that_recipe_is_on_flash()
    {
        var flash = new HookedStore();
        var writer = new RecordWriter(flash, MaxSteps, MaxRecipeBytes);
        int a = Post(writer, "A-1", step: 0, grams: 0, StationHarness.SampleRecipe("A-1"));
        int b = 0;
        flash.OnWrite = name =>
        {
            // While recipe A is written, batch A ends and batch B starts with its own recipe.
            if (name.StartsWith("recipe") && b == 0) b = Post(writer, "B-2", step: 0, grams: 0, StationHarness.SampleRecipe("B-2"));
        };

        Assert.True(writer.WritePending());
        Assert.Equal("A-1", StoredRecipeBatch(flash));
        Assert.Equal(0, flash.ProgressWrites); // not a record naming B-2 next to recipe A-1
        Assert.Equal(RecordStatus.Pending, writer.StatusOf(a)); // A's progress was never written on its own
        Assert.Equal(0, writer.FailedSeq);

        Assert.True(writer.WritePending());
        Assert.Equal("B-2", StoredRecipeBatch(flash));
        Assert.Equal("B-2", StoredBatch(flash));
        Assert.Equal(RecordStatus.Stored, writer.StatusOf(b));
        Assert.Equal(new[] { "recipe", "recipe", "progress" }, flash.Order);
    }

    [Fact]
    public void A_recipe_that_fails_fails_its_posts_and_a_progress_posted_meanwhile_is_written_next()
    {
        var flash = new HookedStore();
        var writer = new RecordWriter(flash, MaxSteps, MaxRecipeBytes);
        int start = Post(writer, "B-1", step: 0, grams: 0, StationHarness.SampleRecipe("B-1"));
        int later = 0;
        flash.OnWrite = name =>
        {
            if (!name.StartsWith("recipe")) return;
            later = Post(writer, "", step: 0, grams: 0); // the batch given up: a cleared record
            throw new IOException("flash write failed");
        };

        Assert.True(writer.WritePending());
        Assert.Equal(RecordStatus.Failed, writer.StatusOf(start));
        Assert.Equal(RecordStatus.Pending, writer.StatusOf(later));
        Assert.StartsWith("storage: recipe could not be saved", writer.Failure);
        Assert.Equal(0, flash.ProgressWrites);

        flash.OnWrite = null;
        Assert.True(writer.WritePending());
        Assert.Equal(RecordStatus.Stored, writer.StatusOf(later));
        Assert.Null(StoredBatch(flash));
    }

    /// <summary>What the tick does in PostRecords: fill the snapshot and post it, under the gate.</summary>
    private static int Post(RecordWriter writer, string batch, int step, double grams, ControlRecipe? recipe = null)
    {
        lock (writer.Gate)
        {
            ProgressRecord p = writer.Pending;
            p.ClearBatch();
            if (batch.Length > 0)
            {
                p.BatchActive = true;
                p.BatchId = batch;
                p.StepCount = 4;
                p.StepIndex = step;
                p.StepGrams[step] = grams;
            }
            if (recipe != null) writer.SetRecipe(recipe);
            return writer.MarkPosted();
        }
    }

    private static ProgressRecord? Load(IFileStore flash)
    {
        var store = new DurableRecordStore(flash, "progress", ProgressRecord.MaxBytes(MaxSteps));
        var buffer = new byte[ProgressRecord.MaxBytes(MaxSteps)];
        if (!store.TryLoad(buffer, out int length)) return null;
        var record = new ProgressRecord(MaxSteps);
        Assert.Null(record.ReadFrom(buffer, length));
        return record;
    }

    private static (int Step, double Grams) Stored(IFileStore flash)
    {
        ProgressRecord record = Load(flash)!;
        return (record.StepIndex, record.StepGrams[record.StepIndex]);
    }

    private static string? StoredBatch(IFileStore flash) => Load(flash)!.BatchId;

    private static string StoredRecipeBatch(IFileStore flash)
    {
        var store = new DurableRecordStore(flash, "recipe", MaxRecipeBytes);
        var buffer = new byte[MaxRecipeBytes];
        Assert.True(store.TryLoad(buffer, out int length));
        Assert.True(ControlRecipe.TryParse(buffer, 0, length, out ControlRecipe recipe, out string error), error);
        return recipe.BatchId;
    }

    /// <summary>Flash that runs a hook (the tick, on the test's thread) before each write lands.</summary>
    private sealed class HookedStore : IFileStore
    {
        private readonly FaultyFileStore _inner = new();
        public Action<string>? OnWrite;
        public readonly List<string> Order = new();

        public int ProgressWrites => Order.Count(n => n == "progress");

        public byte[] Read(string name) => _inner.Read(name);

        public void Write(string name, byte[] data, int length)
        {
            OnWrite?.Invoke(name);
            _inner.Write(name, data, length);
            Order.Add(name.Substring(0, name.IndexOf('.')));
        }

        public void Delete(string name) => _inner.Delete(name);
    }
}
