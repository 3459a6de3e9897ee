using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Storage.Capacity;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Storage.Spool;

public sealed class StorageApiTests
{
    [Theory]
    [InlineData(3_240_000_000, true)]
    [InlineData(3_239_999_999, false)]
    public void Retention_fits_when_its_telemetry_takes_at_most_80_percent_of_the_free_space(long free, bool fits)
    {
        // 10 stations at one row per second = 864 000 rows/day x 100 B = 86.4 MB/day; 30 days = 2.592 GB = 80 % of 3.24 GB.
        var plan = new RetentionPlan(free, 10, 1000, 100, 30);
        Assert.Equal(fits, plan.Fits);
        Assert.Equal(fits ? 30 : 29, plan.DaysThatFit);
        if (fits) Assert.Null(plan.Warning);
        else Assert.Contains("Telemetry:RetentionDays 30", plan.Warning);
    }

    [Fact]
    public async Task The_storage_endpoint_reports_health_spool_and_retention()
    {
        await using var app = await AppHarness.StartAsync();
        var s = await app.GetJsonAsync("/api/storage");
        Assert.Equal("Healthy", s.GetProperty("condition").GetString());
        Assert.Equal(0, s.GetProperty("spool").GetProperty("pending").GetInt32());
        Assert.True(s.GetProperty("disk").GetProperty("freeBytes").GetInt64() > 0);
        Assert.Equal(30, s.GetProperty("retention").GetProperty("days").GetInt32());
    }

    [Fact]
    public async Task A_supervisor_closes_a_stuck_record_with_a_reason_and_the_close_is_audited()
    {
        await using var app = await AppHarness.StartAsync();
        var repo = app.Gateway.App.Services.GetRequiredService<IGatewayRepository>();
        var now = DateTimeOffset.UtcNow;
        await repo.UpsertStationAsync("ds-01", null, now);
        await repo.CreateBatchAsync(new BatchRecord("b-stuck", "ds-01", "r", "name: r", 100, "op", new Dictionary<string, string>(), BatchState.Created, null, now, null, null));
        await repo.UpdateBatchStateAsync("b-stuck", BatchState.Running, now, null);

        var (status, body) = await app.PostAsync("/api/batches/b-stuck/close", new { supervisor = "sam", reason = "" });
        Assert.Equal(400, status);
        Assert.Contains("reason", body.ToString());
        Assert.Equal(BatchState.Running, (await repo.GetBatchAsync("b-stuck"))!.State);
        Assert.Empty(await repo.ListAuditAsync(AuditEntity.Batch, "b-stuck"));

        (status, body) = await app.PostAsync("/api/batches/b-stuck/close", new { supervisor = "sam", reason = "disk was full; doses checked by hand" });
        Assert.Equal(200, status);
        var closed = (await repo.GetBatchAsync("b-stuck"))!;
        Assert.Equal(BatchState.Aborted, closed.State);
        // The supervisor of record is the signed-in user, whatever name the body carries.
        Assert.Equal($"closed by supervisor {DispenseStation.Gateway.Tests.Support.TestUserHandler.Name}: disk was full; doses checked by hand", closed.StateReason);
        var audit = Assert.Single(await repo.ListAuditAsync(AuditEntity.Batch, "b-stuck"));
        Assert.Equal(DispenseStation.Gateway.Tests.Support.TestUserHandler.Name, audit.Actor);
        Assert.Equal("close-stuck", audit.Action);
        Assert.Contains("disk was full", audit.Details);

        (status, _) = await app.PostAsync("/api/batches/b-stuck/close", new { supervisor = "sam", reason = "again" });
        Assert.Equal(409, status);
        (status, _) = await app.PostAsync("/api/batches/nope/close", new { supervisor = "sam", reason = "absent" });
        Assert.Equal(404, status);
    }
}
