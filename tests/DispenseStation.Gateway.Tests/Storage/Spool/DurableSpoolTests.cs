using DispenseStation.Gateway.Storage.Spool;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Storage.Spool;

public sealed class DurableSpoolTests : IDisposable
{
    private readonly TempDir _dir = new("ds-spool-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Records_survive_a_reopen_in_order_until_marked_replayed()
    {
        var path = _dir.File("a.spool");
        using (var spool = new DurableSpool(path, 4096))
        {
            Assert.True(spool.TryAppend("{\"n\":1}"));
            Assert.True(spool.TryAppend("{\"n\":2}"));
            Assert.True(spool.TryAppend("{\"n\":3}"));
            spool.MarkReplayed(spool.PendingRecords()[0].Next);
        }
        using (var spool = new DurableSpool(path, 4096))
        {
            Assert.Equal(2, spool.Pending);
            Assert.Equal(["{\"n\":2}", "{\"n\":3}"], spool.PendingRecords().Select(r => r.Json));
            spool.MarkReplayed(spool.PendingRecords()[^1].Next);
            Assert.Equal(0, spool.Pending);
        }
        using (var spool = new DurableSpool(path, 4096))
        {
            Assert.Empty(spool.PendingRecords());
            Assert.True(spool.TryAppend("{\"n\":4}")); // space reused from the start
            Assert.Equal(["{\"n\":4}"], spool.PendingRecords().Select(r => r.Json));
        }
    }

    [Fact]
    public void The_allocated_space_is_a_hard_limit_at_the_byte()
    {
        // 16-byte header; a record of n payload bytes takes 4 + n, plus 4 for the end mark.
        var record = "{\"pad\":\"" + new string('x', 100) + "\"}";
        var size = 16 + (4 + record.Length) * 2 + 4;
        using (var exact = new DurableSpool(_dir.File("exact.spool"), size))
        {
            Assert.True(exact.TryAppend(record));
            Assert.True(exact.TryAppend(record));
            Assert.False(exact.TryAppend("{}"));
        }
        using var oneShort = new DurableSpool(_dir.File("short.spool"), size - 1);
        Assert.True(oneShort.TryAppend(record));
        Assert.False(oneShort.TryAppend(record));
        Assert.Equal(1, oneShort.Pending);
    }

    [Fact]
    public void A_torn_last_record_reads_as_the_end()
    {
        var path = _dir.File("torn.spool");
        using (var spool = new DurableSpool(path, 4096))
        {
            Assert.True(spool.TryAppend("{\"n\":1}"));
            Assert.True(spool.TryAppend("{\"n\":2}"));
        }
        // Cut the second record's JSON short, as a crash mid-write would.
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            f.Position = 16 + 4 + 7 + 4 + 3;
            f.Write("\0\0\0\0"u8);
        }
        using var reopened = new DurableSpool(path, 4096);
        Assert.Equal(["{\"n\":1}"], reopened.PendingRecords().Select(r => r.Json));
        Assert.True(reopened.TryAppend("{\"n\":3}"));
        Assert.Equal(["{\"n\":1}", "{\"n\":3}"], reopened.PendingRecords().Select(r => r.Json));
    }
}
