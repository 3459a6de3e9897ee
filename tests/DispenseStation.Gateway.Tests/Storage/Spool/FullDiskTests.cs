using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Storage.Spool;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Storage.Spool;

/// <summary>The gateway's SQLite database on a 6 MB tmpfs that fills up: a real SQLITE_FULL, not a stand-in.</summary>
public sealed class FullDiskTests
{
    private static Dictionary<string, string?> On(TinyFileSystem fs, string db) => new()
    {
        ["Gateway:Storage:ConnectionString"] = $"Data Source={fs.File(db)}",
        ["Gateway:Storage:SpoolBytes"] = (512 * 1024).ToString(),
        ["Gateway:Storage:SpoolRetrySeconds"] = "1",
    };

    private static DoseRecord Dose(int n) => new("b-1", n, 1, "resin", n, n + 0.001, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch.AddYears(56).AddSeconds(n));

    [Fact]
    public async Task Doses_written_while_the_disk_is_full_are_spooled_and_all_stored_once_space_returns()
    {
        await using var fs = await TinyFileSystem.MountAsync(6);
        await using var app = await AppHarness.StartAsync(On(fs, "g.db"));
        var repo = app.Gateway.App.Services.GetRequiredService<IGatewayRepository>();
        var spool = app.Gateway.App.Services.GetRequiredService<SpoolFile>().Spool!;
        var now = DateTimeOffset.UtcNow;
        await repo.UpsertStationAsync("ds-01", null, now);
        await repo.CreateBatchAsync(new BatchRecord("b-1", "ds-01", "r", "name: r", 100, "op", new Dictionary<string, string>(), BatchState.Created, null, now, null, null));

        var filler = fs.FillUp();
        // Write until the database refuses and the spool takes over, then some more while full.
        var written = 0;
        while (spool.Pending == 0 && written < 20_000) await repo.AddDoseAsync(Dose(++written));
        Assert.True(spool.Pending > 0, $"the database never refused a write ({written} doses)");
        for (var i = 0; i < 50; i++) await repo.AddDoseAsync(Dose(++written));
        var status = await app.GetJsonAsync("/api/storage");
        Assert.Equal("Spooling", status.GetProperty("condition").GetString());

        File.Delete(filler);
        await AppHarness.WaitForAsync(async () => (await app.GetJsonAsync("/api/storage")).GetProperty("condition").GetString() == "Healthy", "spool replayed");
        var doses = await repo.GetDosesAsync("b-1");
        Assert.Equal(Enumerable.Range(1, written), doses.Select(d => d.Sequence).Order());
    }

    [Fact]
    public async Task On_a_disk_that_fills_while_the_gateway_is_down_it_starts_with_the_alarm_and_spools()
    {
        await using var fs = await TinyFileSystem.MountAsync(6);
        var now = DateTimeOffset.UtcNow;
        await using (var first = await AppHarness.StartAsync(On(fs, "g.db")))
        {
            var repo = first.Gateway.App.Services.GetRequiredService<IGatewayRepository>();
            await repo.UpsertStationAsync("ds-01", null, now);
            await repo.CreateBatchAsync(new BatchRecord("b-1", "ds-01", "r", "name: r", 100, "op", new Dictionary<string, string>(), BatchState.Created, null, now, null, null));
        }
        var filler = fs.FillUp();
        await using var app = await AppHarness.StartAsync(On(fs, "g.db"));
        var status = await app.GetJsonAsync("/api/storage");
        Assert.Equal("ReadOnly", status.GetProperty("condition").GetString());
        Assert.Contains("free at start-up", status.GetProperty("reason").GetString());

        var repo2 = app.Gateway.App.Services.GetRequiredService<IGatewayRepository>();
        for (var n = 1; n <= 20; n++) await repo2.AddDoseAsync(Dose(n));
        File.Delete(filler);
        await AppHarness.WaitForAsync(async () => (await app.GetJsonAsync("/api/storage")).GetProperty("condition").GetString() == "Healthy", "spool replayed");
        Assert.Equal(Enumerable.Range(1, 20), (await repo2.GetDosesAsync("b-1")).Select(d => d.Sequence).Order());
    }

    [Fact]
    public async Task A_database_that_cannot_even_be_created_on_a_full_disk_stops_start_up_with_a_clear_error()
    {
        await using var fs = await TinyFileSystem.MountAsync(6);
        fs.FillUp();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => AppHarness.StartAsync(On(fs, "fresh.db")));
        Assert.Contains("Gateway:Storage:ConnectionString: the database cannot be created or migrated because the disk is full", e.ToString());
    }
}
