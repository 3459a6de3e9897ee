using System.Text;
using DispenseStation.Firmware.Station.Link;
using DispenseStation.Firmware.Tests.Station.Fakes;

namespace DispenseStation.Firmware.Tests.Station;

public class OutboxTests
{
    private static void Put(Outbox box, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        box.Enqueue("t/event", bytes, bytes.Length, false);
    }

    [Fact]
    public void Messages_queued_while_disconnected_leave_in_order_after_reconnect()
    {
        var link = new FakeLink();
        var box = new Outbox(8, 64);
        link.Disconnect();
        for (int i = 0; i < 5; i++) Put(box, "e" + i);
        Assert.Equal(0, box.Flush(link, 100));
        Assert.Equal(5, box.Count);

        link.Reconnect();
        Assert.Equal(5, box.Flush(link, 100));
        Assert.Equal(new[] { "e0", "e1", "e2", "e3", "e4" }, link.Published.Select(p => p.Payload));
        Assert.Equal(0, box.Lost);
    }

    [Fact]
    public void A_full_outbox_drops_the_oldest_and_counts_the_loss()
    {
        var link = new FakeLink();
        link.Disconnect();
        var box = new Outbox(4, 64);
        for (int i = 0; i < 7; i++) Put(box, "e" + i);
        Assert.Equal(3, box.Lost);
        link.Reconnect();
        box.Flush(link, 100);
        Assert.Equal(new[] { "e3", "e4", "e5", "e6" }, link.Published.Select(p => p.Payload));
        Assert.Equal(3, box.TakeLost());
        Assert.Equal(0, box.Lost);
    }

    [Fact]
    public void A_refused_publish_keeps_the_message_at_the_head()
    {
        var link = new FakeLink { RefusePublish = true };
        var box = new Outbox(4, 64);
        Put(box, "a"); Put(box, "b");
        Assert.Equal(0, box.Flush(link, 10));
        link.RefusePublish = false;
        Assert.Equal(1, box.Flush(link, 1));
        Assert.Equal(1, box.Flush(link, 1));
        Assert.Equal(new[] { "a", "b" }, link.Published.Select(p => p.Payload));
    }

    [Fact]
    public void Oversized_message_is_refused_without_disturbing_the_queue()
    {
        var box = new Outbox(2, 8);
        Put(box, "ok");
        Assert.Throws<ArgumentOutOfRangeException>(() => Put(box, "much too long"));
        Assert.Equal(1, box.Count);
    }

    [Fact]
    public void Enqueue_and_flush_allocate_nothing()
    {
        var link = new CountingLink();
        var box = new Outbox(16, 128);
        var payload = new byte[100];
        box.Enqueue("t", payload, 100, false);
        box.Flush(link, 16);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            box.Enqueue("t", payload, 100, false);
            box.Enqueue("t", payload, 100, false);
            box.Flush(link, 16);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20_001, link.Count);
    }

    private sealed class CountingLink : DispenseStation.Firmware.Ports.IMessageLink
    {
        public int Count;
        public bool IsConnected => true;
        public int ConnectionEpoch => 1;
        public bool Publish(string topic, byte[] payload, int length, bool retain) { Count++; return true; }
        public bool TryReceive(out string topic, out byte[] payload) { topic = null!; payload = null!; return false; }
    }
}
