using DispenseStation.Firmware.Drivers.Logic;

namespace DispenseStation.Firmware.Drivers.Tests;

public class ReconnectBackoffTests
{
    [Fact]
    public void Doubles_up_to_the_cap_and_resets_on_success()
    {
        var b = new ReconnectBackoff(1000, 30_000, jitterPercent: 0, jitterSeed: 1);
        long[] expected = { 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000 };
        long now = 0;
        foreach (long delay in expected)
        {
            b.RecordFailure(now);
            Assert.Equal(delay, b.CurrentDelayMs);
            Assert.False(b.ShouldAttempt(now + delay - 1));
            Assert.True(b.ShouldAttempt(now + delay));
            now += delay;
        }
        b.RecordSuccess();
        Assert.True(b.ShouldAttempt(now));
        b.RecordFailure(now);
        Assert.Equal(1000, b.CurrentDelayMs);
    }

    [Fact]
    public void Jitter_spreads_stations_within_the_bound()
    {
        var next = new HashSet<long>();
        for (uint seed = 1; seed <= 20; seed++)
        {
            var b = new ReconnectBackoff(10_000, 60_000, 20, seed);
            b.RecordFailure(0);
            long t = 0;
            while (!b.ShouldAttempt(t)) t += 100;
            Assert.InRange(t, 8000, 12_100);
            next.Add(t);
        }
        Assert.True(next.Count > 5, "jitter should spread the retry times");
    }
}

public class MessageQueueTests
{
    [Fact]
    public void Is_fifo_and_drops_the_newest_when_full()
    {
        var q = new MessageQueue(2);
        Assert.True(q.Enqueue("a", new byte[] { 1 }));
        Assert.True(q.Enqueue("b", null!));
        Assert.False(q.Enqueue("c", new byte[] { 3 }));
        Assert.Equal(1, q.Dropped);
        Assert.True(q.TryDequeue(out string? t, out byte[]? p));
        Assert.Equal("a", t);
        Assert.Equal(new byte[] { 1 }, p);
        Assert.True(q.TryDequeue(out t, out p));
        Assert.Equal("b", t);
        Assert.Empty(p!);
        Assert.False(q.TryDequeue(out _, out _));
        Assert.True(q.Enqueue("d", new byte[0]));
        Assert.Equal(1, q.Count);
    }

    [Fact]
    public void Survives_a_producer_and_a_consumer_thread()
    {
        var q = new MessageQueue(16);
        const int n = 2_000;
        int received = 0;
        var producer = new Thread(() =>
        {
            for (int i = 0; i < n; i++) while (!q.Enqueue("t", BitConverter.GetBytes(i))) Thread.Yield();
        });
        producer.Start();
        int expected = 0;
        while (received < n)
        {
            if (q.TryDequeue(out _, out byte[]? p))
            {
                Assert.Equal(expected++, BitConverter.ToInt32(p!));
                received++;
            }
            else
            {
                Thread.Yield();
            }
        }
        producer.Join();
    }
}

public class SampleSlotTests
{
    [Fact]
    public void Take_returns_each_sample_once_and_peek_keeps_it()
    {
        var slot = new SampleSlot();
        Assert.False(slot.TryTake(out _, out _, out _));
        Assert.False(slot.TryPeek(out _, out _, out _));
        Assert.Equal(-1, slot.LastPostMs);
        slot.Post(12.5, 0, 100);
        Assert.True(slot.TryTake(out double v, out int f, out long at));
        Assert.Equal((12.5, 0, 100L), (v, f, at));
        Assert.False(slot.TryTake(out _, out _, out _));
        Assert.True(slot.TryPeek(out v, out _, out _));
        Assert.Equal(12.5, v);
        slot.Post(13, 4, 200);
        Assert.True(slot.TryTake(out v, out f, out _));
        Assert.Equal((13.0, 4), (v, f));
        Assert.Equal(2, slot.Count);
    }

    [Fact]
    public void Silence_is_measured_from_start_until_the_first_sample_then_from_the_last()
    {
        var slot = new SampleSlot();
        Assert.Equal(700, slot.SilentForMs(1700, startedAtMs: 1000));
        slot.Post(1, 0, 1500);
        Assert.Equal(200, slot.SilentForMs(1700, 1000));
        slot.TryTake(out _, out _, out _);
        Assert.Equal(2500, slot.SilentForMs(4000, 1000));
    }
}
