using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Tests.PumpMaintenance;

/// <summary>Prime and calibrate-pump over the API against a fake station: roles, validation in words, offline and busy
/// stations refused, and each run stored with who asked and what the station measured, and audited.</summary>
public sealed class PumpMaintenanceApiTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, AppHarness.Json);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> WaitForRunAsync(string station, string commandId, string status)
    {
        JsonElement found = default;
        await AppHarness.WaitForAsync(async () =>
        {
            var runs = (await _h.GetJsonAsync($"/api/stations/{station}/maintenance/pump-runs")).EnumerateArray().ToList();
            var hit = runs.FirstOrDefault(r => r.GetProperty("commandId").GetString() == commandId);
            if (hit.ValueKind == JsonValueKind.Undefined || hit.GetProperty("status").GetString() != status) return false;
            found = hit;
            return true;
        }, $"pump run {commandId} {status}");
        return found;
    }

    [Fact]
    public async Task A_viewer_is_refused_and_a_technician_calibrates_with_the_run_stored_and_audited()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var viewer = await _h.ClientAsAsync("vera", "viewer");
        var (refused, _) = await PostAsync(viewer, "/api/stations/ds-01/maintenance/calibrate-pump", new { channel = 1, speeds = new[] { 0.5, 1 }, seconds = 10 });
        Assert.Equal(403, refused);
        Assert.DoesNotContain(CommandNames.CalibratePump, station.CommandsSeen);

        var tech = await _h.ClientAsAsync("tomas", "technician");
        var (status, body) = await PostAsync(tech, "/api/stations/ds-01/maintenance/calibrate-pump", new { channel = 1, speeds = new[] { 0.51, 1 }, seconds = 10 });
        Assert.True(status == 202, $"{status} {body}");
        string id = body.GetProperty("commandId").GetString()!;
        Assert.Equal("tomas", body.GetProperty("user").GetString());
        Assert.Equal([0.51, 1], station.LastPumpCommand!.Speeds);

        var run = await WaitForRunAsync("ds-01", id, "completed");
        Assert.Equal("calibrate-pump", run.GetProperty("procedure").GetString());
        Assert.Equal(1, run.GetProperty("channel").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("speed").ValueKind);
        Assert.Equal([0.51, 1], run.GetProperty("speeds").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(10, run.GetProperty("secondsAsked").GetDouble());
        // the fake pump: 2 g/s at full speed, meeting zero at speed 0.02
        var table = run.GetProperty("table").EnumerateArray().ToList();
        Assert.Equal(2, table.Count);
        Assert.Equal(0.51, table[0].GetProperty("speed").GetDouble());
        Assert.Equal(1.0, table[0].GetProperty("flowGramsPerS").GetDouble(), 4);
        Assert.Equal(10, table[0].GetProperty("seconds").GetDouble(), 4);
        Assert.Equal(2.0, table[1].GetProperty("flowGramsPerS").GetDouble(), 4);
        Assert.Equal(30, run.GetProperty("grams").GetDouble(), 4);
        Assert.Equal("tomas", run.GetProperty("user").GetString());

        // In the station's history: who asked, and what the station measured, with the channel's table before (none) and after.
        var audit = (await _h.GetJsonAsync("/api/audit?station=ds-01&entity=Parameter")).EnumerateArray().ToList();
        Assert.Contains(audit, a => a.GetProperty("entityId").GetString() == "ds-01/pump-1" && a.GetProperty("actor").GetString() == "tomas"
            && a.GetProperty("action").GetString() == "calibrate-pump" && a.GetProperty("details").GetString()!.Contains("at speeds 0.51, 1, up to 10 s each"));
        var result = Assert.Single(audit, a => a.GetProperty("entityId").GetString() == "ds-01/pump-1" && a.GetProperty("action").GetString() == "pump-run");
        var details = JsonDocument.Parse(result.GetProperty("details").GetString()!).RootElement;
        Assert.Contains("g/s by speed: at 0.51: 1 (10 g in 10 s), at 1: 2 (20 g in 10 s)", details.GetProperty("details").GetString());
        Assert.Equal(JsonValueKind.Null, details.GetProperty("before").ValueKind);
        Assert.Equal(2, details.GetProperty("after").GetArrayLength());

        var current = (await _h.GetJsonAsync("/api/stations/ds-01/maintenance/pump-calibrations")).EnumerateArray().ToList();
        var ch1 = Assert.Single(current);
        Assert.Equal(1, ch1.GetProperty("channel").GetInt32());
        Assert.Equal(id, ch1.GetProperty("commandId").GetString());
        Assert.Equal("tomas", ch1.GetProperty("user").GetString());
        Assert.Equal(2, ch1.GetProperty("table").GetArrayLength());
    }

    [Fact]
    public async Task A_calibration_that_names_no_speeds_runs_the_default_set_and_the_newest_table_is_current()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var (status, body) = await _h.PostAsync("/api/stations/ds-01/maintenance/calibrate-pump", new { channel = 3, seconds = 4 });
        Assert.True(status == 202, $"{status} {body}");
        Assert.Equal([0.05, 0.25, 0.5, 0.75, 1], station.LastPumpCommand!.Speeds);
        var first = await WaitForRunAsync("ds-01", body.GetProperty("commandId").GetString()!, "completed");
        Assert.Equal(5, first.GetProperty("table").GetArrayLength());

        (status, body) = await _h.PostAsync("/api/stations/ds-01/maintenance/calibrate-pump", new { channel = 3, speeds = new[] { 0.2, 0.9 }, grams = 3 });
        Assert.True(status == 202, $"{status} {body}");
        string second = body.GetProperty("commandId").GetString()!;
        await WaitForRunAsync("ds-01", second, "completed");
        var current = Assert.Single((await _h.GetJsonAsync("/api/stations/ds-01/maintenance/pump-calibrations")).EnumerateArray());
        Assert.Equal(second, current.GetProperty("commandId").GetString());
        Assert.Equal([0.2, 0.9], current.GetProperty("table").EnumerateArray().Select(p => p.GetProperty("speed").GetDouble()));
        // The second result's audit keeps the table it replaced.
        var replaced = (await _h.GetJsonAsync("/api/audit?station=ds-01&action=pump-run")).EnumerateArray()
            .Select(a => JsonDocument.Parse(a.GetProperty("details").GetString()!).RootElement).Last();
        Assert.Equal(5, replaced.GetProperty("before").GetArrayLength());
        Assert.Equal(2, replaced.GetProperty("after").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"channel\":1,\"speeds\":[0.5,1],\"seconds\":5}", null, null)]
    [InlineData("{\"channel\":1,\"speeds\":[0.05,0.2,0.4,0.6,0.8,1],\"seconds\":5}", null, null)]
    [InlineData("{\"channel\":1,\"speeds\":[0.5],\"seconds\":5}", "speeds", "1 speed given; a calibration takes 2 to 6")]
    [InlineData("{\"channel\":1,\"speeds\":[0.05,0.2,0.4,0.6,0.8,0.9,1],\"seconds\":5}", "speeds", "7 speeds given; a calibration takes 2 to 6")]
    [InlineData("{\"channel\":1,\"speeds\":[0.0499,1],\"seconds\":5}", "speeds[0]", "must be between 0.05 and 1.00 (a fraction of the pump's top speed)")]
    [InlineData("{\"channel\":1,\"speeds\":[0.5,1.0001],\"seconds\":5}", "speeds[1]", "must be between 0.05 and 1.00 (a fraction of the pump's top speed)")]
    [InlineData("{\"channel\":1,\"speeds\":[0.25,0.5,0.5],\"seconds\":5}", "speeds[2]", "0.5 is listed twice (also speeds[1]): give each speed once")]
    [InlineData("{\"channel\":1,\"speeds\":[0.5,0.50001],\"seconds\":5}", "speeds[1]", "0.5 is listed twice (also speeds[0]): give each speed once")]
    [InlineData("{\"channel\":1,\"speeds\":[0.5,0.25],\"seconds\":5}", "speeds[1]", "0.25 comes after 0.5: list the speeds in ascending order")]
    [InlineData("{\"channel\":1,\"speed\":0.5,\"seconds\":5}", "speed", "calibrate-pump takes speeds, a list of 2 to 6 speeds (leave it out for the default 0.05, 0.25, 0.5, 0.75, 1)")]
    [InlineData("{\"channel\":1,\"speeds\":[0.5,1]}", "seconds", "required (or grams): calibrate-pump needs a time or a mass to stop at")]
    public async Task Calibration_speeds_at_their_limits_pass_and_just_outside_are_refused_naming_the_item(string json, string? field, string? rule)
    {
        var station = await _h.ConnectStationAsync("ds-01");
        using var response = await _h.Http.PostAsync("/api/stations/ds-01/maintenance/calibrate-pump", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (field is null)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains(JsonAssert.Errors(JsonDocument.Parse(text).RootElement), e => e.Field == field && e.Rule == rule);
        Assert.DoesNotContain(CommandNames.CalibratePump, station.CommandsSeen);
    }

    [Theory]
    [InlineData("{\"channel\":1,\"seconds\":5}", "speed", "required number in (0, 1] for prime")]
    [InlineData("{\"channel\":1,\"speed\":0.5}", "seconds", "required (or grams): prime needs a time or a mass to stop at")]
    [InlineData("{\"channel\":1,\"speed\":0.5,\"seconds\":600.001}", "seconds", "must be between 0.000 and 600.000")]
    [InlineData("{\"channel\":8,\"speed\":0.5,\"seconds\":5}", "channel", "must be between 0 and 7")]
    [InlineData("{\"channel\":-1,\"speed\":0.5,\"seconds\":5}", "channel", "must be between 0 and 7")]
    [InlineData("{\"channel\":1,\"speed\":1.5,\"seconds\":5}", "speed", "must be between 0.000 and 1.000")]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_sent(string json, string field, string rule)
    {
        var station = await _h.ConnectStationAsync("ds-01");
        using var response = await _h.Http.PostAsync("/api/stations/ds-01/maintenance/prime", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == field && e.Rule == rule);
        Assert.DoesNotContain(CommandNames.Prime, station.CommandsSeen);
        Assert.Empty((await _h.GetJsonAsync("/api/stations/ds-01/maintenance/pump-runs")).EnumerateArray());
    }

    [Fact]
    public async Task An_offline_station_is_refused_in_words()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        await station.CrashAsync();
        var registry = _h.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Registry.StationRegistry>();
        await AppHarness.WaitForAsync(() => Task.FromResult(registry.Find("ds-01")?.Online == false), "ds-01 offline");
        var (status, body) = await _h.PostAsync("/api/stations/ds-01/maintenance/prime", new { channel = 0, speed = 0.5, seconds = 5 });
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "station" && e.Rule == "station 'ds-01' is offline");
        var (unknown, _) = await _h.PostAsync("/api/stations/ds-09/maintenance/prime", new { channel = 0, speed = 0.5, seconds = 5 });
        Assert.Equal(404, unknown);
    }

    [Fact]
    public async Task A_busy_station_is_refused_and_a_running_pump_holds_the_station()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.PumpRunDelay = TimeSpan.FromSeconds(30);
        var (first, body) = await _h.PostAsync("/api/stations/ds-01/maintenance/prime", new { channel = 0, speed = 0.5, seconds = 20 });
        Assert.True(first == 202, $"{first} {body}");
        string id = body.GetProperty("commandId").GetString()!;

        var (second, busy) = await _h.PostAsync("/api/stations/ds-01/maintenance/calibrate-pump", new { channel = 0, seconds = 5 });
        Assert.Equal(409, second);
        Assert.Contains(JsonAssert.Errors(busy), e => e.Field == "station" && e.Rule == $"station 'ds-01' is busy with pump run {id}");

        var (stopped, _) = await _h.PostAsync("/api/stations/ds-01/maintenance/pump-runs/stop", new { });
        Assert.Equal(200, stopped);
        var run = await WaitForRunAsync("ds-01", id, "stopped");
        Assert.Equal("stopped: stopped", run.GetProperty("message").GetString());
        var (again, none) = await _h.PostAsync("/api/stations/ds-01/maintenance/pump-runs/stop", new { });
        Assert.Equal(409, again);
        Assert.Contains(JsonAssert.Errors(none), e => e.Rule == "station 'ds-01' is not running a pump");
    }

    [Fact]
    public async Task The_station_s_refusal_is_a_409_with_its_reason_and_nothing_is_stored()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.RejectPumpReason = "prime: the pump interlock is open (bottle or splash lid)";
        var (status, body) = await _h.PostAsync("/api/stations/ds-01/maintenance/prime", new { channel = 0, speed = 0.5, grams = 3 });
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "command" && e.Rule == "ds-01 rejected prime: prime: the pump interlock is open (bottle or splash lid)");
        Assert.Empty((await _h.GetJsonAsync("/api/stations/ds-01/maintenance/pump-runs")).EnumerateArray());
    }
}
