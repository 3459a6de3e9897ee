using Dapper;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Fleet;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Fleet;

/// <summary>
/// The lease table's rules on each database (migration 13). The clock is a one-row table the test sets, standing in
/// for the database's own clock, so a lease can be put exactly on its expiry.
/// </summary>
public abstract class StationLeaseStoreContract
{
    private const string Clock = "(SELECT now_ms FROM test_clock)";
    private const long T0 = 1_780_000_000_000;

    protected abstract Task<StorageOptions> NewDatabaseAsync();

    private async Task<(StationLeaseStore Store, Func<long, Task> SetClock, StorageSetup Setup)> OpenAsync()
    {
        var setup = new StorageSetup(Options.Create(new GatewayOptions { Storage = await NewDatabaseAsync() }), NullLogger<StorageSetup>.Instance);
        await setup.StartAsync(default);
        await using (var c = await setup.OpenAsync(default))
        {
            await c.ExecuteAsync("CREATE TABLE test_clock (now_ms BIGINT NOT NULL)");
            await c.ExecuteAsync("INSERT INTO test_clock (now_ms) VALUES (@T0)", new { T0 });
        }
        async Task Set(long ms)
        {
            await using var c = await setup.OpenAsync(default);
            await c.ExecuteAsync("UPDATE test_clock SET now_ms = @ms", new { ms });
        }
        return (new StationLeaseStore(setup, Clock), Set, setup);
    }

    [SkippableFact]
    public async Task The_first_instance_takes_a_free_station_and_the_second_is_refused_while_it_is_held()
    {
        var (store, _, _) = await OpenAsync();
        var a = await store.TryAcquireAsync("st-1", "gw-a", 10_000, default);
        Assert.Equal(new StationLease("st-1", "gw-a", 1, T0, T0 + 10_000), a);
        Assert.Null(await store.TryAcquireAsync("st-1", "gw-b", 10_000, default));
        Assert.Equal("gw-a", (await store.GetAsync("st-1", default))!.Owner);
        Assert.NotNull(await store.TryAcquireAsync("st-2", "gw-b", 10_000, default));
        Assert.Equal(["st-1", "st-2"], (await store.ListAsync(default)).Select(l => l.StationId));
    }

    [SkippableFact]
    public async Task A_lease_is_held_until_one_ms_before_expiry_and_taken_at_expiry_with_a_new_epoch()
    {
        var (store, setClock, _) = await OpenAsync();
        await store.TryAcquireAsync("st-1", "gw-a", 10_000, default);
        await setClock(T0 + 9_999);
        Assert.True(await store.IsHeldAsync("st-1", "gw-a", 1, default));
        Assert.Null(await store.TryAcquireAsync("st-1", "gw-b", 10_000, default));

        await setClock(T0 + 10_000);
        Assert.False(await store.IsHeldAsync("st-1", "gw-a", 1, default));
        var b = await store.TryAcquireAsync("st-1", "gw-b", 10_000, default);
        Assert.Equal(new StationLease("st-1", "gw-b", 2, T0 + 10_000, T0 + 20_000), b);
        // The old owner comes back: its renewal and its fence both fail, under either epoch.
        Assert.False(await store.RenewAsync("st-1", "gw-a", 1, 10_000, default));
        Assert.False(await store.IsHeldAsync("st-1", "gw-a", 1, default));
        Assert.False(await store.IsHeldAsync("st-1", "gw-a", 2, default));
        Assert.True(await store.IsHeldAsync("st-1", "gw-b", 2, default));
    }

    [SkippableFact]
    public async Task Renewal_extends_from_the_database_clock_and_needs_the_epoch_held()
    {
        var (store, setClock, _) = await OpenAsync();
        await store.TryAcquireAsync("st-1", "gw-a", 10_000, default);
        await setClock(T0 + 9_999);
        Assert.False(await store.RenewAsync("st-1", "gw-a", 2, 10_000, default));
        Assert.True(await store.RenewAsync("st-1", "gw-a", 1, 10_000, default));
        Assert.Equal(T0 + 19_999, (await store.GetAsync("st-1", default))!.ExpiresMs);
        // Run out, even with nobody else waiting: the lease is gone, and taking it again starts a new epoch.
        await setClock(T0 + 19_999);
        Assert.False(await store.RenewAsync("st-1", "gw-a", 1, 10_000, default));
        Assert.Equal(2, (await store.TryAcquireAsync("st-1", "gw-a", 10_000, default))!.Epoch);
    }

