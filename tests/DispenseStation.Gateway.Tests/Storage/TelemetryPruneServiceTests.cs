using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Storage;

public sealed class TelemetryPruneServiceTests : IDisposable
{
    private readonly TempDir _dir = new("ds-prune-");

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Prune_keeps_exactly_the_retention_window()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var options = new GatewayOptions
        {
            Storage = { ConnectionString = $"Data Source={_dir.File("t.db")}" },
            Telemetry = { RetentionDays = 7 },
        };
        var cs = StorageSetup.Normalize(options.Storage);
        var dialect = SqlDialect.For(StorageProvider.Sqlite);
        await new Migrator(dialect, cs).MigrateAsync();
        var repo = new SqlGatewayRepository(dialect, cs);
        await repo.UpsertStationAsync("st-1", null, now);
        // One sample every 6 hours over the last 10 days, plus one exactly at the cut-off.
        var samples = Enumerable.Range(0, 40).Select(i => new TelemetrySample("st-1", now.AddHours(-6 * i), i, 20, 20, 0)).ToList();
        await repo.AddTelemetryAsync(samples);

        var service = new TelemetryPruneService(repo, Options.Create(options), new FixedClock(now), NullLogger<TelemetryPruneService>.Instance);
        var removed = await service.PruneOnceAsync(CancellationToken.None);

        var kept = await repo.GetTelemetryAsync("st-1", now.AddDays(-30), now);
        Assert.Equal(40 - 29, removed); // i = 0..28 are within 7 days (i = 28 is exactly 7 days old)
        Assert.Equal(29, kept.Count);
        Assert.All(kept, s => Assert.True(s.At >= now.AddDays(-7)));
        Assert.Equal(0, await service.PruneOnceAsync(CancellationToken.None));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
