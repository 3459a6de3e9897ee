namespace DispenseStation.Gateway.Storage.History;

/// <summary>
/// How long each telemetry tier is kept (Gateway:TelemetryHistory). The 1 s tier is the telemetry table itself, kept for
/// Gateway:Telemetry:RetentionDays; the 1 min and 1 h tiers are rolled up from it and kept much longer.
/// </summary>
public sealed class TelemetryHistoryOptions
{
    public const string Section = "Gateway:TelemetryHistory";

    /// <summary>Days of 1-minute averages kept.</summary>
    public int MinuteTierDays { get; set; } = 365;

    /// <summary>Days of 1-hour averages kept.</summary>
    public int HourTierDays { get; set; } = 3650;

    /// <summary>How often the roll-up runs; the newest complete minute is in the 1 min tier this long after it ends.</summary>
    public int RollupIntervalSeconds { get; set; } = 60;

    /// <summary>Most points one history query returns: a range at a resolution that gives more is refused with the resolution it needs.</summary>
    public int MaxPoints { get; set; } = 10_000;
}
