using DispenseStation.Gateway.Mqtt.Hardening;
using Microsoft.Extensions.Time.Testing;

namespace DispenseStation.Gateway.Tests.Mqtt.Hardening;

public sealed class ThrottleAndBackoffTests
{
    [Fact]
    public void A_repeated_refusal_is_logged_once_per_interval_with_the_count_left_out()
    {
        var clock = new FakeTimeProvider();
        var throttle = new LogThrottle(clock, TimeSpan.FromSeconds(60));
        Assert.Equal(0, throttle.ShouldLog("st-1", "rate"));
        for (var i = 0; i < 999; i++) Assert.Null(throttle.ShouldLog("st-1", "rate"));
        Assert.Equal(0, throttle.ShouldLog("st-1", "topic")); // another reason has its own line
        Assert.Equal(0, throttle.ShouldLog("st-2", "rate"));  // another client too
        clock.Advance(TimeSpan.FromSeconds(59.999));
        Assert.Null(throttle.ShouldLog("st-1", "rate"));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1000, throttle.ShouldLog("st-1", "rate"));
    }

    [Fact]
    public void The_throttle_table_stays_bounded_under_distinct_keys()
    {
        var throttle = new LogThrottle(new FakeTimeProvider(), TimeSpan.FromSeconds(60));
        for (var i = 0; i < LogThrottle.MaxKeys * 3; i++) Assert.Equal(0, throttle.ShouldLog($"c{i}", "r"));
    }

    [Fact]
    public void Logins_back_off_after_the_allowance_doubling_up_to_the_maximum_and_a_success_clears()
    {
        var clock = new FakeTimeProvider();
        var backoff = new LoginBackoff(clock, allowance: 3, first: TimeSpan.FromSeconds(1), max: TimeSpan.FromSeconds(4));
        for (var i = 0; i < 3; i++)
        {
            backoff.Failed("st-1");
            Assert.Null(backoff.ClosedUntil("st-1"));
        }
        var waits = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            backoff.Failed("st-1");
            var until = backoff.ClosedUntil("st-1");
            Assert.NotNull(until);
            waits.Add((until.Value - clock.GetUtcNow()).TotalSeconds);
            clock.Advance(until.Value - clock.GetUtcNow() - TimeSpan.FromTicks(1));
            Assert.NotNull(backoff.ClosedUntil("st-1")); // still closed a tick before
            clock.Advance(TimeSpan.FromTicks(1));
            Assert.Null(backoff.ClosedUntil("st-1"));
        }
        Assert.Equal([1, 2, 4, 4], waits);
        Assert.Null(backoff.ClosedUntil("st-2"));
        backoff.Failed("st-1");
        backoff.Succeeded("st-1");
        Assert.Null(backoff.ClosedUntil("st-1"));
        backoff.Failed("st-1");
        Assert.Null(backoff.ClosedUntil("st-1")); // the allowance is back after a success
    }

    [Fact]
    public void The_publish_bucket_allows_the_burst_then_the_rate()
    {
        var clock = new FakeTimeProvider();
        var limiter = new PublishRateLimiter(clock, perSecond: 10, burst: 5);
        for (var i = 0; i < 5; i++) Assert.True(limiter.TryTake("st-1"));
        Assert.False(limiter.TryTake("st-1"));
        Assert.True(limiter.TryTake("st-2"));
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(limiter.TryTake("st-1"));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryTake("st-1"));
        Assert.False(limiter.TryTake("st-1"));
        clock.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 5; i++) Assert.True(limiter.TryTake("st-1")); // refill stops at the burst
        Assert.False(limiter.TryTake("st-1"));
    }
}
