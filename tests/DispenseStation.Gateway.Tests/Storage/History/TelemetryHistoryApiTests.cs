using System.Text.Json;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.App;
using Microsoft.Extensions.DependencyInjection;

namespace DispenseStation.Gateway.Tests.Storage.History;

/// <summary>GET /api/stations/{id}/history: a range at a resolution, and each bad parameter named with its rule.</summary>
public sealed class TelemetryHistoryApiTests
{
    private static async Task<(int Status, JsonElement Body)> GetAsync(AppHarness h, string path)
    {
        using var r = await h.Http.GetAsync(path);
        return ((int)r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    [Fact]
    public async Task A_range_comes_back_at_the_asked_resolution_with_its_source_tier()
    {
        await using var h = await AppHarness.StartAsync();
        var repo = h.Gateway.App.Services.GetRequiredService<IGatewayRepository>();
        var t0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 10 * 10 - 60); // on a 2 s bucket boundary
        await repo.UpsertStationAsync("ds-01", null, t0);
        // Ten seconds at 5 rows a second: plate = the second's number.
        await repo.AddTelemetryAsync(Enumerable.Range(0, 50).Select(i => new TelemetrySample("ds-01", t0.AddMilliseconds(200 * i), 1, i / 5, 100, 0.5)).ToList());

        var (status, body) = await GetAsync(h, $"/api/stations/ds-01/history?from={Iso(t0)}&to={Iso(t0.AddSeconds(10))}&resolution=2");
        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("resolutionS").GetDouble());
        Assert.Equal("20 ms", body.GetProperty("source").GetString()); // the harness stores telemetry in 20 ms buckets
        Assert.Equal("UTC", body.GetProperty("zone").GetString());
        var points = body.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(5, points.Count);
        Assert.Equal([0.5, 2.5, 4.5, 6.5, 8.5], points.Select(p => p.GetProperty("plateC").GetDouble()));
        Assert.All(points, p => Assert.Equal(10, p.GetProperty("samples").GetInt64()));
        Assert.Equal(t0, points[0].GetProperty("at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("resolution=0", "resolution", "is not a number of seconds above 0")]
    [InlineData("resolution=abc", "resolution", "is not a number of seconds above 0")]
    [InlineData("from=yesterday", "from", "is not a time: use ISO 8601")]
    [InlineData("from=2026-12-01T06:00:00Z&to=2026-12-01T06:00:00Z", "from", "must be before to")]
    public async Task Bad_parameters_are_refused_naming_the_field(string query, string field, string rule)
    {
        await using var h = await AppHarness.StartAsync();
        var (status, body) = await GetAsync(h, "/api/stations/ds-01/history?" + query);
        Assert.Equal(400, status);
        var (f, r, _) = Assert.Single(JsonAssert.Errors(body));
        Assert.Equal(field, f);
        Assert.Contains(rule, r);
    }

    [Fact]
    public async Task Too_many_points_are_refused_with_the_resolution_that_fits()
    {
        await using var h = await AppHarness.StartAsync();
        var to = DateTimeOffset.UtcNow;
        // Twenty days are still in the 1 s tier: 1 728 000 points at 1 s, at most 10 000.
        var (status, body) = await GetAsync(h, $"/api/stations/ds-01/history?from={Iso(to.AddDays(-20))}&to={Iso(to)}&resolution=1");
        Assert.Equal(400, status);
        var (field, rule, _) = Assert.Single(JsonAssert.Errors(body));
        Assert.Equal("resolution", field);
        Assert.Equal("1 s over this range gives 1728000 points; at most 10000: use at least 173 s", rule);
        // At 173 s the same range is answered.
        var (ok, _) = await GetAsync(h, $"/api/stations/ds-01/history?from={Iso(to.AddDays(-20))}&to={Iso(to)}&resolution=173");
        Assert.Equal(200, ok);
    }

    [Fact]
    public async Task An_unknown_station_is_not_found()
    {
        await using var h = await AppHarness.StartAsync();
        var (status, body) = await GetAsync(h, "/api/stations/nope/history");
        Assert.Equal(404, status);
        Assert.Equal("id", Assert.Single(JsonAssert.Errors(body)).Field);
    }
}
