using DispenseStation.Gateway.Tests.App;
using DispenseStation.VirtualStation.Hosting;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>A technician starts a 5-wafer bake job on the dashboard; the virtual station's simulated operator places and
/// removes the wafers at the prompts; the page shows every wafer's record and the trace with wafer-down markers.</summary>
public sealed class DashboardBakeJobTests
{
    [SkippableFact]
    public async Task A_five_wafer_bake_job_started_on_the_dashboard_runs_to_complete_with_a_record_per_wafer()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Stations:3:Id"] = "vs-bake",
            ["Gateway:Stations:3:PasswordHash"] = DispenseStation.Gateway.Security.PasswordHash.Create(AppHarness.Password, 10_000),
        });
        using var state = new DispenseStation.Gateway.Tests.Support.TempDir("ds-e2e-bake-");
        using var stop = new CancellationTokenSource();
        await using var station = new VirtualStationHost(new VirtualStationOptions
        {
            StationId = "vs-bake", Broker = $"127.0.0.1:{h.Gateway.MqttPort}", Username = "vs-bake", Password = AppHarness.Password,
            Channels = ["solvent", "resin", "crosslinker", "pag", "quencher", "surfactant"], StateDir = state.Path, Speed = 40, Seed = 5, AutoWafers = true,
        });
        var run = Task.Run(() => station.RunAsync(stop.Token));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add($"{m.Text} at {m.Location}"); };
        page.PageError += (_, e) => consoleErrors.Add(e);

        await page.GotoAsync(h.Http.BaseAddress!.ToString());
        await Assertions.Expect(page.Locator("[data-station='vs-bake'] .dot.on")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GotoAsync(h.Http.BaseAddress + "#/bake");
        await page.SelectOptionAsync("#bake-form [name=station]", "vs-bake");
        await page.SelectOptionAsync("#bake-form [name=profile]", "peb-110");
        await page.FillAsync("#bake-form [name=wafers]", "5");
        await page.FillAsync("#bake-form [name=operator]", "e2e technician");
        await page.ClickAsync("#start-bake");

        await PageUrl.ExpectAsync(page, "#/bakejob/J-");
        // The page shows the live prompt while the job runs; at 40x the simulated operator answers a "place wafer" prompt
        // within a few hundred milliseconds, quicker than the page's poll, so the prompt itself is not waited for here:
        // the per-wafer records below (wafer-down source, time on plate) are what the prompts led to.
        await Assertions.Expect(page.Locator("#bake-state")).ToHaveTextAsync("Running");
        // "Wafer was already down" is offered only after a withdrawn wafer-down; none happens in this job.
        await Assertions.Expect(page.Locator("#btn-already-down")).ToBeHiddenAsync();
        // The documented 1200 W, 15 mm plate heats from 22 °C for several simulated minutes before it is stable, and the
        // virtual station does not always keep its 40x pace on two shared cores: this wait is for that heat-up.
        await Assertions.Expect(page.Locator("#bake-state")).ToHaveTextAsync("Complete", new() { Timeout = 300_000 });
        await Assertions.Expect(page.Locator("#wafer-table tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#wafer-table tbody tr.ok")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#wafer-table")).ToContainTextAsync("signature");
        // Every wafer's withdrawn wafer-downs are listed for the reviewer: none in this job.
        await Assertions.Expect(page.Locator("#wafer-table thead")).ToContainTextAsync("withdrawn wafer-downs");
        await Assertions.Expect(page.Locator("#wafer-table td.withdrawals", new() { HasText = "0" })).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#bake-summary")).ToContainTextAsync("5 passed");
        // The live bake view: a rate of rise, and every wafer's landing as a marker (listed under the chart's data table).
        await Assertions.Expect(page.Locator("#ro-rate")).ToContainTextAsync("°C/min");
        await page.Locator("#bake-timechart summary").ClickAsync();
        for (var w = 1; w <= 5; w++)
            await Assertions.Expect(page.Locator("#bake-timechart .tchart-table li", new() { HasText = $"wafer {w} down" })).ToHaveCountAsync(1);
        var dir = Browser.ArtifactsDir();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "bake-job-complete.png"), FullPage = true });

        var jobId = page.Url.Split("/").Last();
        await page.GotoAsync(h.Http.BaseAddress + $"#/bakereport/{jobId}");
        await Assertions.Expect(page.Locator("#wafer-table tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("article.report")).ToContainTextAsync("peb-110 version 1");
        await Assertions.Expect(page.Locator("article.report #wafer-table thead")).ToContainTextAsync("withdrawn wafer-downs");
        // The record shows the same bake view.
        await Assertions.Expect(page.Locator("article.report #bake-readout #ro-rate")).ToContainTextAsync("°C/min");
        await Assertions.Expect(page.Locator("article.report #bake-timechart .tchart-zone")).ToContainTextAsync("UTC");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "bake-job-report.png"), FullPage = true });

        Assert.Empty(consoleErrors);
        await stop.CancelAsync();
        await run;
    }
}
