using System.Text.Json;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>A batch carries the operator commands its station takes in its present state; screens offer only those.</summary>
public sealed class BatchCommandsOfferedTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<string> SubmitHeldAtStep2Async(FakeStation station)
    {
        station.PauseBeforeStep = 2;
        var (status, body) = await _h.PostAsync("/api/batches", new
        {
            recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "ds-01", @operator = "ana",
        });
        Assert.True(status == 201, $"submit: {status} {body}");
        var id = body.GetProperty("id").GetString()!;
        await _h.WaitForBatchStateAsync(id, "Held");
        return id;
    }

    private async Task<List<string>> CommandsAsync(string id) =>
        (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("batch").GetProperty("commands").EnumerateArray().Select(c => c.GetString()!).ToList();

    private async Task WaitForCommandsAsync(string id, params string[] expected) =>
        await AppHarness.WaitForAsync(async () => (await CommandsAsync(id)).SequenceEqual(expected), $"commands [{string.Join(", ", expected)}]");

    [Fact]
    public async Task A_held_batch_offers_unhold_and_abort_and_a_finished_one_offers_nothing()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var id = await SubmitHeldAtStep2Async(station);
        await WaitForCommandsAsync(id, "unhold", "abort");
        // The batch list carries the same offer.
        var listed = (await _h.GetJsonAsync("/api/batches")).EnumerateArray().Single(b => b.GetProperty("id").GetString() == id);
        Assert.Equal(["unhold", "abort"], listed.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));

        var (unhold, body) = await _h.PostAsync($"/api/batches/{id}/commands/unhold", new { });
        Assert.True(unhold == 200, $"unhold: {unhold} {body}");
        await _h.WaitForBatchStateAsync(id, "Complete");
        Assert.Empty(await CommandsAsync(id));
    }

    [Fact]
    public async Task A_batch_on_an_offline_station_offers_nothing()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var id = await SubmitHeldAtStep2Async(station);
        await WaitForCommandsAsync(id, "unhold", "abort");
        await station.CrashAsync();
        await WaitForCommandsAsync(id);
    }

    [Fact]
    public async Task A_command_body_sent_chunked_is_read()
    {
        // HttpClient's JsonContent has no Content-Length; the stepIndex must still arrive (here: refused for the step, not as missing).
        var station = await _h.ConnectStationAsync("ds-01");
        var id = await SubmitHeldAtStep2Async(station);
        var (status, body) = await _h.PostAsync($"/api/batches/{id}/commands/confirm", new { stepIndex = 2 });
        Assert.DoesNotContain(JsonAssert.Errors(body), e => e.Field == "stepIndex" && e.Rule.StartsWith("required for confirm"));
        Assert.NotEqual(400, status);
    }
}
