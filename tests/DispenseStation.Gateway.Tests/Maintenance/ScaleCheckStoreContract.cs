using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Maintenance;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Maintenance;

/// <summary>Scale checks and the batch calibration block on each database (migration 8), run once per provider.</summary>
public abstract class ScaleCheckStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    protected abstract Task<StorageOptions> NewDatabaseAsync();

    private async Task<(StorageSetup Setup, ScaleCheckStore Store, SqlGatewayRepository Repo)> OpenAsync()
    {
        var setup = new StorageSetup(Options.Create(new GatewayOptions { Storage = await NewDatabaseAsync() }), NullLogger<StorageSetup>.Instance);
        await setup.StartAsync(default);
        var repo = new SqlGatewayRepository(setup.Dialect, setup.ConnectionString);
        await repo.UpsertStationAsync("st-1", "1.0", T0);
        await repo.UpsertStationAsync("st-2", "1.0", T0);
        return (setup, new ScaleCheckStore(setup), repo);
    }

    private static ScaleCheckRecord Check(string station, DateTimeOffset at, double loaded, bool passed, string? firmware = "1.0") =>
        new(0, station, at, "tina", at.AddMinutes(-2), "tom", 200, "F1-200-2291", 0.0012, loaded, loaded - 0.0012, loaded - 0.0012 - 200, 0.05, passed, firmware);

    [SkippableFact]
    public async Task Checks_round_trip_newest_first_per_station()
    {
        var (_, store, _) = await OpenAsync();
        var first = await store.AddAsync(Check("st-1", T0, 200.0102, true), default);
        var second = await store.AddAsync(Check("st-1", T0.AddDays(1), 200.2012, false, firmware: null), default);
        await store.AddAsync(Check("st-2", T0.AddHours(1), 200.0012, true), default);
        Assert.True(second.Id > first.Id);

        var list = await store.ListAsync("st-1", 10, default);
        Assert.Equal([second.Id, first.Id], list.Select(c => c.Id));
        Assert.Equal(second, list[0]);
        Assert.Equal(first, list[1]);
        Assert.Equal(3, (await store.ListAsync(null, 10, default)).Count);
        Assert.Single(await store.ListAsync(null, 1, default));
        Assert.Equal(second.Id, (await store.LatestAsync("st-1", default))!.Id);
        Assert.Null(await store.LatestAsync("st-3", default));
    }

    [SkippableFact]
    public async Task Checks_are_append_only_and_need_a_known_station()
    {
        var (setup, store, _) = await OpenAsync();
        await store.AddAsync(Check("st-1", T0, 200.01, true), default);
        await using var c = await setup.OpenAsync(default);
        var upd = await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("UPDATE scale_checks SET passed = 1"));
        Assert.Contains("append-only", upd.Message);
        await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("DELETE FROM scale_checks"));
        await Assert.ThrowsAnyAsync<DbException>(() => store.AddAsync(Check("nobody", T0, 200, true), default));
        Assert.Single(await store.ListAsync(null, 10, default));
    }

    [SkippableFact]
    public async Task A_batch_keeps_its_calibration_block_and_older_batches_have_none()
    {
        var (_, store, repo) = await OpenAsync();
        var check = await store.AddAsync(Check("st-1", T0.AddDays(-2), 200.0102, true), default);
        var calibration = new BatchCalibration(T0, true, true, T0.AddDays(-40), 200, false, null, ScaleCheckSummary.Of(check), 30, 183);
        await repo.CreateBatchAsync(new BatchRecord("B-1", "st-1", "r", "name: r", 100, "ana", new Dictionary<string, string>(),
            BatchState.Created, null, T0, null, null, calibration));
        await repo.CreateBatchAsync(new BatchRecord("B-0", "st-1", "r", "name: r", 100, "ana", new Dictionary<string, string>(),
            BatchState.Created, null, T0.AddMinutes(-5), null, null));
        var b = await repo.GetBatchAsync("B-1");
        Assert.Equal(calibration, b!.Calibration);
        Assert.Equal(["rtd-not-calibrated"], b.Calibration!.Flags().Select(f => f.Code));
        Assert.Null((await repo.GetBatchAsync("B-0"))!.Calibration);
        Assert.Equal(calibration, (await repo.ListBatchesAsync("st-1", 10)).Single(x => x.Id == "B-1").Calibration);
    }
}

public sealed class SqliteScaleCheckStoreTests : ScaleCheckStoreContract, IDisposable
{
    private readonly SqliteTestDatabases _databases = new("ds-sqlite-scale-");

    protected override Task<StorageOptions> NewDatabaseAsync() => Task.FromResult(_databases.Next());

    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresScaleCheckStoreTests(PostgresServer server) : ScaleCheckStoreContract
{
    protected override Task<StorageOptions> NewDatabaseAsync() => server.NewStorageAsync();
}
