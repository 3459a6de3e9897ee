using System.Text.Json;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>How a batch record follows what happens to its station: alarms, a station that loses the batch, live updates.</summary>
public sealed class RecordLifecycleTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private const string Ok = "silsesquioxane-negative/ok-terpolymer-magnetic-head";

    private async Task<string> SubmitAsync()
    {
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "ana" });
        Assert.True(status == 201, $"submit: {status} {body}");
        return body.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Alarms_raised_during_a_batch_are_in_its_record_and_clear()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.PauseBeforeStep = 2;
        var id = await SubmitAsync();
        await _h.WaitForBatchStateAsync(id, "Held");
        await station.AlarmAsync("DOSE_NO_FLOW", "warning");
        await AppHarness.WaitForAsync(async () => (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("alarms").GetArrayLength() == 1, "alarm stored");
        await station.AlarmAsync("DOSE_NO_FLOW", "warning", raised: false);
        await AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("alarms")[0].GetProperty("clearedAt").ValueKind != JsonValueKind.Null, "alarm cleared");
        var alarm = (await _h.GetJsonAsync("/api/stations/ds-01/alarms"))[0];
        Assert.Equal("DOSE_NO_FLOW", alarm.GetProperty("code").GetString());
        Assert.Equal(id, alarm.GetProperty("batchId").GetString());
    }

    [Fact]
    public async Task A_station_back_online_without_the_batch_closes_the_record_as_interrupted()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.PauseBeforeStep = 2;
        var id = await SubmitAsync();
        await _h.WaitForBatchStateAsync(id, "Held");
        await station.CrashAsync();
        await AppHarness.WaitForAsync(async () => !(await _h.GetJsonAsync("/api/stations/ds-01")).GetProperty("online").GetBoolean(), "last will");

        // A station that rebooted with its batch lost comes back Idle, with no batch.
        await _h.ConnectStationAsync("ds-01");
        await _h.WaitForBatchStateAsync(id, "Interrupted");
        var batch = (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("batch");
        Assert.Equal("station came back online without the batch", batch.GetProperty("stateReason").GetString());
        Assert.NotEqual(JsonValueKind.Null, batch.GetProperty("endedAt").ValueKind);
    }

    [Fact]
    public async Task Live_updates_stream_station_telemetry_and_batch_changes_over_sse()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _h.Http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal(": connected", await reader.ReadLineAsync(cts.Token));

        await _h.ConnectStationAsync("ds-01");
        var id = await SubmitAsync();
        var seen = new HashSet<string>();
        string? type = null;
        while (!(seen.Contains("station") && seen.Contains("telemetry") && seen.Contains("batch-event") && seen.Contains("batch-complete")))
        {
            var line = await reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("event: ")) type = line[7..];
            else if (line.StartsWith("data: ") && type is not null)
            {
                seen.Add(type);
                var data = JsonDocument.Parse(line[6..]).RootElement;
                if (type == "batch" && data.GetProperty("id").GetString() == id && data.GetProperty("state").GetString() == "Complete") seen.Add("batch-complete");
            }
        }
    }

    [Fact]
    public async Task A_burst_of_live_updates_arrives_whole_and_in_order_from_the_moment_the_stream_opens()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _h.Http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal(": connected", await reader.ReadLineAsync(cts.Token));

        // Published at once (queued faster than the stream writes): they leave in batches, none lost, none reordered.
        var feed = _h.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Live.LiveFeed>();
        const int count = 500;
        for (int i = 0; i < count; i++) feed.Publish("burst-test", new { n = i, text = "ü\"line" });
        int expected = 0;
        string? type = null;
        while (expected < count)
        {
            var line = await reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("event: ")) type = line[7..];
            else if (line.StartsWith("data: ") && type == "burst-test")
            {
                var data = JsonDocument.Parse(line[6..]).RootElement;
                Assert.Equal(expected++, data.GetProperty("n").GetInt32());
                Assert.Equal("ü\"line", data.GetProperty("text").GetString());
            }
        }
    }
}
