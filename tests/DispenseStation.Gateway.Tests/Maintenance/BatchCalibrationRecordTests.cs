using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Maintenance;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Maintenance;

/// <summary>
/// The calibration block of a batch record (issue 17 part 5): the station's scale and RTD calibration status and dates and
/// its latest scale check, taken at batch start and kept with the record; flagged when not calibrated, not checked, failed
/// or old; in the CSV export and in the record's hash.
/// </summary>
public sealed class BatchCalibrationRecordTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync(new() { ["Gateway:Maintenance:SettleSeconds"] = "0", ["Gateway:Maintenance:MaxReadingAgeSeconds"] = "120" });
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private const string Ok = "silsesquioxane-negative/ok-terpolymer-magnetic-head";
    private static readonly DateTimeOffset Nov20 = DateTimeOffset.Parse("2026-11-20T09:15:00Z");

    private async Task<string> RunBatchAsync()
    {
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01" });
        Assert.True(status == 201, $"submit: {status} {body}");
        var id = body.GetProperty("id").GetString()!;
        await _h.WaitForBatchStateAsync(id, "Complete");
        return id;
    }

    private static string[] Flags(JsonElement detail) =>
        detail.GetProperty("calibration").GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("code").GetString()!).ToArray();

    private async Task<FakeStation> CalibratedStationAsync(DateTimeOffset scaleAt, bool rtd)
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.Calibration = s =>
        {
            s.ScaleCalibrated = true; s.ScaleCalibratedUtcMs = scaleAt.ToUnixTimeMilliseconds(); s.ScaleReferenceGrams = 200;
            s.RtdCalibrated = rtd; s.RtdCalibratedUtcMs = rtd ? scaleAt.AddDays(-3).ToUnixTimeMilliseconds() : -1;
        };
        await station.PublishStateAsync();
        var registry = _h.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Registry.StationRegistry>();
        await AppHarness.WaitForAsync(() => Task.FromResult(registry.Find("ds-01")?.Calibration is not null), "calibration reported");
        return station;
    }

    private async Task ScaleCheckAsync(FakeStation station, double loaded)
    {
        using var tech = await _h.ClientAsAsync("tina", GatewayRoles.Technician);
        var registry = _h.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Registry.StationRegistry>();
        async Task Reading(double g)
        {
            await station.ScaleReadingAsync(g, true);
            await AppHarness.WaitForAsync(() => Task.FromResult(registry.Find("ds-01")?.LastTelemetry?.ScaleGrams == g), "reading");
        }
        await Reading(0);
        Assert.Equal(HttpStatusCode.OK, (await tech.PostAsJsonAsync("/api/maintenance/scale-checks/ds-01/zero", new { nominalGrams = 200, certificate = "F1-200-2291" })).StatusCode);
        await Reading(loaded);
        Assert.Equal(HttpStatusCode.Created, (await tech.PostAsync("/api/maintenance/scale-checks/ds-01/weight", null)).StatusCode);
    }

    [Fact]
    public async Task The_record_keeps_the_station_calibrations_and_latest_check_from_batch_start()
    {
        var station = await CalibratedStationAsync(DateTimeOffset.UtcNow.AddDays(-10), rtd: true);
        await ScaleCheckAsync(station, 200.004);
        var id = await RunBatchAsync();

        var detail = await _h.GetJsonAsync($"/api/batches/{id}");
        var recorded = detail.GetProperty("calibration").GetProperty("recorded");
        Assert.True(recorded.GetProperty("reported").GetBoolean());
        Assert.True(recorded.GetProperty("scaleCalibrated").GetBoolean());
        Assert.Equal(200, recorded.GetProperty("scaleReferenceGrams").GetDouble());
        Assert.True(recorded.GetProperty("rtdCalibrated").GetBoolean());
        var check = recorded.GetProperty("lastScaleCheck");
        Assert.True(check.GetProperty("passed").GetBoolean());
        Assert.Equal("tina", check.GetProperty("by").GetString());
        Assert.Equal(0.004, check.GetProperty("errorGrams").GetDouble(), 9);
        Assert.Equal(30, recorded.GetProperty("scaleCheckMaxAgeDays").GetInt32());
        Assert.Empty(Flags(detail)); // all in order

        // A later failed check does not change what this record says it started with.
        await ScaleCheckAsync(station, 200.2);
        Assert.Empty(Flags(await _h.GetJsonAsync($"/api/batches/{id}")));

        // The CSV export carries the block.
        using var csv = await _h.Http.GetAsync("/api/export/batches.csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",lots," + DispenseStation.Gateway.Records.ExportsApi.CalibrationColumns, lines[0]);
        var row = lines.Single(l => l.StartsWith(id));
        Assert.Contains(",yes,", row);
        Assert.Contains(",200,yes,", row);
        Assert.Contains(",pass,tina,", row);
    }

    [Fact]
    public async Task Not_calibrated_no_check_a_failed_check_and_an_old_calibration_are_flagged()
    {
        var station = await CalibratedStationAsync(DateTimeOffset.UtcNow.AddDays(-400), rtd: false);
        var first = await _h.GetJsonAsync($"/api/batches/{await RunBatchAsync()}");
        Assert.Equal(["scale-calibration-old", "rtd-not-calibrated", "no-scale-check"], Flags(first));
        var messages = first.GetProperty("calibration").GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("message").GetString()).ToList();
        Assert.Contains("no scale check on record", messages);
        Assert.Contains(messages, m => m!.StartsWith("scale calibration older than 183 days"));

        await ScaleCheckAsync(station, 200.0501);
        var second = await _h.GetJsonAsync($"/api/batches/{await RunBatchAsync()}");
        Assert.Contains("scale-check-failed", Flags(second));
        Assert.Contains(second.GetProperty("calibration").GetProperty("flags").EnumerateArray(),
            f => f.GetProperty("message").GetString()!.StartsWith("last scale check failed: error 0.0501 g against ± 0.05 g") && f.GetProperty("message").GetString()!.Contains("tina"));
    }

    [Fact]
    public async Task A_station_that_reports_no_calibration_is_flagged_as_not_reported()
    {
        await _h.ConnectStationAsync("ds-01"); // firmware before issue 17: no calibration object
        var detail = await _h.GetJsonAsync($"/api/batches/{await RunBatchAsync()}");
        Assert.False(detail.GetProperty("calibration").GetProperty("recorded").GetProperty("reported").GetBoolean());
        Assert.Equal(["not-reported", "no-scale-check"], Flags(detail));
    }

    [Fact]
    public async Task The_calibration_block_is_part_of_the_signed_content_and_survives_export_and_re_import()
    {
        await CalibratedStationAsync(Nov20, rtd: true);
        var id = await RunBatchAsync();
        using var tina = await _h.ClientAsAsync("tina", GatewayRoles.Technician);
        Assert.Equal(HttpStatusCode.OK, (await tina.PostAsJsonAsync($"/api/batches/{id}/sign/performed", new { password = AppHarness.UserPassword })).StatusCode);
        var bundle = await (await _h.Http.GetAsync($"/api/batches/{id}/record.json")).Content.ReadAsStringAsync();
        Assert.Contains("\"scaleCalibratedAt\":\"2026-11-20T09:15:00+00:00\"", bundle);

        using (var ok = await _h.Http.PostAsync("/api/records/verify", new StringContent(bundle, System.Text.Encoding.UTF8, "application/json")))
            Assert.True((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trusted").GetBoolean());
        // A copy whose calibration block was edited no longer matches its hash.
        var forged = bundle.Replace("\"scaleReferenceGrams\":200", "\"scaleReferenceGrams\":500");
        Assert.NotEqual(bundle, forged);
        using var bad = await _h.Http.PostAsync("/api/records/verify", new StringContent(forged, System.Text.Encoding.UTF8, "application/json"));
        var v = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(v.GetProperty("contentMatchesHash").GetBoolean());
    }
}

/// <summary>The flags of a recorded calibration block, at their age limits.</summary>
public sealed class BatchCalibrationFlagTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-01T08:00:00Z");

    private static BatchCalibration With(DateTimeOffset? checkAt, bool passed = true, DateTimeOffset? scaleAt = null) => new(
        Start, true, true, scaleAt ?? Start.AddDays(-10), 200, true, Start.AddDays(-10),
        checkAt is { } at ? new ScaleCheckSummary(1, at, passed, "tina", 200, 0.01, 0.05, "F1") : null, 30, 183);

    private static string[] Codes(BatchCalibration c) => c.Flags().Select(f => f.Code).ToArray();

    [Fact]
    public void A_check_exactly_30_days_old_is_in_order_and_one_minute_more_is_flagged()
    {
        Assert.Empty(Codes(With(Start.AddDays(-30))));
        var old = With(Start.AddDays(-30).AddMinutes(-1));
        Assert.Equal(["scale-check-old"], Codes(old));
        Assert.Equal("last scale check older than 30 days (2026-11-01 UTC)", old.Flags()[0].Message);
    }

    [Fact]
    public void Dates_not_known_and_old_calibrations_are_named()
    {
        Assert.Equal(["scale-date-unknown"], Codes(With(Start.AddDays(-1)) with { ScaleCalibratedAt = null }));
        Assert.Equal(["scale-calibration-old"], Codes(With(Start.AddDays(-1), scaleAt: Start.AddDays(-184))));
        Assert.Equal(["rtd-date-unknown", "scale-check-failed"], Codes(With(Start.AddDays(-1), passed: false) with { RtdCalibratedAt = null }));
        Assert.Equal(["scale-check-unknown"], Codes(With(null) with { Note = "scale checks could not be read at batch start: disk" }));
    }

    [Fact]
    public void The_block_round_trips_through_its_stored_json()
    {
        var c = With(Start.AddDays(-2));
        Assert.Equal(c, BatchCalibration.FromJson(BatchCalibration.ToJson(c)));
        Assert.Null(BatchCalibration.FromJson(null));
        Assert.Null(BatchCalibration.ToJson(null));
    }
}
