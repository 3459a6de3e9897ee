using System.Text.Json;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.VirtualStation.Hosting;

namespace DispenseStation.E2E.Tests.Pages;

/// <summary>
/// A gateway with a virtual station that has run one batch to Complete and one bake job that was aborted, so every
/// dashboard page has something to show. Shared by the page sweep and the phone batch test (one start-up for both).
/// </summary>
public sealed class DashboardSite : IAsyncLifetime
{
    public const string Station = "vs-01";
    private readonly CancellationTokenSource _stop = new();
    private DispenseStation.Gateway.Tests.Support.TempDir? _state;
    private VirtualStationHost? _station;
    private Task? _run;

    public AppHarness Harness { get; private set; } = null!;
    public string BatchId { get; private set; } = "";
    public string BakeJobId { get; private set; } = "";
    public Uri Base => Harness.Http.BaseAddress!;

    /// <summary>Every page of the dashboard: its path and the element that shows it has rendered its data. A new page belongs here.</summary>
    public IReadOnlyList<(string Name, string Path, string Ready)> PagesToCheck() =>
    [
        ("login", "login.html", "#login-form"),
        ("stations", "#/", $"#tiles [data-station='{Station}']"),
        ("batches", "#/batches", $"#batches a[href='#/batch/{BatchId}']"),
        ("batch", $"#/batch/{BatchId}", "#dose-table"),
        ("report", $"#/report/{BatchId}", "#report-temp-timechart .tchart-plot[data-points]"),
        ("recipes", "#/validate", "#yaml"),
        ("tuning", "#/tuning", "#tune-station"),
        ("audit", "#/audit", "main h1"),
        ("alarms", "#/alarms", "#alarms-list :is(#alarm-table, #alarms-empty)"),
        ("station-views", $"#/views/{Station}", "main h1"),
        ("bake", "#/bake", $"#bake-form select[name=station] option[value='{Station}']"),
        ("bake-job", $"#/bakejob/{BakeJobId}", "#bake-timechart .tchart-plot[data-points]"),
        ("bake-report", $"#/bakereport/{BakeJobId}", "#bake-timechart .tchart-plot[data-points]"),
        ("history", $"#/history/{Station}", "#history-source:has-text('points at')"),
        ("editor", "#/editor", "#version-table"),
        ("maintenance", "#/maintenance", "#sc-status dl"),
    ];

    public async Task InitializeAsync()
    {
        Browser.RequireChromium();
        Harness = await AppHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Stations:3:Id"] = Station,
            ["Gateway:Stations:3:PasswordHash"] = DispenseStation.Gateway.Security.PasswordHash.Create(AppHarness.Password, 10_000),
        });
        _state = new DispenseStation.Gateway.Tests.Support.TempDir("ds-e2e-pages-");
        _station = new VirtualStationHost(new VirtualStationOptions
        {
            StationId = Station, Broker = $"127.0.0.1:{Harness.Gateway.MqttPort}", Username = Station, Password = AppHarness.Password,
            Channels = ["solvent", "resin", "crosslinker", "pag", "quencher", "surfactant"], StateDir = _state.Path, Speed = 40, Seed = 7,
        });
        _run = Task.Run(() => _station.RunAsync(_stop.Token));
        await AppHarness.WaitForAsync(async () => (await Harness.GetJsonAsync($"/api/stations/{Station}")).GetProperty("online").GetBoolean(),
            $"{Station} online", TimeSpan.FromSeconds(30));

        var (status, batch) = await Harness.PostAsync("/api/batches", new
        {
            recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = Station, batchGrams = 120,
            lots = new Dictionary<string, string> { ["pgmea"] = "PG-2611", ["tps-tf"] = "TPS-17" },
        });
        Assert.True(status == 201, $"batch: {status} {batch}");
        BatchId = batch.GetProperty("id").GetString()!;
        await AppHarness.WaitForAsync(async () => State(await Harness.GetJsonAsync($"/api/batches/{BatchId}")) == "Complete",
            $"batch {BatchId} Complete", TimeSpan.FromSeconds(120));

        var (jobStatus, job) = await Harness.PostAsync("/api/bake-jobs", new { station = Station, profile = "peb-110", wafers = 1, @operator = "e2e" });
        Assert.True(jobStatus == 201, $"bake job: {jobStatus} {job}");
        BakeJobId = job.GetProperty("id").GetString()!;
        // Some plate trace, then the job is aborted: its page and record have a trace and an end.
        await AppHarness.WaitForAsync(async () => (await Harness.GetJsonAsync($"/api/bake-jobs/{BakeJobId}")).GetProperty("trace").GetArrayLength() >= 20,
            $"bake job {BakeJobId} trace", TimeSpan.FromSeconds(60));
        var (abort, abortBody) = await Harness.PostAsync($"/api/bake-jobs/{BakeJobId}/abort", new { wafer = 0 });
        Assert.True(abort == 200, $"abort: {abort} {abortBody}");
        await AppHarness.WaitForAsync(async () => (await Harness.GetJsonAsync($"/api/bake-jobs/{BakeJobId}")).GetProperty("job").GetProperty("state").GetString() == "Aborted",
            $"bake job {BakeJobId} Aborted", TimeSpan.FromSeconds(60));
    }

    private static string? State(JsonElement detail) => detail.GetProperty("batch").GetProperty("state").GetString();

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null) await _run;
        if (_station is not null) await _station.DisposeAsync();
        await Harness.DisposeAsync();
        _state?.Dispose();
    }

    /// <summary>artifacts/screenshots under the repository root (git-ignored with artifacts/).</summary>
    public static string ScreenshotDir()
    {
        var path = Path.Combine(Path.GetDirectoryName(Browser.ArtifactsDir())!, "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}
