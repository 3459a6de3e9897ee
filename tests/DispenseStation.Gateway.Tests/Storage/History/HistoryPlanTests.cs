using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Storage.History;

namespace DispenseStation.Gateway.Tests.Storage.History;

/// <summary>Which tier answers a range: the finest that still holds it, read at the coarsest that divides the resolution.</summary>
public sealed class HistoryPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<TelemetryTier> Tiers =
        TelemetryTier.All(new TelemetryOptions { RetentionDays = 1, DownsampleMilliseconds = 1000 }, new TelemetryHistoryOptions { MinuteTierDays = 365, HourTierDays = 3650 });

    [Fact]
    public void An_hour_within_the_raw_retention_is_read_at_5_s_from_the_raw_rows()
    {
        var p = HistoryPlan.Choose(Tiers, Now, Now.AddHours(-1), Now, null, 1000);
        Assert.Equal(("1 s", 5_000L), (p.Source.Name, p.ResolutionMs)); // 3600 s / 1000 points: 5 s is the finest nice step
    }

    [Fact]
    public void A_minute_resolution_reads_the_minute_tier_even_where_the_raw_rows_still_exist()
    {
        var p = HistoryPlan.Choose(Tiers, Now, Now.AddHours(-12), Now, 60_000, 1000);
        Assert.Equal(("1 min", 60_000L), (p.Source.Name, p.ResolutionMs));
    }

    [Fact]
    public void The_raw_retention_boundary_is_inclusive()
    {
        Assert.Equal("1 s", HistoryPlan.Choose(Tiers, Now, Now.AddDays(-1), Now, 1000, 100_000).Source.Name);
        var older = HistoryPlan.Choose(Tiers, Now, Now.AddDays(-1).AddMilliseconds(-1), Now, 1000, 100_000);
        Assert.Equal(("1 min", 60_000L), (older.Source.Name, older.ResolutionMs)); // raw no longer reaches back: its own resolution
    }

    [Fact]
    public void A_resolution_the_tier_does_not_divide_is_rounded_up_to_a_multiple_of_it()
    {
        var p = HistoryPlan.Choose(Tiers, Now, Now.AddDays(-30), Now, 90_000, 1000);
        Assert.Equal(("1 min", 120_000L), (p.Source.Name, p.ResolutionMs));
    }

    [Fact]
    public void Older_than_a_year_comes_from_the_hour_tier_and_older_than_every_tier_from_the_coarsest()
    {
        Assert.Equal("1 h", HistoryPlan.Choose(Tiers, Now, Now.AddDays(-400), Now, null, 1000).Source.Name);
        Assert.Equal("1 h", HistoryPlan.Choose(Tiers, Now, Now.AddDays(-4000), Now.AddDays(-3999), null, 1000).Source.Name);
    }
}
