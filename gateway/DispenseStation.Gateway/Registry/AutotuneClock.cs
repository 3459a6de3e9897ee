namespace DispenseStation.Gateway.Registry;

/// <summary>
/// Turns a station's autotune progress (cycles to go x last cycle, in station seconds) into an end time on the gateway's
/// clock. The station's clock may run faster than the gateway's (a virtual station at 40x), so its rate is measured
/// between the autotune-started event and the latest progress event; with too short a baseline the rate is taken as 1.
/// </summary>
public static class AutotuneClock
{
    /// <summary>Gateway seconds needed between the two events before their ratio is trusted as the clock rate.</summary>
    public const double MinBaselineS = 1.0;

    public static AutotuneEstimate Estimate(int cyclesDone, int cyclesRemaining, double lastCycleS,
        (DateTimeOffset At, long UptimeMs)? started, DateTimeOffset now, long uptimeMs)
    {
        if (double.IsNaN(lastCycleS) || lastCycleS <= 0) return new AutotuneEstimate(cyclesDone, cyclesRemaining, null, null, null);
        var rate = 1.0;
        if (started is { } s && (now - s.At).TotalSeconds >= MinBaselineS && uptimeMs > s.UptimeMs)
            rate = (uptimeMs - s.UptimeMs) / 1000.0 / (now - s.At).TotalSeconds;
        var remaining = cyclesRemaining * lastCycleS / rate;
        return new AutotuneEstimate(cyclesDone, cyclesRemaining, lastCycleS, remaining, now + TimeSpan.FromSeconds(remaining));
    }
}
