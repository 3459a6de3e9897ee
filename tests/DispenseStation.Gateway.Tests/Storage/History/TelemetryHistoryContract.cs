using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Storage.History;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Storage.History;

/// <summary>The 1 min and 1 h telemetry tiers (migration 6) on every database: roll-up, query at a resolution, prune.</summary>
public abstract class TelemetryHistoryContract
{
    // A whole hour, so the minute and hour buckets start at T0.
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    protected abstract Task<(SqlDialect Dialect, string ConnectionString)> NewDatabaseAsync();

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private async Task<(SqlGatewayRepository Repo, TelemetryHistoryStore Store, TelemetryRollupService Rollup, ManualClock Clock)> StartAsync(
        int minuteDays = 365, int rawDays = 30)
    {
        var (dialect, cs) = await NewDatabaseAsync();
        await new Migrator(dialect, cs).MigrateAsync();
        var repo = new SqlGatewayRepository(dialect, cs);
        await repo.UpsertStationAsync("st-1", null, T0);
        await repo.UpsertStationAsync("st-2", null, T0);
        var store = new TelemetryHistoryStore(dialect, cs);
        var clock = new ManualClock(T0);
        var rollup = new TelemetryRollupService(store, Options.Create(new GatewayOptions { Telemetry = { RetentionDays = rawDays } }),
            Options.Create(new TelemetryHistoryOptions { MinuteTierDays = minuteDays }), clock, NullLogger<TelemetryRollupService>.Instance);
        return (repo, store, rollup, clock);
    }

    // Three minutes of 1 s telemetry: plate = 100 + minute + second/100, scale only in the first half of each minute.
    private static List<TelemetrySample> ThreeMinutes(string station) =>
        Enumerable.Range(0, 180).Select(i => new TelemetrySample(station, T0.AddSeconds(i), i % 60 < 30 ? i : null,
            100 + i / 60 + (i % 60) / 100.0, 110, 0.5)).ToList();

