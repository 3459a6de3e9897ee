using DispenseStation.Gateway.Commissioning;

namespace DispenseStation.Gateway.Tests.HomeAssistant;

/// <summary>
/// The minimum publish interval of Home Assistant telemetry (<see cref="PublishPacing{TKey}"/>; the publisher keys it by
/// station, these tests by station and entity to show keys are paced apart), at its boundaries, on the test's clock.
/// </summary>
public sealed class StatePacingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000);
    private static readonly (string, int) Plate = ("ds-01", 0);
    private static readonly (string, int) Weight = ("ds-01", 2);

    private static DateTimeOffset Ms(int ms) => T0.AddMilliseconds(ms);

    private static List<(string, int)> Due(PublishPacing<(string, int)> pacing, DateTimeOffset now)
    {
        var due = new List<(string, int)>();
        pacing.TakeDue(now, due);
        return due;
    }

    [Fact]
    public void The_first_change_of_an_entity_is_published_at_once()
    {
        var pacing = new PublishPacing<(string, int)>(Interval);
        Assert.True(pacing.Offer(Plate, T0));
        Assert.Equal(0, pacing.PendingCount);
    }

    [Theory]
    // Exactly one interval after the last publish: at once. 1 ms before: held until the interval's end.
    [InlineData(1000, true)]
    [InlineData(999, false)]
    [InlineData(1, false)]
    public void A_change_exactly_one_interval_after_the_last_publish_goes_at_once_one_just_before_waits(int afterMs, bool atOnce)
    {
        var pacing = new PublishPacing<(string, int)>(Interval);
        Assert.True(pacing.Offer(Plate, T0));
        pacing.Published(Plate, T0);
        Assert.Equal(atOnce, pacing.Offer(Plate, Ms(afterMs)));
        Assert.Equal(atOnce ? null : Ms(1000), pacing.NextDue);
    }

    [Fact]
    public void A_held_change_falls_due_exactly_at_the_end_of_the_interval_not_a_millisecond_sooner()
    {
        var pacing = new PublishPacing<(string, int)>(Interval);
        pacing.Offer(Plate, T0);
        pacing.Published(Plate, T0);
        Assert.False(pacing.Offer(Plate, Ms(300)));
        Assert.False(pacing.Offer(Plate, Ms(600)));    // a burst: still one pending entry
        Assert.Equal(1, pacing.PendingCount);
        Assert.Empty(Due(pacing, Ms(999)));
        Assert.Equal([Plate], Due(pacing, Ms(1000)));  // the owner publishes the latest value now
        Assert.Empty(Due(pacing, Ms(5000)));            // taken once
        Assert.Equal(0, pacing.PendingCount);
    }

    [Fact]
    public void After_the_delivery_at_the_end_the_next_interval_starts_from_that_publish()
    {
        var pacing = new PublishPacing<(string, int)>(Interval);
        pacing.Offer(Plate, T0);
        pacing.Published(Plate, T0);
        pacing.Offer(Plate, Ms(500));
        Assert.Equal([Plate], Due(pacing, Ms(1000)));
        pacing.Published(Plate, Ms(1000));
        Assert.False(pacing.Offer(Plate, Ms(1999)));
        Assert.Equal(Ms(2000), pacing.NextDue);
    }

    [Fact]
    public void A_due_entity_whose_value_had_not_changed_keeps_its_old_interval_start()
    {
        // The owner took it due but published nothing (the text was what HA already has): no Published call, so the
        // next change is not held back by a publish that never happened.
        var pacing = new PublishPacing<(string, int)>(Interval);
        pacing.Offer(Plate, T0);
        pacing.Published(Plate, T0);
        pacing.Offer(Plate, Ms(500));
        Assert.Equal([Plate], Due(pacing, Ms(1000)));
        Assert.True(pacing.Offer(Plate, Ms(1001)));
    }

    [Fact]
    public void Entities_are_paced_apart_and_fall_due_in_time_order()
    {
        var pacing = new PublishPacing<(string, int)>(Interval);
        pacing.Offer(Weight, T0);
        pacing.Published(Weight, T0);
        pacing.Offer(Plate, Ms(200));
        pacing.Published(Plate, Ms(200));
        Assert.False(pacing.Offer(Plate, Ms(300)));
        Assert.False(pacing.Offer(Weight, Ms(400)));
        Assert.Equal(Ms(1000), pacing.NextDue);
        Assert.Equal([Weight, Plate], Due(pacing, Ms(1200)));
    }

    [Fact]
    public void A_forgotten_entity_is_never_due_and_publishes_at_once_next_time()
    {
        var pacing = new PublishPacing<(string, int)>(Interval);
        pacing.Offer(Plate, T0);
        pacing.Published(Plate, T0);
        pacing.Offer(Plate, Ms(100));
        pacing.Forget(Plate);
        Assert.Equal(0, pacing.PendingCount);
        Assert.Null(pacing.NextDue);
        Assert.Empty(Due(pacing, Ms(5000)));
        Assert.True(pacing.Offer(Plate, Ms(101)));
    }

    [Fact]
    public void Interval_zero_publishes_every_change()
    {
        var pacing = new PublishPacing<(string, int)>(TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(pacing.Offer(Plate, T0));
            pacing.Published(Plate, T0);
        }
    }
}
