namespace DispenseStation.Gateway.Storage.Capacity;

/// <summary>
/// How much telemetry the disk holds: rows per day = stations x (86 400 000 / downsample ms); bytes
/// per day = rows x bytes per row. The retention fits when its telemetry takes at most
/// <see cref="UsableShare"/> of the free space (the rest for batch records, the WAL and the spool).
/// </summary>
public sealed record RetentionPlan(long FreeBytes, int Stations, int DownsampleMilliseconds, double BytesPerRow, int RetentionDays)
{
    public const double UsableShare = 0.8;

    public double RowsPerDay => Stations * (86_400_000.0 / DownsampleMilliseconds);
    public double BytesPerDay => RowsPerDay * BytesPerRow;
    public double NeededBytes => BytesPerDay * RetentionDays;

    /// <summary>Whole days of telemetry that fit in the usable share of the free space.</summary>
    public int DaysThatFit => BytesPerDay <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, Math.Floor(FreeBytes * UsableShare / BytesPerDay));

    public bool Fits => NeededBytes <= FreeBytes * UsableShare;

    /// <summary>Null when it fits; else the warning, naming the setting to change.</summary>
    public string? Warning => Fits ? null :
        $"Telemetry:RetentionDays {RetentionDays} needs {NeededBytes / 1e9:F1} GB for {Stations} stations at one row per {DownsampleMilliseconds} ms " +
        $"({BytesPerRow:F0} B/row) but {FreeBytes / 1e9:F1} GB are free: {DaysThatFit} days fit; lower Telemetry:RetentionDays or raise Telemetry:DownsampleMilliseconds";
}
