using DispenseStation.Gateway.Live;

namespace DispenseStation.Gateway.Tests.Live;

/// <summary>A reader too slow for the live feed loses its oldest updates, and the loss is counted, not silent.</summary>
public sealed class LiveFeedDropTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void A_full_subscriber_queue_drops_its_oldest_updates_and_counts_each(int over)
    {
        var feed = new LiveFeed();
        using var subscription = feed.Open();
        for (var i = 0; i < LiveFeed.QueueCapacity + over; i++) feed.Publish(LiveFeed.TelemetryUpdate, new { n = i });
        Assert.Equal(over, feed.DroppedUpdates);
        var kept = new List<string>();
        while (subscription.Reader.TryRead(out var u)) kept.Add(u.Json);
        Assert.Equal(LiveFeed.QueueCapacity, kept.Count);
        Assert.Equal($"{{\"n\":{over}}}", kept[0]);                                   // the oldest went
        Assert.Equal($"{{\"n\":{LiveFeed.QueueCapacity + over - 1}}}", kept[^1]);     // the newest stayed
    }
}
