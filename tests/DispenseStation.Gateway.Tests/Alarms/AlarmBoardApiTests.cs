using System.Net.Http.Json;
using System.Text.Json;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Alarms;

/// <summary>The fleet-wide alarm list over the API: raised by stations, acknowledged and shelved by people, every action attributed.</summary>
public sealed class AlarmBoardApiTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<JsonElement> AlarmAsync(string code, string show = "open") =>
        await WaitForAlarmAsync(code, show);

    private async Task<JsonElement> WaitForAlarmAsync(string code, string show = "open", string? status = null)
    {
        JsonElement found = default;
        await AppHarness.WaitForAsync(async () =>
        {
            var list = (await _h.GetJsonAsync($"/api/alarms?show={show}")).EnumerateArray().ToList();
            var hit = list.Where(a => a.GetProperty("code").GetString() == code && (status is null || a.GetProperty("status").GetString() == status)).ToList();
            if (hit.Count == 0) return false;
            found = hit[0];
            return true;
        }, $"alarm {code} {status}");
        return found;
    }

    [Fact]
    public async Task Alarms_of_every_station_are_listed_most_urgent_first()
    {
        var one = await _h.ConnectStationAsync("ds-01");
        var two = await _h.ConnectStationAsync("ds-02");
        await one.AlarmAsync("link-lost", "warning");
        await two.AlarmAsync("overtemp", "critical");
        await WaitForAlarmAsync("link-lost");
        await WaitForAlarmAsync("overtemp");
        var list = (await _h.GetJsonAsync("/api/alarms")).EnumerateArray().ToList();
        Assert.Equal(["overtemp", "link-lost"], list.Select(a => a.GetProperty("code").GetString()));
        Assert.Equal(["ds-02", "ds-01"], list.Select(a => a.GetProperty("stationId").GetString()));
        Assert.All(list, a => Assert.Equal("unacknowledged", a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Acknowledge_is_attributed_once_and_a_second_one_is_refused_with_who_did_it()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        await station.AlarmAsync("scale-unstable", "warning");
        var id = (await AlarmAsync("scale-unstable")).GetProperty("id").GetInt64();

        var (status, body) = await _h.PostAsync($"/api/alarms/{id}/acknowledge", new { reason = "seen, checking the bench" });
        Assert.True(status == 200, $"{status} {body}");
        Assert.Equal("acknowledged", body.GetProperty("status").GetString());
        Assert.Equal("test-admin", body.GetProperty("acknowledged").GetProperty("by").GetString());

        var (again, refused) = await _h.PostAsync($"/api/alarms/{id}/acknowledge", new { });
        Assert.Equal(409, again);
        Assert.Contains(JsonAssert.Errors(refused), e => e.Field == "id" && e.Rule.Contains("already acknowledged by test-admin"));

        // The condition clears: the alarm leaves the open list, and shows as cleared in all.
        await station.AlarmAsync("scale-unstable", "warning", raised: false);
        await WaitForAlarmAsync("scale-unstable", "all", "cleared");
        Assert.DoesNotContain((await _h.GetJsonAsync("/api/alarms")).EnumerateArray(), a => a.GetProperty("id").GetInt64() == id);

        var audit = (await _h.GetJsonAsync("/api/audit?entity=Alarm")).EnumerateArray().ToList();
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "acknowledge" && a.GetProperty("entityId").GetString() == id.ToString()
            && a.GetProperty("actor").GetString() == "test-admin" && a.GetProperty("stationId").GetString() == "ds-01");
    }

    [Fact]
    public async Task A_cleared_alarm_nobody_acknowledged_stays_open_until_someone_does()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        await station.AlarmAsync("no-flow", "warning");
        await AlarmAsync("no-flow");
        await station.AlarmAsync("no-flow", "warning", raised: false);
        var cleared = await WaitForAlarmAsync("no-flow", "open", "cleared-unacknowledged");
        var (status, _) = await _h.PostAsync($"/api/alarms/{cleared.GetProperty("id").GetInt64()}/acknowledge", new { });
        Assert.Equal(200, status);
        Assert.Empty((await _h.GetJsonAsync("/api/alarms")).EnumerateArray());
    }

    [Fact]
    public async Task Shelving_needs_a_reason_and_a_time_limit_and_unshelve_brings_it_back()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        await station.AlarmAsync("reservoir-low", "warning");
        var id = (await AlarmAsync("reservoir-low")).GetProperty("id").GetInt64();

        var (noReason, e1) = await _h.PostAsync($"/api/alarms/{id}/shelve", new { minutes = 30 });
        Assert.Equal(400, noReason);
        Assert.Contains(JsonAssert.Errors(e1), e => e.Field == "reason" && e.Rule.Contains("required to shelve"));
        var (noTime, e2) = await _h.PostAsync($"/api/alarms/{id}/shelve", new { reason = "refill ordered" });
        Assert.Equal(400, noTime);
        Assert.Contains(JsonAssert.Errors(e2), e => e.Field == "minutes" && e.Rule.Contains("from 1 to 480"));
        // The limit exactly, and just past it.
        var (tooLong, e3) = await _h.PostAsync($"/api/alarms/{id}/shelve", new { reason = "refill ordered", minutes = 481 });
        Assert.Equal(400, tooLong);
        Assert.Contains(JsonAssert.Errors(e3), e => e.Field == "minutes");
        var (ok, shelved) = await _h.PostAsync($"/api/alarms/{id}/shelve", new { reason = "refill ordered", minutes = 480 });
        Assert.True(ok == 200, $"{ok} {shelved}");
        Assert.Equal("shelved", shelved.GetProperty("status").GetString());
        var shelf = shelved.GetProperty("shelved");
        Assert.Equal("refill ordered", shelf.GetProperty("reason").GetString());
        Assert.Equal(TimeSpan.FromMinutes(480), shelf.GetProperty("until").GetDateTimeOffset() - shelf.GetProperty("at").GetDateTimeOffset());

        var (twice, e4) = await _h.PostAsync($"/api/alarms/{id}/shelve", new { reason = "again", minutes = 10 });
        Assert.Equal(409, twice);
        Assert.Contains(JsonAssert.Errors(e4), e => e.Rule.Contains("already shelved by test-admin"));

        var (un, back) = await _h.PostAsync($"/api/alarms/{id}/unshelve", new { reason = "refilled" });
        Assert.True(un == 200, $"{un} {back}");
        Assert.Equal("unacknowledged", back.GetProperty("status").GetString());
        Assert.Equal(["shelve", "unshelve"], back.GetProperty("history").EnumerateArray().Select(r => r.GetProperty("action").GetString()));
        var (notShelved, e5) = await _h.PostAsync($"/api/alarms/{id}/unshelve", new { });
        Assert.Equal(409, notShelved);
        Assert.Contains(JsonAssert.Errors(e5), e => e.Rule.Contains("is not shelved"));
    }

    [Fact]
    public async Task A_critical_alarm_cannot_be_shelved_and_unknown_alarms_are_named()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        await station.AlarmAsync("estop", "critical");
        var id = (await AlarmAsync("estop")).GetProperty("id").GetInt64();
        var (status, body) = await _h.PostAsync($"/api/alarms/{id}/shelve", new { reason = "nuisance", minutes = 10 });
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Rule.Contains("critical alarms cannot be shelved"));

        var (missing, none) = await _h.PostAsync("/api/alarms/999999/acknowledge", new { });
        Assert.Equal(404, missing);
        Assert.Contains(JsonAssert.Errors(none), e => e.Field == "id" && e.Rule == "no alarm 999999");
        var bad = await _h.Http.GetAsync("/api/alarms?show=everything");
        Assert.Equal(400, (int)bad.StatusCode);
    }

    [Fact]
    public async Task A_viewer_may_read_the_list_but_not_acknowledge()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        await station.AlarmAsync("link-lost", "warning");
        var id = (await AlarmAsync("link-lost")).GetProperty("id").GetInt64();
        using var viewer = await _h.ClientAsAsync("vic", "viewer");
        Assert.Equal(200, (int)(await viewer.GetAsync("/api/alarms")).StatusCode);
        var refused = await viewer.PostAsJsonAsync($"/api/alarms/{id}/acknowledge", new { });
        Assert.Equal(403, (int)refused.StatusCode);
    }
}
