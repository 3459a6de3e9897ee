using System.Reflection;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Storage.Spool;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DispenseStation.Gateway.Tests.Storage.Spool;

/// <summary>
/// The spool in front of a real SQLite repository whose writes fail with SQLITE_FULL while
/// <see cref="FullDisk.Full"/> is set (a wrapper that throws what Microsoft.Data.Sqlite throws on a full disk).
/// </summary>
public sealed class SpoolingRepositoryTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("ds-spoolrepo-");
    private SqlGatewayRepository _db = null!;

    /// <summary>Forwards to the database, except that writes throw SQLITE_FULL (13) while Full is set.</summary>
    public class FullDisk : DispatchProxy
    {
        public IGatewayRepository Inner = null!;
        public bool Full;

        public static (IGatewayRepository Repo, FullDisk Switch) Over(IGatewayRepository inner)
        {
            var proxy = Create<IGatewayRepository, FullDisk>();
            var self = (FullDisk)(object)proxy;
            self.Inner = inner;
            return (proxy, self);
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            var write = !method!.Name.StartsWith("Get", StringComparison.Ordinal) && !method.Name.StartsWith("List", StringComparison.Ordinal);
            if (Full && write)
            {
                var fault = new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
                return method.ReturnType == typeof(Task<bool>) ? Task.FromException<bool>(fault) : method.ReturnType == typeof(Task<long>) ? Task.FromException<long>(fault) : Task.FromException(fault);
            }
            return method.Invoke(Inner, args);
        }
    }

    public async Task InitializeAsync()
    {
        var cs = StorageSetup.Normalize(new StorageOptions { ConnectionString = $"Data Source={_dir.File("g.db")}" });
        var dialect = SqlDialect.For(StorageProvider.Sqlite);
        await new Migrator(dialect, cs).MigrateAsync();
        _db = new SqlGatewayRepository(dialect, cs);
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        await _db.UpsertStationAsync("st-1", "1.0", now);
        await _db.CreateBatchAsync(new BatchRecord("b-1", "st-1", "recipe", "name: recipe", 100, "alice", new Dictionary<string, string>(), BatchState.Created, null, now, null, null));
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private static DoseRecord Dose(int n) => new("b-1", n, 1, "resin", 1.0 * n, 1.0 * n + 0.001, TimeSpan.FromSeconds(n), DateTimeOffset.UnixEpoch.AddYears(56).AddSeconds(n));

    [Fact]
    public async Task Writes_refused_by_a_full_disk_are_spooled_in_order_and_stored_when_it_writes_again()
    {
        var (faulty, disk) = FullDisk.Over(_db);
        var health = new StorageHealth(TimeProvider.System, NullLogger<StorageHealth>.Instance);
        using var spool = new DurableSpool(_dir.File("g.db.spool"), 64 * 1024);
        var repo = SpoolingRepository.Create(faulty, spool, health, NullLogger.Instance);

        await repo.UpdateBatchStateAsync("b-1", BatchState.Running, DateTimeOffset.UnixEpoch.AddYears(56), null);
        await repo.AddDoseAsync(Dose(1));
        disk.Full = true;
        await repo.AddDoseAsync(Dose(2));
        Assert.Equal(StorageCondition.Spooling, health.Condition);
        disk.Full = false;
        // Still spooling while anything waits: a later write must not overtake the spooled ones.
        await repo.AddDoseAsync(Dose(3));
        Assert.True(await repo.UpdateBatchStateAsync("b-1", BatchState.Complete, DateTimeOffset.UnixEpoch.AddYears(56).AddMinutes(1), null));
        Assert.Equal(3, spool.Pending);
        Assert.Equal([1], (await repo.GetDosesAsync("b-1")).Select(d => d.Sequence));

        disk.Full = true;
        Assert.Equal(3, await SpoolReplayService.ReplayAsync(spool, faulty, health, NullLogger.Instance));
        disk.Full = false;
        Assert.Equal(0, await SpoolReplayService.ReplayAsync(spool, faulty, health, NullLogger.Instance));

        Assert.Equal([1, 2, 3], (await repo.GetDosesAsync("b-1")).Select(d => d.Sequence));
        Assert.Equal(Dose(2), (await repo.GetDosesAsync("b-1"))[1]);
        Assert.Equal(BatchState.Complete, (await repo.GetBatchAsync("b-1"))!.State);
        Assert.Equal(StorageCondition.Healthy, health.Condition);
    }

    [Fact]
    public async Task Spooled_writes_survive_a_gateway_restart()
    {
        var (faulty, disk) = FullDisk.Over(_db);
        var health = new StorageHealth(TimeProvider.System, NullLogger<StorageHealth>.Instance);
        disk.Full = true;
        using (var spool = new DurableSpool(_dir.File("g.db.spool"), 64 * 1024))
        {
            var repo = SpoolingRepository.Create(faulty, spool, health, NullLogger.Instance);
            await repo.AddDoseAsync(Dose(1));
            await repo.AddDoseAsync(Dose(2));
        }
        disk.Full = false;
        using (var spool = new DurableSpool(_dir.File("g.db.spool"), 64 * 1024))
        {
            Assert.Equal(0, await SpoolReplayService.ReplayAsync(spool, _db, health, NullLogger.Instance));
        }
        Assert.Equal([1, 2], (await _db.GetDosesAsync("b-1")).Select(d => d.Sequence));
    }

    [Fact]
    public async Task When_the_spool_is_used_up_the_write_fails_loudly_and_the_alarm_says_read_only()
    {
        var (faulty, disk) = FullDisk.Over(_db);
        var health = new StorageHealth(TimeProvider.System, NullLogger<StorageHealth>.Instance);
        using var spool = new DurableSpool(_dir.File("tiny.spool"), 16 + 8 + 10);
        var repo = SpoolingRepository.Create(faulty, spool, health, NullLogger.Instance);
        disk.Full = true;
        var e = await Assert.ThrowsAsync<SqliteException>(() => repo.AddDoseAsync(Dose(1)));
        Assert.Equal(13, e.SqliteErrorCode);
        Assert.Equal(StorageCondition.ReadOnly, health.Condition);
        Assert.Contains("spool", health.Reason);
    }

    [Fact]
    public async Task Reads_and_other_writes_pass_through_unchanged()
    {
        var (faulty, disk) = FullDisk.Over(_db);
        var health = new StorageHealth(TimeProvider.System, NullLogger<StorageHealth>.Instance);
        using var spool = new DurableSpool(_dir.File("g.db.spool"), 64 * 1024);
        var repo = SpoolingRepository.Create(faulty, spool, health, NullLogger.Instance);
        Assert.Equal("st-1", (await repo.GetStationAsync("st-1"))!.Id);
        disk.Full = true;
        await Assert.ThrowsAsync<SqliteException>(() => repo.UpsertStationAsync("st-2", null, DateTimeOffset.UnixEpoch));
        Assert.Equal(0, spool.Pending);
    }
}