    [SkippableFact]
    public async Task Release_hands_the_station_over_at_once()
    {
        var (store, _, _) = await OpenAsync();
        await store.TryAcquireAsync("st-1", "gw-a", 10_000, default);
        Assert.False(await store.ReleaseAsync("st-1", "gw-b", 1, default));
        Assert.True(await store.ReleaseAsync("st-1", "gw-a", 1, default));
        Assert.Equal(2, (await store.TryAcquireAsync("st-1", "gw-b", 10_000, default))!.Epoch);
    }

    [SkippableFact]
    public async Task A_row_edited_by_hand_beyond_what_any_instance_could_write_counts_as_expired()
    {
        var (store, _, setup) = await OpenAsync();
        var maxAhead = (long)(FleetOptionsValidator.MaxLeaseSeconds * 1000);
        await store.TryAcquireAsync("st-1", "gw-a", 10_000, default);
        await using var c = await setup.OpenAsync(default);
        // Exactly the longest lease ahead: possible, so held.
        await c.ExecuteAsync("UPDATE station_leases SET expires_ms = @e", new { e = T0 + maxAhead });
        Assert.Null(await store.TryAcquireAsync("st-1", "gw-b", 10_000, default));
        // One ms beyond it (an expiry typed in by hand, a clock set years ahead): taken over.
        await c.ExecuteAsync("UPDATE station_leases SET expires_ms = @e", new { e = T0 + maxAhead + 1 });
        Assert.False(await store.IsHeldAsync("st-1", "gw-a", 1, default));
        Assert.Equal(2, (await store.TryAcquireAsync("st-1", "gw-b", 10_000, default))!.Epoch);
        // An epoch below 1: taken, and the new epoch is 1, above anything written before.
        await c.ExecuteAsync("UPDATE station_leases SET epoch = -5");
        Assert.Equal(new StationLease("st-1", "gw-c", 1, T0, T0 + 10_000), await store.TryAcquireAsync("st-1", "gw-c", 10_000, default));
    }

    [SkippableFact]
    public async Task The_handled_position_is_written_only_under_the_epoch_held_and_survives_a_change_of_owner()
    {
        var (store, setClock, _) = await OpenAsync();
        Assert.Equal(HandledPosition.None, await store.HandledOfAsync("st-1", default)); // no row yet
        await store.TryAcquireAsync("st-1", "gw-a", 10_000, default);
        Assert.Equal(HandledPosition.None, await store.HandledOfAsync("st-1", default));
        Assert.True(await store.RecordHandledAsync("st-1", "gw-a", 1, new HandledPosition(41, 9_000), default));
        Assert.False(await store.RecordHandledAsync("st-1", "gw-b", 1, new HandledPosition(99, 9_900), default)); // not the owner
        Assert.False(await store.RecordHandledAsync("st-1", "gw-a", 2, new HandledPosition(99, 9_900), default)); // not its epoch
        Assert.Equal(new HandledPosition(41, 9_000), await store.HandledOfAsync("st-1", default));

        // The owner is paused past its lease; the standby takes the station at expiry and reads where the record stops.
        await setClock(T0 + 10_000);
        Assert.False(await store.RecordHandledAsync("st-1", "gw-a", 1, new HandledPosition(42, 9_100), default)); // exactly at expiry: refused
        Assert.Equal(2, (await store.TryAcquireAsync("st-1", "gw-b", 10_000, default))!.Epoch);
        Assert.Equal(new HandledPosition(41, 9_000), await store.HandledOfAsync("st-1", default));
        Assert.True(await store.RecordHandledAsync("st-1", "gw-b", 2, new HandledPosition(42, 9_100), default));
        // The deposed owner wakes up and writes late under its old epoch: refused, the new owner's position stands.
        Assert.False(await store.RecordHandledAsync("st-1", "gw-a", 1, new HandledPosition(43, 9_200), default));
        Assert.Equal(new HandledPosition(42, 9_100), await store.HandledOfAsync("st-1", default));
    }

