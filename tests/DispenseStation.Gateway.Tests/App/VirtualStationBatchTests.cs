using DispenseStation.Gateway.Tests.Support;
using DispenseStation.VirtualStation.Hosting;
using Xunit.Abstractions;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>
/// A recipe submitted to the gateway runs on the real station core over the simulated plant (the virtual station),
/// linked through the gateway's embedded broker with station credentials, and lands in the batch record.
/// </summary>
public sealed class VirtualStationBatchTests(ITestOutputHelper output) : IAsyncLifetime
{
    public static readonly string[] PlantPumps = ["solvent", "resin", "crosslinker", "pag", "quencher", "surfactant"];
    private AppHarness _h = null!;
    private readonly TempDir _state = new("ds-vs-");
    private CancellationTokenSource _stop = new();
    private VirtualStationHost? _host;
    private Task _run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _h = await AppHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Stations:3:Id"] = "vs-01",
            ["Gateway:Stations:3:PasswordHash"] = Security.PasswordHash.Create(AppHarness.Password, 10_000),
        });
        StartStation();
        await AppHarness.WaitForAsync(async () => (await _h.GetJsonAsync("/api/stations/vs-01")).GetProperty("online").GetBoolean(), "vs-01 online");
    }

    private void StartStation()
    {
        _stop = new CancellationTokenSource();
        _host = new VirtualStationHost(new VirtualStationOptions
        {
            StationId = "vs-01", Broker = $"127.0.0.1:{_h.Gateway.MqttPort}", Username = "vs-01", Password = AppHarness.Password,
            Channels = PlantPumps, StateDir = _state.Path, Speed = 40, Seed = 7,
        }, line => output.WriteLine(line));
        var host = _host;
        var stop = _stop.Token;
        _run = Task.Run(() => host.RunAsync(stop));
    }

    /// <summary>Power loss: the station's loop and link stop; only its non-volatile store survives.</summary>
    private async Task StopStationAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await _host!.DisposeAsync();
        _host = null;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await StopStationAsync();
        await _h.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task A_recipe_runs_on_the_virtual_station_and_its_record_is_within_tolerance()
    {
        var fits = (await _h.GetJsonAsync("/api/stations/vs-01/recipes")).EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("silsesquioxane-negative/ok-terpolymer-magnetic-head", fits);

        var (status, body) = await _h.PostAsync("/api/batches", new
        {
            recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "vs-01", @operator = "ana", batchGrams = 100,
        });
        Assert.True(status == 201, $"submit: {status} {body}");
        var id = body.GetProperty("id").GetString()!;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        await AppHarness.WaitForAsync(async () =>
        {
            var state = (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("batch").GetProperty("state").GetString();
            if (state is "Aborted" or "Interrupted" or "Held") throw new Xunit.Sdk.XunitException($"batch ended {state}: {await _h.Http.GetStringAsync($"/api/batches/{id}")}");
            return state == "Complete";
        }, $"batch {id} Complete", TimeSpan.FromSeconds(90));

        var detail = await _h.GetJsonAsync($"/api/batches/{id}");
        var steps = detail.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "dose").ToList();
        var doses = detail.GetProperty("doses").EnumerateArray().ToList();
        Assert.Equal(steps.Count, doses.Count);
        double worst = 0;
        foreach (var d in doses)
        {
            var step = steps.Single(s => s.GetProperty("material").GetString() == d.GetProperty("material").GetString());
            var error = Math.Abs(d.GetProperty("errorGrams").GetDouble());
            Assert.True(error <= step.GetProperty("toleranceGrams").GetDouble(),
                $"{d.GetProperty("material")}: error {error:0.0000} g over tolerance {step.GetProperty("toleranceGrams")}");
            worst = Math.Max(worst, error / step.GetProperty("toleranceGrams").GetDouble());
            output.WriteLine($"{d.GetProperty("material").GetString(),-24} target {d.GetProperty("targetGrams").GetDouble(),9:0.0000} g error {d.GetProperty("errorGrams").GetDouble(),8:+0.0000;-0.0000} g (tolerance {step.GetProperty("toleranceGrams").GetDouble():0.0000})");
        }
        // Dispense batches make resist only: the recipe's bakes are bake jobs now, so the batch heats nothing.
        Assert.DoesNotContain(detail.GetProperty("steps").EnumerateArray(), s => s.GetProperty("kind").GetString() == "bake");
        var trace = detail.GetProperty("bakeTrace").EnumerateArray().ToList();
        Assert.Empty(trace);
        output.WriteLine($"batch {id}: {doses.Count} doses, worst error {worst:P0} of tolerance, {trace.Count} bake trace points, {wall.Elapsed.TotalSeconds:0.0} s wall");
    }

    /// <summary>
    /// Submits a batch, restarts the station after at least two doses and waits until the batch is held as interrupted;
    /// returns the doses recorded by then (a third may land between the poll and the cut).
    /// </summary>
    private async Task<(string Id, int Doses)> CutByRestartAsync(bool keepBench)
    {
        var (status, body) = await _h.PostAsync("/api/batches", new
        {
            recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "vs-01", @operator = "ana", batchGrams = 100,
        });
        Assert.True(status == 201, $"submit: {status} {body}");
        var id = body.GetProperty("id").GetString()!;
        await WithDiagnosticsAsync(id, () => AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("doses").GetArrayLength() >= 2, "two doses", TimeSpan.FromSeconds(60)));

        await StopStationAsync();
        // The simulated bench (plant.json) survives a restart unless it is thrown away here.
        if (!keepBench) File.Delete(Path.Combine(_state.Path, DispenseStation.VirtualStation.Simulation.PlantSnapshot.FileName));
        StartStation();
        await WithDiagnosticsAsync(id, () => AppHarness.WaitForAsync(async () =>
        {
            var b = (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("batch");
            return b.GetProperty("state").GetString() == "Held" && b.GetProperty("stateReason").GetString()!.Contains("interrupted");
        }, "batch held as interrupted", TimeSpan.FromSeconds(30)));
        await WithDiagnosticsAsync(id, () => AppHarness.WaitForAsync(async () =>
        {
            var station = await _h.GetJsonAsync("/api/stations/vs-01");
            return station.GetProperty("interrupted").GetBoolean() && station.GetProperty("batchId").GetString() == id;
        }, "station reporting the interrupted batch", TimeSpan.FromSeconds(30)));
        return (id, (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("doses").GetArrayLength());
    }

    [Fact]
    public async Task A_batch_cut_by_a_station_restart_on_a_lost_bench_is_held_as_interrupted_resume_passes_through_and_abort_closes_it()
    {
        var (id, dosesAtCut) = await CutByRestartAsync(keepBench: false);
        // The station resumes, then finds the bottle it was filling lighter (the bench was lost: re-zeroed against the
        // tare of an empty bottle) and holds with an alarm: the record shows that alarm, and abort closes it.
        var (resume, answer) = await _h.PostAsync($"/api/batches/{id}/commands/resume", new { });
        Assert.True(resume == 200, $"resume: {resume} {answer}");
        await WithDiagnosticsAsync(id, () => AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("alarms").EnumerateArray().Any(a => a.GetProperty("code").GetString() == "bottle-changed"),
            "bottle-changed alarm in the batch record", TimeSpan.FromSeconds(30)));
        var (abort, aborted) = await _h.PostAsync($"/api/batches/{id}/commands/abort", new { });
        Assert.True(abort == 200, $"abort: {abort} {aborted}");
        await WithDiagnosticsAsync(id, () => _h.WaitForBatchStateAsync(id, "Aborted"));
        Assert.Equal(dosesAtCut, (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("doses").GetArrayLength()); // nothing dosed after the restart
    }

    [Fact]
    public async Task A_batch_cut_by_a_station_restart_on_a_kept_bench_resumes_to_complete()
    {
        var (id, _) = await CutByRestartAsync(keepBench: true);
        var (resume, answer) = await _h.PostAsync($"/api/batches/{id}/commands/resume", new { });
        Assert.True(resume == 200, $"resume: {resume} {answer}");
        // The rest of the batch, bake included, at 40x: as long as the whole batch in the first test.
        await WithDiagnosticsAsync(id, () => AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync($"/api/batches/{id}")).GetProperty("batch").GetProperty("state").GetString() == "Complete",
            $"batch {id} Complete", TimeSpan.FromSeconds(90)));
        var detail = await _h.GetJsonAsync($"/api/batches/{id}");
        Assert.DoesNotContain(detail.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("code").GetString() == "bottle-changed");
        Assert.Equal(detail.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("kind").GetString() == "dose"),
            detail.GetProperty("doses").GetArrayLength());
    }

    /// <summary>On failure, the station's and the batch's last known state go to the test output.</summary>
    private async Task WithDiagnosticsAsync(string batchId, Func<Task> wait)
    {
        try { await wait(); }
        catch (Exception)
        {
            output.WriteLine("station: " + await _h.Http.GetStringAsync("/api/stations/vs-01"));
            output.WriteLine("batch: " + await _h.Http.GetStringAsync($"/api/batches/{batchId}"));
            throw;
        }
    }

    [Fact]
    public async Task Gains_set_through_the_api_reach_the_virtual_station_and_come_back_as_a_tuning_event()
    {
        // The station reports the gains it commissioned with as soon as it connects.
        await AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync("/api/stations/vs-01/tuning")).GetProperty("status").GetString() != "not-reported", "initial tuning report");
        var initial = await _h.GetJsonAsync("/api/stations/vs-01/tuning");
        Assert.Equal("current", initial.GetProperty("status").GetString());
        Assert.True(initial.GetProperty("kp").GetDouble() > 0);

        var (status, body) = await _h.PostAsync("/api/stations/vs-01/tuning/gains", new { kp = 0.0512, ti = 77.5, td = 2.25, engineer = "eve" });
        Assert.True(status == 200, $"set-gains: {status} {body}");
        await AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync("/api/stations/vs-01/tuning")).GetProperty("status").GetString() == "applied", "applied tuning event");
        var applied = await _h.GetJsonAsync("/api/stations/vs-01/tuning");
        Assert.Equal(0.0512, applied.GetProperty("kp").GetDouble(), 6);
        Assert.Equal(77.5, applied.GetProperty("ti").GetDouble(), 3);
        Assert.Equal(2.25, applied.GetProperty("td").GetDouble(), 3);

        var audit = (await _h.GetJsonAsync("/api/audit?entity=Parameter&entityId=vs-01/hotplate-pid")).EnumerateArray().ToList();
        var entry = Assert.Single(audit);
        Assert.Equal(Support.TestUserHandler.Name, entry.GetProperty("actor").GetString()); // the signed-in user, not the body's "eve"
        Assert.Equal("set-gains", entry.GetProperty("action").GetString());
        Assert.Contains("kp 0.0512", entry.GetProperty("details").GetString());
    }

    [Fact]
    public async Task An_autotune_started_through_the_api_finishes_on_the_simulated_plate_and_its_gains_are_audited()
    {
        await AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync("/api/stations/vs-01/tuning")).GetProperty("status").GetString() != "not-reported", "initial tuning report");
        var (status, body) = await _h.PostAsync("/api/stations/vs-01/tuning/autotune", new { targetC = 110, rule = "tyreus-luyben", maxC = 135 });
        Assert.True(status == 202, $"autotune: {status} {body}");
        // While it runs the station takes no batch and no other tuning command.
        var (again, _) = await _h.PostAsync("/api/stations/vs-01/tuning/gains", new { kp = 0.1, ti = 60, td = 0 });
        Assert.Equal(409, again);

        // While it runs, each relay cycle updates the estimate of its end (cycles to go x last cycle).
        var estimates = new List<System.Text.Json.JsonElement>();
        await AppHarness.WaitForAsync(async () =>
        {
            var t = await _h.GetJsonAsync("/api/stations/vs-01/tuning");
            if (t.GetProperty("estimate") is { ValueKind: System.Text.Json.JsonValueKind.Object } e) estimates.Add(e);
            return t.GetProperty("lastAutotune").ValueKind == System.Text.Json.JsonValueKind.Object;
        }, "autotune result", TimeSpan.FromSeconds(90));
        var tuning = await _h.GetJsonAsync("/api/stations/vs-01/tuning");
        var last = tuning.GetProperty("lastAutotune");
        Assert.True(last.GetProperty("status").GetString() == "autotune-succeeded", last.ToString());
        Assert.Equal("tyreus-luyben", last.GetProperty("rule").GetString());
        Assert.True(last.GetProperty("ku").GetDouble() > 0 && last.GetProperty("puS").GetDouble() > 0);
        Assert.True(last.GetProperty("deadTimeS").GetDouble() > 0);
        Assert.False(tuning.GetProperty("autotuneRunning").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, tuning.GetProperty("estimate").ValueKind);
        var done = estimates.Select(e => e.GetProperty("cyclesDone").GetInt32()).Distinct().ToList();
        Assert.True(done.Count >= 2, $"progress seen for cycles {string.Join(", ", done)}");
        Assert.Equal(done.Order(), done);
        Assert.All(estimates, e => Assert.True(e.GetProperty("remainingS").GetDouble() > 0, e.ToString()));
        // The last report is of a measured cycle: its length is the relay period the result averages (settling cycles,
        // with the bias still moving, can be twice as long).
        var pu = last.GetProperty("puS").GetDouble();
        Assert.InRange(estimates[^1].GetProperty("lastCycleS").GetDouble(), 0.75 * pu, 1.33 * pu);

        var audit = (await _h.GetJsonAsync("/api/audit?entity=Parameter&entityId=vs-01/hotplate-pid")).EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("autotune-started", audit);
        Assert.Contains("autotune", audit);
    }

    [Fact]
    public async Task An_autotune_cancelled_through_the_api_stops_with_the_heater_off_and_a_batch_runs_after_it()
    {
        await AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync("/api/stations/vs-01/tuning")).GetProperty("status").GetString() != "not-reported", "initial tuning report");
        var (idle, notRunning) = await _h.PostAsync("/api/stations/vs-01/tuning/autotune/cancel", new { });
        Assert.Equal(409, idle);
        Assert.Contains(JsonAssert.Errors(notRunning), e => e.Rule == "station 'vs-01' is not running an autotune");

        var (status, body) = await _h.PostAsync("/api/stations/vs-01/tuning/autotune", new { targetC = 110 });
        Assert.True(status == 202, $"autotune: {status} {body}");
        await AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync("/api/stations/vs-01/tuning")).GetProperty("autotuneRunning").GetBoolean(), "autotune running");
        var (cancel, answer) = await _h.PostAsync("/api/stations/vs-01/tuning/autotune/cancel", new { });
        Assert.True(cancel == 200, $"cancel: {cancel} {answer}");

        await AppHarness.WaitForAsync(async () =>
            !(await _h.GetJsonAsync("/api/stations/vs-01/tuning")).GetProperty("autotuneRunning").GetBoolean(), "autotune ended", TimeSpan.FromSeconds(30));
        var last = (await _h.GetJsonAsync("/api/stations/vs-01/tuning")).GetProperty("lastAutotune");
        Assert.Equal("autotune-failed", last.GetProperty("status").GetString());
        await AppHarness.WaitForAsync(async () =>
            (await _h.GetJsonAsync("/api/stations/vs-01")).GetProperty("lastTelemetry").GetProperty("heaterDuty").GetDouble() == 0, "heater off");
        var audit = (await _h.GetJsonAsync("/api/audit?entity=Parameter&entityId=vs-01/hotplate-pid")).EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("autotune-cancelled", audit);

        // The stopped station is reset by the gateway and takes the next batch.
        var (submit, batch) = await _h.PostAsync("/api/batches", new
        {
            recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "vs-01", @operator = "ana", batchGrams = 100,
        });
        Assert.True(submit == 201, $"submit after cancel: {submit} {batch}");
    }
}
