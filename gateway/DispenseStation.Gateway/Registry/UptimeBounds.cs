namespace DispenseStation.Gateway.Registry;

/// <summary>
/// Bounds on the station uptimes ("ts", in ms) the gateway turns into times. A station's clock is
/// its uptime, so any long is well-formed JSON, but TimeSpan holds only about 9.2e14 ms: a "ts" of
/// 9e18 would throw where it is turned into a time. Samples further from their message's uptime than
/// <see cref="MaxSampleAgeMs"/> are dropped; a jump forward of more than <see cref="MaxJumpMs"/> is
/// treated like a reboot (a new clock anchor).
/// </summary>
public static class UptimeBounds
{
    /// <summary>A batched sample is at most this much older than its message (a station buffers minutes, not hours).</summary>
    public const long MaxSampleAgeMs = 3_600_000;

    /// <summary>Between two messages of one session the uptime moves forward at most this much (a day of silence).</summary>
    public const long MaxJumpMs = 86_400_000;

    /// <summary>True when <paramref name="sampleMs"/> can be timed from a message stamped <paramref name="messageMs"/>.</summary>
    public static bool SampleFits(long sampleMs, long messageMs) =>
        sampleMs >= 0 && messageMs >= 0 && sampleMs <= messageMs && messageMs - sampleMs <= MaxSampleAgeMs;
}
