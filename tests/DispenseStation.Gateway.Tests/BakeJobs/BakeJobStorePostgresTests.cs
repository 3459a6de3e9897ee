using DispenseStation.Gateway.BakeJobs;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.BakeJobs;

/// <summary>The bake-job store's SQL on a real PostgreSQL and on SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BakeJobStorePostgresTests(PostgresServer server)
{
    [SkippableFact]
    public async Task Profiles_jobs_wafers_and_trace_round_trip_on_postgres()
    {
        ExternalService.Require(server.Unavailable);
        await RoundTrip(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync() });
    }

    [Fact]
    public async Task Profiles_jobs_wafers_and_trace_round_trip_on_sqlite()
    {
        using var dir = new TempDir("ds-bakestore-");
        await RoundTrip(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(dir.Path, "g.db")}" });
    }

    private static async Task RoundTrip(StorageOptions storage)
    {
        var options = Options.Create(new GatewayOptions { Storage = storage });
        var setup = new StorageSetup(options, NullLogger<StorageSetup>.Instance);
        await setup.StartAsync(default);
        var repo = new SqlGatewayRepository(setup.Dialect, setup.ConnectionString);
        var store = new BakeJobStore(setup);
        var t = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);
        await repo.UpsertStationAsync("st-1", "1.0", t);
        Assert.True(await store.AddProfileAsync("peb-110", 1, "yaml", "eva", t, default));
        Assert.False(await store.AddProfileAsync("peb-110", 1, "other", "eva", t, default)); // stored versions never change
        Assert.Equal("yaml", Assert.Single(await store.ListProfilesAsync("peb-110", default)).Yaml);
        Assert.Single(await store.ListProfilesAsync(null, default));
        await store.CreateJobAsync(new BakeJobRecord("J-1", "st-1", "peb-110", 1, 5, null, "tomas", BakeJobStates.Running, null, t, null), default);
        await store.AddWaferAsync(new WaferRecord("J-1", 0, 1, t, 12.5, "signature", 3.4, 60, 61, "on-time", 1.8, 27, 6300, 6600, true, ""), default);
        await store.AddTraceAsync("J-1", [new DispenseStation.Gateway.BakeJobs.BakeTracePoint(t, 0.5, 110.01, 110, 0.3)], default);
        await store.EndJobAsync("J-1", BakeJobStates.Complete, null, t.AddMinutes(5), default);
        var job = await store.GetJobAsync("J-1", default);
        Assert.Equal((BakeJobStates.Complete, 5, 1), (job!.State, job.Wafers, job.ProfileVersion));
        var w = Assert.Single(await store.GetWafersAsync("J-1", default));
        Assert.Equal((12.5, "signature", true, 6300.0), (w.DownTimeS, w.DownSource, w.Passed, w.DoseCs!.Value));
        Assert.Equal(110.01, Assert.Single(await store.GetTraceAsync("J-1", default)).PlateC);
        Assert.Null(job.Gains); // none reported when it started
        await store.CreateJobAsync(new BakeJobRecord("J-2", "st-1", "peb-110", 1, 1, null, "tomas", BakeJobStates.Running, null, t, null,
            new GainsUsed(0.08, 120.5, 9.25)), default);
        Assert.Equal(new GainsUsed(0.08, 120.5, 9.25), (await store.GetJobAsync("J-2", default))!.Gains);
        Assert.Equal(2, (await store.ListJobsAsync(10, default)).Count);
        // Withdrawn wafer-downs stay with the wafer's record (migration "bake wafers keep their withdrawn wafer-downs").
        Assert.Empty(w.Withdrawals);
        WaferWithdrawal[] withdrawn =
        [
            new(t.AddSeconds(30), 42.5, 35.25, "wafer-down withdrawn: the extra loss persisted (lid or draught)"),
            new(t.AddSeconds(70), null, null, null),
        ];
        await store.AddWaferAsync(new WaferRecord("J-1", 1, 1, t, 35.25, "operator-backdated", 9.5, 60, 60.5, "on-time", 1.1, 20, 6400, 6600, true, "")
            { Withdrawals = withdrawn }, default);
        var back = (await store.GetWafersAsync("J-1", default)).Single(x => x.Wafer == 1);
        Assert.Equal("operator-backdated", back.DownSource);
        Assert.Equal(withdrawn, back.Withdrawals);
    }

    [SkippableFact]
    public async Task A_wafer_stored_before_the_withdrawals_migration_reads_with_none_on_postgres()
    {
        ExternalService.Require(server.Unavailable);
        await OldWaferAsync(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync() });
    }

    [Fact]
    public async Task A_wafer_stored_before_the_withdrawals_migration_reads_with_none_on_sqlite()
    {
        using var dir = new TempDir("ds-bakestore-old-");
        await OldWaferAsync(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(dir.Path, "old.db")}" });
    }

    /// <summary>A database at migration 13 holding a finished job and its wafer; then the gateway that keeps withdrawals starts on it.</summary>
    private static async Task OldWaferAsync(StorageOptions storage)
    {
        var setup = new StorageSetup(Options.Create(new GatewayOptions { Storage = storage }), NullLogger<StorageSetup>.Instance);
        int before = Migrations.All.Single(m => m.Name.StartsWith("bake wafers keep their withdrawn", StringComparison.Ordinal)).Version - 1;
        Assert.Equal(before, (await new Migrator(setup.Dialect, setup.ConnectionString, Migrations.All.Take(before).ToList()).MigrateAsync()).Max());
        await using (var c = setup.Dialect.CreateConnection(setup.ConnectionString))
        {
            await c.OpenAsync();
            foreach (var sql in new[]
            {
                "INSERT INTO stations (id, firmware_version, first_seen_ms, last_seen_ms) VALUES ('st-1', '1.0', 1764000000000, 1764000000000)",
                "INSERT INTO bake_profiles (name, version, yaml, author, created_ms) VALUES ('peb-110', 1, 'yaml', 'eva', 1764000000000)",
                "INSERT INTO bake_jobs (id, station_id, profile_name, profile_version, wafers, resist_batch_id, operator, state, state_reason, created_ms, ended_ms) "
                    + "VALUES ('J-OLD', 'st-1', 'peb-110', 1, 1, NULL, 'tomas', 'Complete', NULL, 1764000000000, 1764000300000)",
                "INSERT INTO bake_wafers (job_id, wafer, profile_version, down_ms, down_t_s, down_source, detect_lag_s, planned_s, time_on_plate_s, removal, "
                    + "dip_c, recover_s, dose_cs, ideal_dose_cs, passed, failures) "
                    + "VALUES ('J-OLD', 0, 1, 1764000012500, 12.5, 'signature', 3.4, 60, 61, 'on-time', 1.8, 27, 6300, 6600, 1, '')",
            })
            {
                var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                await cmd.ExecuteNonQueryAsync();
            }
        }
        await setup.StartAsync(default); // migrates the rest
        var w = Assert.Single(await new BakeJobStore(setup).GetWafersAsync("J-OLD", default));
        Assert.Equal((12.5, "signature", 61.0, true), (w.DownTimeS, w.DownSource, w.TimeOnPlateS, w.Passed));
        Assert.Empty(w.Withdrawals);
    }
}
