namespace DispenseStation.Gateway.Storage.History;

/// <summary>Which tier answers a history query and at what resolution.</summary>
public sealed record HistoryPlan(TelemetryTier Source, long ResolutionMs)
{
    /// <summary>Resolutions a query without one is given: the finest that keeps the range within the point budget.</summary>
    public static readonly long[] NiceSteps =
    [
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
        3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000,
    ];

    /// <summary>
    /// The tier for [from, to) at the wanted resolution (null: the finest nice step that gives at most
    /// <paramref name="targetPoints"/> points): the coarsest tier whose buckets divide the resolution evenly and that still
    /// reaches back to <paramref name="from"/> (fewest rows read, same averages); when no such tier reaches back that far,
    /// the finest tier that does, at its own resolution if that is coarser. Ranges older than every tier come from the
    /// coarsest (they are empty).
    /// </summary>
    public static HistoryPlan Choose(IReadOnlyList<TelemetryTier> tiers, DateTimeOffset now, DateTimeOffset from, DateTimeOffset to,
        long? resolutionMs, int targetPoints)
    {
        var span = Math.Max(1, (to - from).Ticks / TimeSpan.TicksPerMillisecond);
        var raw = tiers[0];
        var wanted = resolutionMs ?? NiceSteps.FirstOrDefault(s => s >= raw.ResolutionMs && span / s <= targetPoints, NiceSteps[^1]);
        wanted = Math.Max(wanted, raw.ResolutionMs);
        var reaching = tiers.Where(t => t.ReachesBackTo(now) <= from).ToList();
        var exact = reaching.Where(t => t.ResolutionMs <= wanted && wanted % t.ResolutionMs == 0).OrderByDescending(t => t.ResolutionMs).FirstOrDefault();
        if (exact is not null) return new HistoryPlan(exact, wanted);
        var source = reaching.OrderBy(t => t.ResolutionMs).FirstOrDefault() ?? tiers[^1];
        var resolution = wanted <= source.ResolutionMs ? source.ResolutionMs : (wanted + source.ResolutionMs - 1) / source.ResolutionMs * source.ResolutionMs;
        return new HistoryPlan(source, resolution);
    }
}
