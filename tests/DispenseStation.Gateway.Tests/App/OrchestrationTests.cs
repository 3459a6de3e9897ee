using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>Batches end to end over the embedded broker against scripted stations speaking the v1 protocol.</summary>
public sealed class OrchestrationTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private const string Ok = "silsesquioxane-negative/ok-terpolymer-magnetic-head";

    private async Task<string> SubmitAsync(string station = "ds-01", string recipe = Ok, double? grams = null)
    {
        var (status, body) = await _h.PostAsync("/api/batches", new
        {
            recipe, station, @operator = "ana", batchGrams = grams,
            lots = new Dictionary<string, string> { ["pgmea"] = "PG-2611", ["tps-tf"] = "TPS-17" },
        });
        Assert.True(status == 201, $"submit: {status} {body}");
        return body.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_batch_runs_to_complete_and_its_record_holds_doses_lots_and_audit_and_no_bake()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var id = await SubmitAsync(grams: 120);
        await _h.WaitForBatchStateAsync(id, "Complete");

        var detail = await _h.GetJsonAsync($"/api/batches/{id}");
        var batch = detail.GetProperty("batch");
        // The body said "ana"; the record names who was signed in.
        Assert.Equal(Support.TestUserHandler.Name, batch.GetProperty("operator").GetString());
        Assert.Equal(120, batch.GetProperty("batchGrams").GetDouble());
        Assert.NotEqual(JsonValueKind.Null, batch.GetProperty("startedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, batch.GetProperty("endedAt").ValueKind);
        Assert.Equal("PG-2611", detail.GetProperty("lots").GetProperty("pgmea").GetString());

        var steps = detail.GetProperty("steps").EnumerateArray().ToList();
        var planned = steps.Where(s => s.GetProperty("kind").GetString() == "dose").ToList();
        var doses = detail.GetProperty("doses").EnumerateArray().ToList();
        Assert.Equal(planned.Count, doses.Count);
        Assert.Equal(5, doses.Count); // four solids (as stocks) and the solvent top-up
        foreach (var d in doses)
        {
            var step = planned.Single(p => p.GetProperty("material").GetString() == d.GetProperty("material").GetString());
            Assert.Equal(step.GetProperty("channelLabel").GetInt32(), d.GetProperty("channel").GetInt32());
            Assert.Equal(step.GetProperty("targetGrams").GetDouble(), d.GetProperty("targetGrams").GetDouble(), 6);
            Assert.Equal(0.001, d.GetProperty("errorGrams").GetDouble(), 6);
        }
        Assert.Equal(120, doses.Sum(d => d.GetProperty("targetGrams").GetDouble()), 1);

        // Bakes are bake jobs now: the recipe names its bake profiles, the batch ends with mixing.
        Assert.Equal("mix", steps[^1].GetProperty("kind").GetString());
        Assert.DoesNotContain(steps, s => s.GetProperty("kind").GetString() == "bake");
        Assert.Empty(detail.GetProperty("bakeTrace").EnumerateArray());

        var audit = await _h.GetJsonAsync("/api/audit?entity=Recipe");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("details").GetString()!.Contains(id));

        var s = await _h.GetJsonAsync("/api/stations/ds-01");
        Assert.Equal("fake-1.0", s.GetProperty("firmware").GetString());
        Assert.Equal("Complete", s.GetProperty("packMlState").GetString());
        Assert.NotEqual(JsonValueKind.Null, s.GetProperty("lastTelemetry").ValueKind);
        Assert.Equal(["start"], station.CommandsSeen);

        // Stored telemetry of the batch window carries the weight curve up to the full batch.
        await AppHarness.WaitForAsync(async () => (await _h.GetJsonAsync($"/api/batches/{id}/telemetry")).EnumerateArray()
            .Any(t => t.GetProperty("scaleGrams").GetDouble() > 100), "stored telemetry reaching the batch mass");
    }

    [Fact]
    public async Task A_finished_station_is_reset_before_the_next_batch()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        var first = await SubmitAsync();
        await _h.WaitForBatchStateAsync(first, "Complete");
        // The batch record ends on the station's batch-completed event; its state message (Complete) is a separate topic
        // that may arrive a moment later. "Finished" is what the station reports (a loaded run caught the gap: 409 busy, Execute).
        var registry = _h.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Registry.StationRegistry>();
        await AppHarness.WaitForAsync(() => Task.FromResult(registry.Find("ds-01")?.PackMlState == DispenseStation.Protocol.Messages.PackMlStates.Complete), "ds-01 reports Complete");
        var second = await SubmitAsync();
        await _h.WaitForBatchStateAsync(second, "Complete");
        Assert.Equal(["start", "reset", "start"], station.CommandsSeen);
    }

    [Fact]
    public async Task A_batch_submitted_before_the_station_reports_the_last_one_complete_waits_for_it_instead_of_busy()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.CompleteStateWithheld = new TaskCompletionSource();
        var first = await SubmitAsync();
        await _h.WaitForBatchStateAsync(first, "Complete");
        var registry = _h.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Registry.StationRegistry>();
        Assert.Equal(DispenseStation.Protocol.Messages.PackMlStates.Execute, registry.Find("ds-01")?.PackMlState); // the gap

        var second = SubmitAsync();
        await Task.Delay(300);
        station.CompleteStateWithheld.SetResult();
        await _h.WaitForBatchStateAsync(await second, "Complete");
        Assert.Equal(["start", "reset", "start"], station.CommandsSeen);
    }

    [Fact]
    public async Task A_station_still_busy_after_the_grace_is_refused_with_the_state_it_reports()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.CompleteStateWithheld = new TaskCompletionSource();
        var first = await SubmitAsync();
        await _h.WaitForBatchStateAsync(first, "Complete");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "ana" });
        Assert.Equal(409, status);
        Assert.True(waited.Elapsed >= DispenseStation.Gateway.Orchestration.StationPreparation.JobEndGrace, $"refused after {waited.Elapsed}, before the grace");
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "station" && e.Rule.Contains("busy (PackML Execute, job/batch " + first));
        Assert.Equal(["start"], station.CommandsSeen);
        station.CompleteStateWithheld.SetResult();
    }

    [Fact]
    public async Task Nothing_is_dispatched_to_an_offline_station()
    {
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "ana" });
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "station" && e.Rule.Contains("never connected"));

        var station = await _h.ConnectStationAsync("ds-01");
        await station.CrashAsync();
        await AppHarness.WaitForAsync(async () => !(await _h.GetJsonAsync("/api/stations/ds-01")).GetProperty("online").GetBoolean(), "last will");
        (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "ana" });
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "station" && e.Rule == "station 'ds-01' is offline");
        Assert.Empty((await _h.GetJsonAsync("/api/batches")).EnumerateArray());
    }

    [Fact]
    public async Task Nothing_is_dispatched_to_a_station_lacking_a_material()
    {
        var station = await _h.ConnectStationAsync("ds-02");
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-02", @operator = "ana" });
        Assert.Equal(409, status);
        var errors = JsonAssert.Errors(body);
        Assert.Contains(errors, e => e.Field == "components[ssq-hpe-ph-mpe-652015]" && e.Rule.Contains("not loaded on any channel of station ds-02"));
        Assert.Empty(station.CommandsSeen);
    }

    [Fact]
    public async Task Nothing_is_dispatched_to_a_busy_station_and_hold_unhold_abort_pass_through()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.PauseBeforeStep = 2;
        var id = await SubmitAsync();
        await _h.WaitForBatchStateAsync(id, "Held");

        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "bo" });
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Field == "station" && e.Rule.Contains($"busy with batch {id}"));

        var (hold, holdBody) = await _h.PostAsync($"/api/batches/{id}/commands/hold", new { });
        Assert.Equal(409, hold); // already held: the station's own rejection reason comes back
        Assert.Contains(JsonAssert.Errors(holdBody), e => e.Rule.Contains("hold is not allowed in Held"));

        var (unhold, unholdBody) = await _h.PostAsync($"/api/batches/{id}/commands/unhold", new { });
        Assert.Equal(200, unhold);
        Assert.True(unholdBody.GetProperty("accepted").GetBoolean());
        Assert.StartsWith("unhold-", unholdBody.GetProperty("id").GetString());
        await _h.WaitForBatchStateAsync(id, "Complete");
    }

    [Fact]
    public async Task Abort_closes_the_record_as_aborted()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.PauseBeforeStep = 3;
        var id = await SubmitAsync();
        await _h.WaitForBatchStateAsync(id, "Held");
        var (status, _) = await _h.PostAsync($"/api/batches/{id}/commands/abort", new { });
        Assert.Equal(200, status);
        await _h.WaitForBatchStateAsync(id, "Aborted");
        var detail = await _h.GetJsonAsync($"/api/batches/{id}");
        Assert.Equal(2, detail.GetProperty("doses").GetArrayLength());
        var (again, body) = await _h.PostAsync($"/api/batches/{id}/commands/unhold", new { });
        Assert.Equal(409, again);
        Assert.Contains(JsonAssert.Errors(body), e => e.Rule.Contains("Aborted"));
    }

    [Fact]
    public async Task A_start_the_station_rejects_is_recorded_and_reported()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.RejectStartReason = "recipe.steps[1].channel: 7 is not fitted";
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = Ok, station = "ds-01", @operator = "ana" });
        Assert.Equal(409, status);
        Assert.Contains(JsonAssert.Errors(body), e => e.Rule.Contains("7 is not fitted"));
        var batches = (await _h.GetJsonAsync("/api/batches")).EnumerateArray().ToList();
        Assert.Equal("Aborted", Assert.Single(batches).GetProperty("state").GetString());
        Assert.Contains("not started", batches[0].GetProperty("stateReason").GetString());
    }

    [Fact]
    public async Task A_station_that_goes_offline_mid_batch_holds_its_record()
    {
        var station = await _h.ConnectStationAsync("ds-01");
        station.PauseBeforeStep = 2;
        var id = await SubmitAsync();
        await _h.WaitForBatchStateAsync(id, "Held");
        await station.CrashAsync();
        await AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("batch").GetProperty("stateReason").GetString() == "station went offline",
            "offline reason");
    }
}
