using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.PumpMaintenance;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.PumpMaintenance;

/// <summary>The pump run store's SQL on SQLite and on a real PostgreSQL: requests and results join by command id,
/// a re-delivered result is stored once, a calibration's table comes back in order (a single-flow one stored before
/// the table as one row), the current table per channel is the newest completed one, and no table takes an update or
/// a delete.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PumpRunStoreTests(PostgresServer server) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ds-pumps-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public Task Runs_round_trip_on_sqlite()
    {
        Directory.CreateDirectory(_dir);
        return RoundTripAsync(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_dir, "g.db")}" });
    }

    [SkippableFact]
    public async Task Runs_round_trip_on_postgres()
    {
        ExternalService.Require(server.Unavailable);
        await RoundTripAsync(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync() });
    }

    [Fact]
    public Task A_single_flow_calibration_stored_before_migration_12_reads_as_a_one_row_table_on_sqlite()
    {
        Directory.CreateDirectory(_dir);
        return OldCalibrationAsync(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_dir, "old.db")}" });
    }

    [SkippableFact]
    public async Task A_single_flow_calibration_stored_before_migration_12_reads_as_a_one_row_table_on_postgres()
    {
        ExternalService.Require(server.Unavailable);
        await OldCalibrationAsync(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await server.CreateDatabaseAsync() });
    }

    /// <summary>A database at migration 11 with a calibration in the single-flow rows, then the gateway of the table starts on it.</summary>
    private static async Task OldCalibrationAsync(StorageOptions storage)
    {
        var setup = new StorageSetup(Options.Create(new GatewayOptions { Storage = storage }), NullLogger<StorageSetup>.Instance);
        Assert.Equal(11, (await new Migrator(setup.Dialect, setup.ConnectionString, Migrations.All.Take(11).ToList()).MigrateAsync()).Max());
        await using (var c = setup.Dialect.CreateConnection(setup.ConnectionString))
        {
            await c.OpenAsync();
            foreach (var sql in new[]
            {
                "INSERT INTO pump_run_requests (command_id, station_id, procedure, channel, speed, seconds_asked, grams_asked, user_name, requested_ms) VALUES ('old-1', 'st-1', 'calibrate-pump', 4, 0.5, 10, NULL, 'eva', 1764000000000)",
                "INSERT INTO pump_run_results (command_id, station_id, status, seconds, grams, flow_g_per_s, message, finished_ms) VALUES ('old-1', 'st-1', 'completed', 10.002, 6.0012, 0.6, 'the time ran out', 1764000020000)",
            })
            {
                var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                await cmd.ExecuteNonQueryAsync();
            }
        }
        await setup.StartAsync(default); // migrates to 12
        var store = new PumpRunStore(setup);
        var old = Assert.Single(await store.HistoryAsync("st-1", 10, default));
        Assert.Equal(0.5, old.Speed);
        Assert.Null(old.Speeds);
        Assert.Equal([new PumpCalibrationPoint(0.5, 10.002, 6.0012, 0.6)], old.Table);
        var current = Assert.Single(await store.CurrentCalibrationsAsync("st-1", default));
        Assert.Equal((4, "old-1", "eva"), (current.Channel, current.CommandId, current.User));
        Assert.Equal(old.Table, current.Table);
    }

    private static async Task RoundTripAsync(StorageOptions storage)
    {
        var setup = new StorageSetup(Options.Create(new GatewayOptions { Storage = storage }), NullLogger<StorageSetup>.Instance);
        await setup.StartAsync(default);
        var store = new PumpRunStore(setup);
        var t = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);
        await store.AddRequestAsync(new PumpRunRequest("prime-1", "st-1", "prime", 2, 1, null, 3, "tomas", t), default);
        await store.AddRequestAsync(new PumpRunRequest("cal-1", "st-1", "calibrate-pump", 2, 0.5, 10, null, "eva", t.AddMinutes(1)), default);
        await store.AddRequestAsync(new PumpRunRequest("cal-x", "st-2", "calibrate-pump", 0, 0.5, 10, null, "eva", t.AddMinutes(1)), default);
        await store.AddRequestAsync(new PumpRunRequest("tab-1", "st-1", "calibrate-pump", 2, null, 8, null, "ida", t.AddMinutes(3), [0.1, 0.5, 1]), default);
        await store.AddRequestAsync(new PumpRunRequest("tab-2", "st-1", "calibrate-pump", 2, null, 8, null, "ida", t.AddMinutes(4), [0.25, 1]), default);

        var running = await store.HistoryAsync("st-1", 10, default);
        Assert.Equal(["tab-2", "tab-1", "cal-1", "prime-1"], running.Select(r => r.CommandId));
        Assert.All(running, r => Assert.Equal(PumpRunView.Running, r.Status));

        var result = new PumpRunResult("cal-1", "st-1", "completed", 10.001, 5.9601, 0.59595, "the time ran out", t.AddMinutes(2));
        Assert.True(await store.AddResultAsync(result, default));
        Assert.False(await store.AddResultAsync(result with { Grams = 99 }, default)); // a re-delivered event changes nothing

        var cal = (await store.HistoryAsync("st-1", 10, default)).Single(r => r.CommandId == "cal-1");
        Assert.Equal(("calibrate-pump", 2, 0.5, 10.0, (double?)null, "eva"), (cal.Procedure, cal.Channel, cal.Speed, cal.SecondsAsked!.Value, cal.GramsAsked, cal.User));
        Assert.Equal(("completed", 10.001, 5.9601, 0.59595, "the time ran out"), (cal.Status, cal.Seconds!.Value, cal.Grams!.Value, cal.FlowGramsPerS!.Value, cal.Message));
        Assert.Equal(t.AddMinutes(2), cal.FinishedAt);
        // stored before the table: one speed, one flow, read as a one-row table
        Assert.Null(cal.Speeds);
        Assert.Equal([new PumpCalibrationPoint(0.5, 10.001, 5.9601, 0.59595)], cal.Table);

        PumpCalibrationPoint[] rows = [new(0.1, 8.002, 0.91, 0.11372), new(0.5, 8.001, 4.8, 0.59993), new(1, 8, 9.7, 1.2125)];
        Assert.True(await store.AddResultAsync(new PumpRunResult("tab-1", "st-1", "completed", 24.003, 15.41, null, "the time ran out at every speed", t.AddMinutes(5), rows), default));
        Assert.False(await store.AddResultAsync(new PumpRunResult("tab-1", "st-1", "completed", 1, 1, null, null, t.AddMinutes(6), [rows[0]]), default));
        Assert.True(await store.AddResultAsync(new PumpRunResult("tab-2", "st-1", "stopped", 8, 2, null, "stopped at speed 1.00 (2 of 2): e-stop; nothing stored", t.AddMinutes(6), [new(0.25, 8, 2, 0.25)]), default));
        var tab = (await store.HistoryAsync("st-1", 10, default)).Single(r => r.CommandId == "tab-1");
        Assert.Null(tab.Speed);
        Assert.Equal([0.1, 0.5, 1], tab.Speeds);
        Assert.Equal(rows, tab.Table);
        Assert.Equal("ida", (await store.FindRequestAsync("tab-1", default))!.User);

        // the current table of channel 2 is the newest completed calibration (tab-2 was stopped), channel 0 of st-2 is not st-1's
        var current = await store.CurrentCalibrationsAsync("st-1", default);
        var ch2 = Assert.Single(current);
        Assert.Equal(("tab-1", 2, "ida"), (ch2.CommandId, ch2.Channel, ch2.User));
        Assert.Equal(rows, ch2.Table);
        Assert.Equal("tomas", (await store.FindRequestAsync("prime-1", default))!.User);

        await using var c = await setup.OpenAsync(default);
        foreach (var sql in new[] { "UPDATE pump_run_results SET grams = 1", "DELETE FROM pump_run_results", "UPDATE pump_run_requests SET user_name = 'x'", "DELETE FROM pump_run_requests",
                     "UPDATE pump_calibration_points SET flow_g_per_s = 1", "DELETE FROM pump_calibration_points" })
        {
            var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => cmd.ExecuteNonQueryAsync());
            Assert.Contains("append-only", ex.Message);
        }
    }
}
