using System.Text;
using DispenseStation.Firmware.Station.Link;
using DispenseStation.Firmware.Tests.Station.Fakes;

namespace DispenseStation.Firmware.Tests.Station;

public class OutboxTests
{
    private static readonly byte[] Scratch = new byte[512];

    // Room for capacity messages of max bytes: only the count limits it (the core's default).
    private static Outbox New(int capacity, int max) => new(capacity, max, Outbox.RingBytesFor(capacity, max));

    private static void Put(Outbox box, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        box.Enqueue("t/event", bytes, bytes.Length, false);
    }

    [Fact]
    public void Messages_queued_while_disconnected_leave_in_order_after_reconnect()
    {
        var link = new FakeLink();
        var box = New(8, 64);
        link.Disconnect();
        for (int i = 0; i < 5; i++) Put(box, "e" + i);
        Assert.Equal(0, box.Flush(link, 100, Scratch));
        Assert.Equal(5, box.Count);

        link.Reconnect();
        Assert.Equal(5, box.Flush(link, 100, Scratch));
        Assert.Equal(new[] { "e0", "e1", "e2", "e3", "e4" }, link.Published.Select(p => p.Payload));
        Assert.Equal(0, box.Lost);
    }

    [Fact]
    public void A_full_outbox_drops_the_oldest_and_counts_the_loss()
    {
        var link = new FakeLink();
        link.Disconnect();
        var box = New(4, 64);
        for (int i = 0; i < 7; i++) Put(box, "e" + i);
        Assert.Equal(3, box.Lost);
        link.Reconnect();
        box.Flush(link, 100, Scratch);
        Assert.Equal(new[] { "e3", "e4", "e5", "e6" }, link.Published.Select(p => p.Payload));
        Assert.Equal(3, box.TakeLost());
        Assert.Equal(0, box.Lost);
    }

    [Fact]
    public void A_refused_publish_keeps_the_message_at_the_head()
    {
        var link = new FakeLink { RefusePublish = true };
        var box = New(4, 64);
        Put(box, "a"); Put(box, "b");
        Assert.Equal(0, box.Flush(link, 10, Scratch));
        link.RefusePublish = false;
        Assert.Equal(1, box.Flush(link, 1, Scratch));
        Assert.Equal(1, box.Flush(link, 1, Scratch));
        Assert.Equal(new[] { "a", "b" }, link.Published.Select(p => p.Payload));
    }

    [Fact]
    public void Oversized_message_is_refused_without_disturbing_the_queue()
    {
        var box = New(2, 8);
        Put(box, "ok");
        Assert.Throws<ArgumentOutOfRangeException>(() => Put(box, "much too long"));
        Assert.Equal(1, box.Count);
    }

    [Fact]
    public void Enqueue_and_flush_allocate_nothing()
    {
        var link = new CountingLink();
        var box = New(16, 128);
        var payload = new byte[100];
        box.Enqueue("t", payload, 100, false);
        box.Flush(link, 16, Scratch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            box.Enqueue("t", payload, 100, false);
            box.Enqueue("t", payload, 100, false);
            box.Flush(link, 16, Scratch);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20_001, link.Count);
    }

    [Fact]
    public void A_byte_ring_smaller_than_its_slots_drops_the_oldest_until_a_message_fits()
    {
        var link = new FakeLink();
        link.Disconnect();
        var box = new Outbox(16, 100, 260); // 16 messages, 260 bytes: two of 100 and their prefixes, or many small ones
        for (int i = 0; i < 10; i++) Put(box, "e" + i); // 4 bytes each: count-limited, nothing lost
        Assert.Equal(0, box.Lost);
        Assert.Equal(40, box.UsedBytes);
        Put(box, new string('x', 100)); // 102 more: 142, fits
        Put(box, new string('y', 100)); // 244, fits
        Assert.Equal(0, box.Lost);
        Put(box, new string('z', 100)); // 346 > 260: the oldest go until it fits (all e*, then the x)
        Assert.Equal(11, box.Lost);
        link.Reconnect();
        box.Flush(link, 100, Scratch);
        Assert.Equal(new[] { new string('y', 100), new string('z', 100) }, link.Published.Select(p => p.Payload));
    }

    [Fact]
    public void A_message_of_the_largest_size_always_fits()
    {
        var link = new FakeLink();
        link.Disconnect();
        var box = new Outbox(4, 64, 66);
        Put(box, "a");
        Put(box, new string('m', 64));
        Assert.Equal(1, box.Lost);
        Assert.Equal(1, box.Count);
        link.Reconnect();
        box.Flush(link, 10, Scratch);
        Assert.Equal(new string('m', 64), link.Published.Single().Payload);
    }

    [Fact]
    public void Random_traffic_through_a_wrapping_ring_matches_a_plain_queue_with_both_limits()
    {
        var random = new Random(11);
        for (int run = 0; run < 200; run++)
        {
            int capacity = random.Next(1, 12);
            int max = random.Next(1, 80);
            int ring = random.Next(max + 2, 4 * (max + 2));
            var box = new Outbox(capacity, max, ring);
            var model = new Queue<(string Topic, string Text, bool Retain)>();
            int modelBytes = 0, modelLost = 0;
            var link = new FakeLink();
            link.Disconnect();
            var expected = new List<(string, string, bool)>();
            for (int op = 0; op < 300; op++)
            {
                if (random.Next(4) > 0)
                {
                    string text = new string((char)('a' + random.Next(26)), random.Next(0, max + 1));
                    string topic = "t/" + random.Next(3);
                    bool retain = random.Next(2) == 0;
                    var bytes = Encoding.UTF8.GetBytes(text);
                    box.Enqueue(topic, bytes, bytes.Length, retain);
                    while (model.Count == capacity || modelBytes + bytes.Length + 2 > ring)
                    {
                        modelBytes -= model.Dequeue().Text.Length + 2;
                        modelLost++;
                    }
                    model.Enqueue((topic, text, retain));
                    modelBytes += bytes.Length + 2;
                }
                else
                {
                    link.Reconnect();
                    int n = random.Next(0, 5);
                    int sent = box.Flush(link, n, Scratch);
                    Assert.Equal(Math.Min(n, model.Count), sent);
                    for (int i = 0; i < sent; i++)
                    {
                        var m = model.Dequeue();
                        modelBytes -= m.Text.Length + 2;
                        expected.Add(m);
                    }
                    link.Disconnect();
                }
                Assert.Equal(model.Count, box.Count);
                Assert.Equal(modelBytes, box.UsedBytes);
                Assert.Equal(modelLost, box.Lost);
            }
            Assert.Equal(expected, link.Published.Select(p => (p.Topic, p.Payload, p.Retain)));
        }
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