    [SkippableFact]
    public async Task Complete_minutes_roll_up_to_exact_averages_with_plate_min_and_max_and_a_second_pass_changes_nothing()
    {
        var (repo, store, rollup, clock) = await StartAsync();
        await repo.AddTelemetryAsync(ThreeMinutes("st-1"));
        await repo.AddTelemetryAsync([new TelemetrySample("st-2", T0.AddSeconds(5), 1, 50, null, null)]);
        // 2 min 59 s: only the first two minutes are complete.
        clock.Now = T0.AddSeconds(179);
        await rollup.RunOnceAsync(CancellationToken.None);
        var minute = rollup.Tiers[1];
        var rows = await store.QueryAsync("st-1", minute, T0, T0.AddHours(1), TelemetryTier.MinuteMs, CancellationToken.None);
        Assert.Equal(2, rows.Count);

        clock.Now = T0.AddSeconds(180);
        await rollup.RunOnceAsync(CancellationToken.None);
        rows = await store.QueryAsync("st-1", minute, T0, T0.AddHours(1), TelemetryTier.MinuteMs, CancellationToken.None);
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2)], rows.Select(r => r.At));
        for (var m = 0; m < 3; m++)
        {
            var r = rows[m];
            Assert.Equal(60, r.Samples);
            Assert.Equal(100 + m + 0.295, r.PlateC!.Value, 9);         // mean of s/100 for s = 0..59 is 0.295
            Assert.Equal(100 + m, r.PlateMinC!.Value, 9);
            Assert.Equal(100 + m + 0.59, r.PlateMaxC!.Value, 9);
            Assert.Equal(60 * m + 14.5, r.ScaleGrams!.Value, 9);         // NULLs left out: mean of the first 30 seconds
            Assert.Equal(110, r.SetpointC!.Value, 9);
        }
        var st2 = await store.QueryAsync("st-2", minute, T0, T0.AddHours(1), TelemetryTier.MinuteMs, CancellationToken.None);
        Assert.Null(Assert.Single(st2).SetpointC);

        // Again over the same range: the same rows, not doubled.
        await rollup.RunOnceAsync(CancellationToken.None);
        var again = await store.QueryAsync("st-1", minute, T0, T0.AddHours(1), TelemetryTier.MinuteMs, CancellationToken.None);
        Assert.Equal(rows, again);
    }

    [SkippableFact]
    public async Task The_hour_tier_weights_minutes_by_their_samples_and_equals_the_average_of_the_raw_rows()
    {
        var (repo, store, rollup, clock) = await StartAsync();
        var raw = ThreeMinutes("st-1");
        raw.RemoveAll(s => s.At >= T0.AddSeconds(150)); // the last minute has only 30 rows: an unweighted mean of minutes would be off
        await repo.AddTelemetryAsync(raw);
        clock.Now = T0.AddHours(1).AddMinutes(59); // hour 08:00 is complete; 09:00 is not
        await rollup.RunOnceAsync(CancellationToken.None);
        var hour = rollup.Tiers[2];
        var row = Assert.Single(await store.QueryAsync("st-1", hour, T0.AddDays(-1), clock.Now, TelemetryTier.HourMs, CancellationToken.None));
        Assert.Equal(T0, row.At);
        Assert.Equal(150, row.Samples);
        Assert.Equal(raw.Average(s => s.PlateC!.Value), row.PlateC!.Value, 9);
        Assert.Equal(raw.Where(s => s.ScaleGrams is not null).Average(s => s.ScaleGrams!.Value), row.ScaleGrams!.Value, 9);
        Assert.Equal(raw.Min(s => s.PlateC!.Value), row.PlateMinC!.Value, 9);
        Assert.Equal(raw.Max(s => s.PlateC!.Value), row.PlateMaxC!.Value, 9);
    }

    [SkippableFact]
    public async Task A_range_is_read_at_a_coarser_resolution_and_the_minute_tier_agrees_with_the_raw_rows()
    {
        var (repo, store, rollup, clock) = await StartAsync();
        var raw = ThreeMinutes("st-1");
        await repo.AddTelemetryAsync(raw);
        clock.Now = T0.AddMinutes(5);
        await rollup.RunOnceAsync(CancellationToken.None);
        var (rawTier, minute) = (rollup.Tiers[0], rollup.Tiers[1]);

        var ten = await store.QueryAsync("st-1", rawTier, T0, T0.AddMinutes(3), 10_000, CancellationToken.None);
        Assert.Equal(18, ten.Count);
        Assert.Equal(raw.Take(10).Average(s => s.PlateC!.Value), ten[0].PlateC!.Value, 9);
        Assert.All(ten, p => Assert.Equal(10, p.Samples));
        // [from, to): the bucket at 'to' is not included.
        Assert.Equal(179, (await store.QueryAsync("st-1", rawTier, T0, T0.AddSeconds(179), 1000, CancellationToken.None)).Count);

        var fromRaw = await store.QueryAsync("st-1", rawTier, T0, T0.AddMinutes(3), TelemetryTier.MinuteMs, CancellationToken.None);
        var fromMinute = await store.QueryAsync("st-1", minute, T0, T0.AddMinutes(3), TelemetryTier.MinuteMs, CancellationToken.None);
        Assert.Equal(fromRaw.Count, fromMinute.Count);
        for (var i = 0; i < fromRaw.Count; i++)
        {
            Assert.Equal(fromRaw[i].At, fromMinute[i].At);
            Assert.Equal(fromRaw[i].PlateC!.Value, fromMinute[i].PlateC!.Value, 9);
        }
        // Two minutes from the minute tier: weighted means of the minutes.
        var two = Assert.Single(await store.QueryAsync("st-1", minute, T0, T0.AddMinutes(2), 120_000, CancellationToken.None));
        Assert.Equal(raw.Take(120).Average(s => s.PlateC!.Value), two.PlateC!.Value, 9);
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync("st-1", minute, T0, T0.AddMinutes(2), 90_000, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Each_tier_is_pruned_to_its_retention_exactly_at_the_boundary()
    {
        var (repo, store, rollup, clock) = await StartAsync(minuteDays: 2, rawDays: 30);
        await repo.AddTelemetryAsync(ThreeMinutes("st-1"));
        clock.Now = T0.AddMinutes(5);
        await rollup.RunOnceAsync(CancellationToken.None);
        var minute = rollup.Tiers[1];
        // Exactly two days after the first minute: that minute is at the cut and kept.
        clock.Now = T0.AddDays(2);
        await rollup.RunOnceAsync(CancellationToken.None);
        Assert.Equal(3, (await store.QueryAsync("st-1", minute, T0, T0.AddHours(1), TelemetryTier.MinuteMs, CancellationToken.None)).Count);
        // One millisecond later it is older than two days; the other two stay.
        clock.Now = T0.AddDays(2).AddMilliseconds(1);
        var (_, pruned) = await rollup.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, pruned);
        Assert.Equal([T0.AddMinutes(1), T0.AddMinutes(2)],
            (await store.QueryAsync("st-1", minute, T0, T0.AddHours(1), TelemetryTier.MinuteMs, CancellationToken.None)).Select(r => r.At));
    }
}

public sealed class SqliteTelemetryHistoryTests : TelemetryHistoryContract, IDisposable
{
    private readonly SqliteTestDatabases _databases = new("ds-sqlite-history-");

    protected override Task<(SqlDialect, string)> NewDatabaseAsync() =>
        Task.FromResult((SqlDialect.For(StorageProvider.Sqlite), StorageSetup.Normalize(_databases.Next())));

    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTelemetryHistoryTests(PostgresServer server) : TelemetryHistoryContract
{
    protected override async Task<(SqlDialect, string)> NewDatabaseAsync()
    {
        ExternalService.Require(server.Unavailable);
        return (SqlDialect.For(StorageProvider.Postgres), await server.CreateDatabaseAsync());
    }
}