    [SkippableFact]
    public async Task The_database_clock_reads_unix_milliseconds()
    {
        var (_, _, setup) = await OpenAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var db = await new StationLeaseStore(setup).NowMsAsync(default);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Same machine, so the same clock: within the call and a rounding of the expression.
        Assert.InRange(db, before - 5, after + 5);
    }

    [SkippableFact]
    public async Task Instances_racing_for_a_free_station_leave_exactly_one_owner()
    {
        var (store, _, _) = await OpenAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.TryAcquireAsync("st-1", $"gw-{i}", 10_000, default))));
        var winner = Assert.Single(results, r => r is not null)!;
        Assert.Equal(1, winner.Epoch);
        Assert.Equal(winner, await store.GetAsync("st-1", default));
    }

    [SkippableFact]
    public async Task One_round_statement_renews_only_the_pairs_still_held_and_takes_only_the_free_stations()
    {
        var (store, setClock, _) = await OpenAsync();
        await store.TryAcquireAsync("st-1", "gw-a", 10_000, default);
        await store.TryAcquireAsync("st-2", "gw-a", 10_000, default);
        await store.TryAcquireAsync("st-3", "gw-b", 10_000, default);
        await store.TryAcquireAsync("st-4", "gw-a", 5_000, default);
        await setClock(T0 + 5_000); // st-4 runs out exactly now

        // st-2 under a wrong epoch, st-3 is another's, st-4 ran out: only st-1 is renewed.
        var renewed = await store.RenewAllAsync([("st-1", 1), ("st-2", 2), ("st-3", 1), ("st-4", 1)], "gw-a", 10_000, default);
        Assert.Equal(["st-1"], renewed.Order());
        Assert.Equal(T0 + 15_000, (await store.GetAsync("st-1", default))!.ExpiresMs);
        Assert.Equal(T0 + 10_000, (await store.GetAsync("st-2", default))!.ExpiresMs);

        // Free: st-4 (expired) and st-5 (no row); held: st-1, st-2 (gw-a), st-3 (gw-b).
        var taken = await store.TryAcquireAllAsync(["st-1", "st-2", "st-3", "st-4", "st-5"], "gw-c", 10_000, default);
        Assert.Equal([new StationLease("st-4", "gw-c", 2, T0 + 5_000, T0 + 15_000), new StationLease("st-5", "gw-c", 1, T0 + 5_000, T0 + 15_000)],
            taken.OrderBy(l => l.StationId));
        Assert.Equal(["gw-a", "gw-a", "gw-b", "gw-c", "gw-c"], (await store.GetAllAsync(["st-1", "st-2", "st-3", "st-4", "st-5", "st-6"], default)).OrderBy(l => l.StationId).Select(l => l.Owner));
    }

    [SkippableFact]
    public async Task A_round_over_more_stations_than_one_statement_takes_renews_and_reads_them_all()
    {
        var (store, _, _) = await OpenAsync();
        var ids = Enumerable.Range(0, 1_203).Select(i => $"st-{i:D4}").ToList();
        var taken = await store.TryAcquireAllAsync(ids, "gw-a", 10_000, default);
        Assert.Equal(ids.Count, taken.Count);
        var renewed = await store.RenewAllAsync(taken.Select(l => (l.StationId, l.Epoch)).ToList(), "gw-a", 10_000, default);
        Assert.Equal(ids, renewed.Order());
        Assert.Equal(ids.Count, (await store.GetAllAsync(ids, default)).Count);
        Assert.Empty(await store.TryAcquireAllAsync(ids, "gw-b", 10_000, default));
    }
}

public sealed class SqliteStationLeaseStoreTests : StationLeaseStoreContract, IDisposable
{
    private readonly SqliteTestDatabases _databases = new("ds-sqlite-lease-");

    protected override Task<StorageOptions> NewDatabaseAsync() => Task.FromResult(_databases.Next());

    public void Dispose() => _databases.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStationLeaseStoreTests(PostgresServer server) : StationLeaseStoreContract
{
    protected override Task<StorageOptions> NewDatabaseAsync() => server.NewStorageAsync();
}
