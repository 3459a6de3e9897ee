namespace DispenseStation.Gateway.Tests.App;

/// <summary>Tuning endpoints: 400 naming the field, 404 for unknown stations, 409 when the station is busy or refuses;
/// nothing is sent to a station for any of them.</summary>
public sealed class TuningApiTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(null, 60.0, 0.0, "kp", "required number for set-gains")]
    [InlineData(0.0, 60.0, 0.0, "kp", "must be greater than 0")]
    [InlineData(500.0, 60.0, 0.0, "kp", "must be between 0.000 and 100.000")]
    [InlineData(0.1, -1.0, 0.0, "ti", "must be between 0.000 and 86400.000")]
    [InlineData(0.1, 60.0, null, "td", "required number for set-gains (0 = no derivative)")]
    public async Task Bad_gains_are_400_naming_the_field(double? kp, double? ti, double? td, string field, string rule)
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var (status, body) = await _h.PostAsync("/api/stations/ds-01/tuning/gains", new { kp, ti, td });
        Assert.Equal(400, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == field && e.Rule == rule);
        Assert.Empty(station.CommandsSeen);
    }

    [Theory]
    [InlineData(null, null, null, "targetC", "required number for autotune")]
    [InlineData(500.0, null, null, "targetC", "must be between 0.000 and 400.000")]
    [InlineData(110.0, "magic", null, "rule", "must be one of ziegler-nichols, tyreus-luyben, simc, lambda, simc-pid")]
    [InlineData(110.0, "simc", 100.0, "maxC", "must be above targetC")]
    public async Task Bad_autotune_requests_are_400_naming_the_field(double? targetC, string? rule, double? maxC, string field, string message)
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var (status, body) = await _h.PostAsync("/api/stations/ds-01/tuning/autotune", new { targetC, rule, maxC });
        Assert.Equal(400, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == field && e.Rule == message);
        Assert.Empty(station.CommandsSeen);
    }

    [Fact]
    public async Task Unknown_station_is_404()
    {
        var (s1, b1) = await _h.PostAsync("/api/stations/nope/tuning/gains", new { kp = 0.1, ti = 60, td = 0 });
        Assert.Equal(404, s1);
        Assert.Contains(JsonAssert.Errors(b1), e => e.Field == "id");
        var (s2, _) = await _h.PostAsync("/api/stations/nope/tuning/autotune", new { targetC = 110 });
        Assert.Equal(404, s2);
        using var get = await _h.Http.GetAsync("/api/stations/nope/tuning");
        Assert.Equal(404, (int)get.StatusCode);
        var unreported = await _h.GetJsonAsync("/api/stations/ds-02/tuning");
        Assert.Equal("not-reported", unreported.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unreported.GetProperty("kp").ValueKind);
    }

    [Fact]
    public async Task A_station_that_never_connected_or_runs_a_batch_is_409_and_gets_nothing()
    {
        var (never, neverBody) = await _h.PostAsync("/api/stations/ds-02/tuning/gains", new { kp = 0.1, ti = 60, td = 0 });
        Assert.Equal(409, never);
        Assert.Contains(JsonAssert.Errors(neverBody), e => e.Field == "station" && e.Rule.Contains("never connected"));

        var station = await _h.ConnectStationAsync("ds-01");
        station.PauseBeforeStep = 2;
        var (submitted, batch) = await _h.PostAsync("/api/batches", new
        {
            recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "ds-01", @operator = "ana",
        });
        Assert.Equal(201, submitted);
        await _h.WaitForBatchStateAsync(batch.GetProperty("id").GetString()!, "Held");

        var (status, body) = await _h.PostAsync("/api/stations/ds-01/tuning/gains", new { kp = 0.1, ti = 60, td = 0 });
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "station" && e.Rule.Contains("busy (PackML Held"));
        var (tune, _) = await _h.PostAsync("/api/stations/ds-01/tuning/autotune", new { targetC = 110 });
        Assert.Equal(409, tune);
        Assert.DoesNotContain(station.CommandsSeen, c => c is "set-gains" or "autotune");
    }

    [Fact]
    public async Task A_station_refusal_is_409_with_its_reason_and_is_not_audited()
    {
        await _h.ConnectStationAsync("ds-01");
        var (status, body) = await _h.PostAsync("/api/stations/ds-01/tuning/gains", new { kp = 0.1, ti = 60, td = 0 });
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "command" && e.Rule.Contains("'set-gains' is not supported"));
        Assert.Empty((await _h.GetJsonAsync("/api/audit?entity=Parameter")).EnumerateArray());
    }
}
