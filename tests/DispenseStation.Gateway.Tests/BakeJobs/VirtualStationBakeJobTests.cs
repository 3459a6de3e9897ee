using System.Text.Json;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;
using DispenseStation.VirtualStation.Hosting;
using Xunit.Abstractions;

namespace DispenseStation.Gateway.Tests.BakeJobs;

/// <summary>
/// A 5-wafer bake job submitted to the gateway runs on the real station core over the simulated plate (the virtual
/// station, with a simulated operator placing cold wafers at the prompts), and lands as five wafer records.
/// </summary>
public sealed class VirtualStationBakeJobTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AppHarness _h = null!;
    private readonly TempDir _state = new("ds-bake-");
    private readonly CancellationTokenSource _stop = new();
    private VirtualStationHost _host = null!;
    private Task _run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _h = await AppHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Stations:3:Id"] = "vs-bake",
            ["Gateway:Stations:3:PasswordHash"] = Security.PasswordHash.Create(AppHarness.Password, 10_000),
        });
        _host = new VirtualStationHost(new VirtualStationOptions
        {
            StationId = "vs-bake", Broker = $"127.0.0.1:{_h.Gateway.MqttPort}", Username = "vs-bake", Password = AppHarness.Password,
            Channels = VirtualStationBatchTests.PlantPumps, StateDir = _state.Path, Speed = 40, Seed = 11, AutoWafers = true,
        }, line => output.WriteLine(line));
        _run = Task.Run(() => _host.RunAsync(_stop.Token));
        await AppHarness.WaitForAsync(async () => (await _h.GetJsonAsync("/api/stations/vs-bake")).GetProperty("online").GetBoolean(), "vs-bake online");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await _host.DisposeAsync();
        await _h.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task Five_wafers_are_detected_timed_from_wafer_down_recorded_and_summarised()
    {
        // The job keeps the gains the station reported when it started (the tuning page compares runs by them).
        await AppHarness.WaitForAsync(async () => (await _h.GetJsonAsync("/api/stations/vs-bake/tuning")).GetProperty("kp").ValueKind == JsonValueKind.Number,
            "vs-bake reported its gains");
        var gains = await _h.GetJsonAsync("/api/stations/vs-bake/tuning");
        var (status, body) = await _h.PostAsync("/api/bake-jobs", new { station = "vs-bake", profile = "peb-110", wafers = 5, @operator = "tomas" });
        Assert.True(status == 201, $"submit: {status} {body}");
        var id = body.GetProperty("id").GetString()!;

        // A second job on the busy station is refused with the reason.
        var (busy, busyBody) = await _h.PostAsync("/api/bake-jobs", new { station = "vs-bake", profile = "peb-110", wafers = 1, @operator = "tomas" });
        Assert.Equal(409, busy);
        Assert.Contains("busy with bake job " + id, busyBody.ToString());

        JsonElement detail = default;
        await AppHarness.WaitForAsync(async () =>
        {
            detail = await _h.GetJsonAsync($"/api/bake-jobs/{id}");
            var state = detail.GetProperty("job").GetProperty("state").GetString();
            if (state is "Aborted" or "Refused") throw new Xunit.Sdk.XunitException($"job ended {state}: {detail}");
            return state == "Complete";
        }, $"bake job {id} Complete", TimeSpan.FromSeconds(120));

        var used = detail.GetProperty("job").GetProperty("gains");
        foreach (var g in new[] { "kp", "ti", "td" })
            Assert.Equal(gains.GetProperty(g).GetDouble(), used.GetProperty(g).GetDouble());
        var wafers = detail.GetProperty("wafers").EnumerateArray().ToList();
        output.WriteLine(detail.GetProperty("summary").ToString());
        Assert.Equal(5, wafers.Count);
        Assert.Equal([0, 1, 2, 3, 4], wafers.Select(w => w.GetProperty("wafer").GetInt32()));
        foreach (var w in wafers)
        {
            Assert.Equal("signature", w.GetProperty("downSource").GetString());
            Assert.Equal("on-time", w.GetProperty("removal").GetString());
            Assert.Equal(1, w.GetProperty("profileVersion").GetInt32());
            Assert.InRange(w.GetProperty("timeOnPlateS").GetDouble(), 60, 63);
            Assert.InRange(w.GetProperty("dipC").GetDouble(), 0.3, 3);
            Assert.True(w.GetProperty("passed").GetBoolean(), w.GetProperty("failures").GetString());
        }
        var summary = detail.GetProperty("summary");
        Assert.Equal(5, summary.GetProperty("passed").GetInt32());
        Assert.True(summary.GetProperty("timeOnPlateS").GetProperty("range").GetDouble() < 1.5);
        var trace = detail.GetProperty("trace").EnumerateArray().ToList();
        Assert.True(trace.Count > 100, $"trace points {trace.Count}");
        // Each wafer-down marker falls where the trace shows the plate dipping.
        foreach (var w in wafers)
        {
            var down = w.GetProperty("downTimeS").GetDouble();
            var after = trace.Where(p => p.GetProperty("timeS").GetDouble() is var t && t > down && t < down + 15)
                .Select(p => p.GetProperty("plateC").GetDouble()).ToList();
            Assert.NotEmpty(after);
            Assert.True(after.Min() < 109.8, $"no dip after wafer-down at {down}: min {after.Min()}");
        }
        Assert.Equal(5, _host.Simulation.Wafers!.Placed);
    }

    [Fact]
    public async Task Jobs_are_refused_on_an_unknown_station_an_alarmed_station_and_with_an_unknown_profile()
    {
        var (s1, b1) = await _h.PostAsync("/api/bake-jobs", new { station = "ds-02", profile = "peb-110", wafers = 1, @operator = "tomas" });
        Assert.Equal(409, s1);
        Assert.Contains("has never connected", b1.ToString());
        var (s2, b2) = await _h.PostAsync("/api/bake-jobs", new { station = "vs-bake", profile = "peb-999", wafers = 1, @operator = "tomas" });
        Assert.Equal(404, s2);
        Assert.Contains("no bake profile 'peb-999'", b2.ToString());
        var (s3, b3) = await _h.PostAsync("/api/bake-jobs", new { station = "vs-bake", profile = "peb-110", wafers = 0, @operator = "tomas" });
        Assert.Equal((400, "wafers"), (s3, JsonAssert.Errors(b3)[0].Field));

        _host.Simulation.HeaterInterlock.IsActive = true;
        await AppHarness.WaitForAsync(async () => (await _h.GetJsonAsync("/api/stations/vs-bake")).GetProperty("activeAlarms").GetArrayLength() > 0, "alarm reported");
        var (s4, b4) = await _h.PostAsync("/api/bake-jobs", new { station = "vs-bake", profile = "peb-110", wafers = 1, @operator = "tomas" });
        Assert.Equal(409, s4);
        Assert.Contains("has active alarms", b4.ToString());
    }

    [Fact]
    public async Task A_profile_saved_through_the_api_gets_the_next_version_and_bad_yaml_names_every_field()
    {
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "library", "bake-profiles", "peb-110.yaml")).Replace("holdS: 60", "holdS: 90");
        var (status, body) = await _h.PostAsync("/api/bake-profiles", new { yaml, engineer = "eva", note = "hold 90 s for the thicker film" });
        Assert.True(status == 201, body.ToString());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        var versions = (await _h.GetJsonAsync("/api/bake-profiles/peb-110")).EnumerateArray().ToList();
        Assert.Equal([60.0, 90.0], versions.Select(v => v.GetProperty("profile").GetProperty("plannedS").GetDouble()));

        var (bad, badBody) = await _h.PostAsync("/api/bake-profiles", new { yaml = "name: x\nversion: 1\nwafer: { size: 450mm }\nsegments: []\n", engineer = "eva", note = "a new profile" });
        Assert.Equal(400, bad);
        Assert.Equal(["wafer.size", "segments"], JsonAssert.Errors(badBody).Select(e => e.Field));
    }

    [Fact]
    public async Task The_cli_lists_profiles_runs_a_one_wafer_job_to_its_end_and_shows_its_record()
    {
        string url = _h.Http.BaseAddress!.ToString();
        var (exit, output, error) = await Cli("bake", "profiles", "--gateway", url);
        Assert.True(exit == 0, error);
        Assert.Contains("peb-110", output);
        Assert.Contains("pab-100", output);
        (exit, output, error) = await Cli("bake", "run", "--station", "vs-bake", "--profile", "pab-100", "--wafers", "1", "--operator", "cli tech", "--gateway", url);
        Assert.True(exit == 0, error + output);
        Assert.Contains("1 passed, 0 failed of 1", output);
        Assert.Contains("signature", output);
        (exit, _, error) = await Cli("bake", "run", "--station", "vs-bake", "--profile", "nope", "--wafers", "1", "--operator", "cli tech", "--gateway", url);
        Assert.Equal(2, exit);
        Assert.Contains("profile: no bake profile 'nope'", error);
    }

    [Fact]
    public async Task Already_down_goes_to_the_station_for_wafer_down_only_and_its_refusal_comes_back_with_the_reason()
    {
        var (status, body) = await _h.PostAsync("/api/bake-jobs", new { station = "vs-bake", profile = "peb-110", wafers = 1, @operator = "tomas" });
        Assert.True(status == 201, $"submit: {status} {body}");
        var id = body.GetProperty("id").GetString()!;
        var (removed, removedBody) = await _h.PostAsync($"/api/bake-jobs/{id}/wafer-removed", new { wafer = 0, alreadyDown = true });
        Assert.Equal(400, removed);
        Assert.Contains("applies to wafer-down only, not wafer-removed", removedBody.ToString());
        // The plate is still stabilising: no withdrawn wafer-down, the station says why.
        var (down, downBody) = await _h.PostAsync($"/api/bake-jobs/{id}/wafer-down", new { wafer = 0, alreadyDown = true });
        Assert.Equal(409, down);
        Assert.Contains("rejected wafer-down: wafer-down: wafer 0 is not waiting to be placed", downBody.ToString());
        string url = _h.Http.BaseAddress!.ToString();
        var (exit, _, error) = await Cli("bake", "wafer-down", id, "--wafer", "1", "--already-down", "--operator", "cli tech", "--gateway", url);
        Assert.NotEqual(0, exit);
        Assert.Contains("wafer 0 is not waiting to be placed", error);
        (exit, _, error) = await Cli("bake", "wafer-removed", id, "--wafer", "1", "--already-down", "--operator", "cli tech", "--gateway", url);
        Assert.NotEqual(0, exit); // --already-down is wafer-down's option only
        Assert.True((await _h.PostAsync($"/api/bake-jobs/{id}/abort", new { })).Item1 == 200);
    }

    private static async Task<(int Exit, string Out, string Err)> Cli(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(stdout), Ansi = Spectre.Console.AnsiSupport.No, Interactive = Spectre.Console.InteractionSupport.No,
        });
        Spectre.Console.AnsiConsole.Console.Profile.Width = 240;
        try { return (await DispenseStation.Gateway.Cli.CliApp.RunAsync(args), stdout.ToString(), stderr.ToString()); }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
