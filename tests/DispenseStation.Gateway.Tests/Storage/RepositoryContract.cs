using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Tests.Storage;

/// <summary>The repository behaviour every database must show; run once per provider by the subclasses.</summary>
public abstract class RepositoryContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, empty, not yet migrated database.</summary>
    protected abstract Task<(SqlDialect Dialect, string ConnectionString)> NewDatabaseAsync();

    private async Task<(IGatewayRepository Repo, SqlDialect Dialect, string Cs)> MigratedAsync()
    {
        var (dialect, cs) = await NewDatabaseAsync();
        await new Migrator(dialect, cs).MigrateAsync();
        return (new SqlGatewayRepository(dialect, cs), dialect, cs);
    }

    private static BatchRecord Batch(string id, string station, DateTimeOffset created) => new(
        id, station, "negative-resist-A", "name: negative-resist-A\n", 250.0, "alice",
        new Dictionary<string, string> { ["resin-PHS"] = "LOT-2211", ["PGMEA"] = "LOT-0042" },
        BatchState.Created, null, created, null, null);

    [SkippableFact]
    public async Task Migrations_apply_once_in_order_and_are_recorded()
    {
        var (dialect, cs) = await NewDatabaseAsync();
        var migrator = new Migrator(dialect, cs);
        Assert.Equal(Migrations.All.Select(m => m.Version), await migrator.MigrateAsync());
        Assert.Empty(await migrator.MigrateAsync());
        Assert.Equal(Migrations.All.Select(m => m.Version), await migrator.AppliedVersionsAsync());
    }

    [SkippableFact]
    public async Task A_failing_migration_leaves_nothing_behind()
    {
        var (dialect, cs) = await NewDatabaseAsync();
        var broken = Migrations.All.Append(new Migration(99, "broken", _ => "CREATE TABLE half_done (x INTEGER); THIS IS NOT SQL;")).ToList();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new Migrator(dialect, cs, broken).MigrateAsync());
        Assert.Contains("Migration 99 'broken' failed", e.Message);
        Assert.Equal(Migrations.All.Select(m => m.Version), await new Migrator(dialect, cs).AppliedVersionsAsync());
        await using var c = dialect.CreateConnection(cs);
        await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("SELECT COUNT(*) FROM half_done"));
    }

    [SkippableFact]
    public async Task Stations_keep_first_seen_and_last_known_firmware()
    {
        var (repo, _, _) = await MigratedAsync();
        await repo.UpsertStationAsync("st-1", "1.0.0", T0);
        await repo.UpsertStationAsync("st-1", null, T0.AddMinutes(5));
        await repo.UpsertStationAsync("st-1", null, T0.AddMinutes(1)); // late, out-of-order message
        var s = await repo.GetStationAsync("st-1");
        Assert.Equal(new StationRecord("st-1", "1.0.0", T0, T0.AddMinutes(5)), s);
        await repo.UpsertStationAsync("st-0", "2.0.0", T0);
        Assert.Equal(["st-0", "st-1"], (await repo.ListStationsAsync()).Select(x => x.Id));
        Assert.Null(await repo.GetStationAsync("nope"));
    }

    [SkippableFact]
    public async Task A_batch_round_trips_with_its_lots_and_follows_its_states()
    {
        var (repo, _, _) = await MigratedAsync();
        await repo.UpsertStationAsync("st-1", "1.0.0", T0);
        var b = Batch("B-1", "st-1", T0);
        await repo.CreateBatchAsync(b);
        Assert.Equal(b.Lots, (await repo.GetBatchAsync("B-1"))!.Lots);

        Assert.True(await repo.UpdateBatchStateAsync("B-1", BatchState.Dispatched, T0.AddSeconds(1), null));
        Assert.True(await repo.UpdateBatchStateAsync("B-1", BatchState.Running, T0.AddSeconds(2), null));
        Assert.True(await repo.UpdateBatchStateAsync("B-1", BatchState.Held, T0.AddSeconds(3), "operator hold"));
        Assert.True(await repo.UpdateBatchStateAsync("B-1", BatchState.Running, T0.AddSeconds(4), null));
        Assert.True(await repo.UpdateBatchStateAsync("B-1", BatchState.Complete, T0.AddSeconds(9), null));
        var done = (await repo.GetBatchAsync("B-1"))!;
        Assert.Equal(BatchState.Complete, done.State);
        Assert.Equal(T0.AddSeconds(2), done.StartedAt); // the first Running, not the resume
        Assert.Equal(T0.AddSeconds(9), done.EndedAt);

        // A closed batch record stays closed.
        Assert.False(await repo.UpdateBatchStateAsync("B-1", BatchState.Aborted, T0.AddSeconds(10), "late abort"));
        Assert.Equivalent(done, await repo.GetBatchAsync("B-1"), strict: true);
        Assert.False(await repo.UpdateBatchStateAsync("B-404", BatchState.Running, T0, null));
    }

    [SkippableFact]
    public async Task A_batch_needs_a_known_station_a_new_id_and_state_Created()
    {
        var (repo, _, _) = await MigratedAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => repo.CreateBatchAsync(Batch("B-1", "ghost", T0)));
        await repo.UpsertStationAsync("st-1", null, T0);
        await repo.CreateBatchAsync(Batch("B-1", "st-1", T0));
        await Assert.ThrowsAnyAsync<DbException>(() => repo.CreateBatchAsync(Batch("B-1", "st-1", T0)));
        await Assert.ThrowsAsync<ArgumentException>(() => repo.CreateBatchAsync(Batch("B-2", "st-1", T0) with { State = BatchState.Running }));
        Assert.Null(await repo.GetBatchAsync("B-2"));
    }

    [SkippableFact]
    public async Task Batches_list_newest_first_per_station_with_a_limit()
    {
        var (repo, _, _) = await MigratedAsync();
        await repo.UpsertStationAsync("st-1", null, T0);
        await repo.UpsertStationAsync("st-2", null, T0);
        for (var i = 0; i < 5; i++) await repo.CreateBatchAsync(Batch($"B-{i}", i % 2 == 0 ? "st-1" : "st-2", T0.AddMinutes(i)));
        Assert.Equal(["B-4", "B-3", "B-2"], (await repo.ListBatchesAsync(null, 3)).Select(b => b.Id));
        Assert.Equal(["B-4", "B-2", "B-0"], (await repo.ListBatchesAsync("st-1", 10)).Select(b => b.Id));
    }

    [SkippableFact]
    public async Task Doses_keep_target_actual_error_and_duration_once_per_sequence()
    {
        var (repo, _, _) = await MigratedAsync();
        await repo.UpsertStationAsync("st-1", null, T0);
        await repo.CreateBatchAsync(Batch("B-1", "st-1", T0));
        var d2 = new DoseRecord("B-1", 2, 3, "PAG-solution", 12.5, 12.47, TimeSpan.FromMilliseconds(8250), T0.AddSeconds(30));
        var d1 = new DoseRecord("B-1", 1, 1, "resin-PHS", 100.0, 100.02, TimeSpan.FromSeconds(41), T0.AddSeconds(20));
        await repo.AddDoseAsync(d2);
        await repo.AddDoseAsync(d1);
        var doses = await repo.GetDosesAsync("B-1");
        Assert.Equal([d1, d2], doses);
        Assert.Equal(-0.03, doses[1].ErrorGrams, 9);
        await Assert.ThrowsAnyAsync<DbException>(() => repo.AddDoseAsync(d1 with { ActualGrams = 99 }));
    }

    [SkippableFact]
    public async Task Bake_traces_and_alarms_belong_to_their_batch()
    {
        var (repo, _, _) = await MigratedAsync();
        await repo.UpsertStationAsync("st-1", null, T0);
        await repo.CreateBatchAsync(Batch("B-1", "st-1", T0));
        var trace = Enumerable.Range(0, 60).Select(i => new BakeTracePoint("B-1", i < 30 ? 1 : 2, T0.AddSeconds(i), 100, 99.5 + i * 0.01, 0.4)).ToList();
        await repo.AddBakeTraceAsync(trace);
        Assert.Equal(trace, await repo.GetBakeTraceAsync("B-1"));

        var a1 = await repo.RaiseAlarmAsync("st-1", "B-1", "NO_FLOW", "error", "channel 2: no flow", T0.AddSeconds(5));
        var a2 = await repo.RaiseAlarmAsync("st-1", null, "PLATE_SENSOR", "warning", "RTD noisy", T0.AddSeconds(6));
        Assert.True(await repo.ClearAlarmAsync(a1, T0.AddSeconds(20)));
        Assert.False(await repo.ClearAlarmAsync(a1, T0.AddSeconds(21)));
        Assert.Equal([a2], (await repo.ListAlarmsAsync("st-1", null, activeOnly: true)).Select(a => a.Id));
        var ofBatch = Assert.Single(await repo.ListAlarmsAsync(null, "B-1", activeOnly: false));
        Assert.Equal(T0.AddSeconds(20), ofBatch.ClearedAt);
    }

    [SkippableFact]
    public async Task Telemetry_is_queried_by_range_and_pruned_by_age()
    {
        var (repo, _, _) = await MigratedAsync();
        await repo.UpsertStationAsync("st-1", null, T0);
        var samples = Enumerable.Range(0, 10).Select(d => new TelemetrySample("st-1", T0.AddDays(d), d, 20 + d, d % 2 == 0 ? 100 : null, 0.5)).ToList();
        await repo.AddTelemetryAsync(samples);
        Assert.Equal(samples.Skip(2).Take(3), await repo.GetTelemetryAsync("st-1", T0.AddDays(2), T0.AddDays(4)));
        Assert.Equal(4, await repo.PruneTelemetryAsync(T0.AddDays(4)));
        Assert.Equal(samples.Skip(4), await repo.GetTelemetryAsync("st-1", T0, T0.AddDays(30)));
    }

    [SkippableFact]
    public async Task The_audit_log_appends_and_refuses_updates_and_deletes_in_the_database()
    {
        var (repo, dialect, cs) = await MigratedAsync();
        var id1 = await repo.AppendAuditAsync(T0, "bob", AuditEntity.Recipe, "negative-resist-A", "create", "{\"version\":1}");
        var id2 = await repo.AppendAuditAsync(T0.AddMinutes(1), "eve", AuditEntity.Parameter, "st-1/plate.kp", "change", "{\"from\":4.0,\"to\":4.5}");
        Assert.True(id2 > id1);
        Assert.Equal(["bob", "eve"], (await repo.ListAuditAsync(null, null)).Select(a => a.Actor));
        var only = Assert.Single(await repo.ListAuditAsync(AuditEntity.Parameter, "st-1/plate.kp"));
        Assert.Equal("{\"from\":4.0,\"to\":4.5}", only.Details);

        await using var c = dialect.CreateConnection(cs);
        var upd = await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("UPDATE audit_log SET actor = 'mallory'"));
        Assert.Contains("append-only", upd.Message);
        await Assert.ThrowsAnyAsync<DbException>(() => c.ExecuteAsync("DELETE FROM audit_log"));
        Assert.Equal(2, (await repo.ListAuditAsync(null, null)).Count(a => a.Actor != "mallory"));
    }

    [Fact]
    public void Migration_numbers_are_consecutive_from_one() =>
        Assert.Equal(Enumerable.Range(1, Migrations.All.Count), Migrations.All.Select(m => m.Version));
}
