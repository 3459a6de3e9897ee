namespace DispenseStation.Gateway.Storage.History;

/// <summary>One stored resolution of telemetry and how far back it reaches.</summary>
public sealed record TelemetryTier(string Name, long ResolutionMs, int RetentionDays, bool IsRaw)
{
    public const long MinuteMs = 60_000;
    public const long HourMs = 3_600_000;

    /// <summary>The tiers finest first: the stored telemetry (1 s by default), then 1 min, then 1 h.</summary>
    public static IReadOnlyList<TelemetryTier> All(Configuration.TelemetryOptions raw, TelemetryHistoryOptions history) =>
    [
        new(raw.DownsampleMilliseconds % 1000 == 0 ? $"{raw.DownsampleMilliseconds / 1000} s" : $"{raw.DownsampleMilliseconds} ms",
            raw.DownsampleMilliseconds, raw.RetentionDays, true),
        new("1 min", MinuteMs, history.MinuteTierDays, false),
        new("1 h", HourMs, history.HourTierDays, false),
    ];

    /// <summary>The oldest instant this tier still holds at <paramref name="now"/>.</summary>
    public DateTimeOffset ReachesBackTo(DateTimeOffset now) => now - TimeSpan.FromDays(RetentionDays);
}
