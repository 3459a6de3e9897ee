using DispenseStation.Gateway.Tests.App;
using DispenseStation.VirtualStation.Hosting;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>
/// A tuning engineer opens the PID tuning page: it opens on the online station with its current gains in the boxes;
/// an autotune shows its progress with a live plot and can be cancelled, after which the heater is off and the page
/// says how the autotune ended.
/// </summary>
public sealed class TuningPageTests
{
    [SkippableFact]
    public async Task The_tuning_page_opens_on_the_online_station_shows_autotune_progress_and_cancels_it()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Stations:3:Id"] = "vs-01",
            ["Gateway:Stations:3:PasswordHash"] = DispenseStation.Gateway.Security.PasswordHash.Create(AppHarness.Password, 10_000),
        });
        using var state = new DispenseStation.Gateway.Tests.Support.TempDir("ds-e2e-tune-");
        using var stop = new CancellationTokenSource();
        await using var station = new VirtualStationHost(new VirtualStationOptions
        {
            StationId = "vs-01", Broker = $"127.0.0.1:{h.Gateway.MqttPort}", Username = "vs-01", Password = AppHarness.Password,
            Channels = ["solvent", "resin", "crosslinker", "pag", "quencher", "surfactant"], StateDir = state.Path, Speed = 10, Seed = 11,
        });
        var run = Task.Run(() => station.RunAsync(stop.Token));
        await AppHarness.WaitForAsync(async () => (await h.GetJsonAsync("/api/stations/vs-01/tuning")).GetProperty("status").GetString() != "not-reported",
            "vs-01 reports its gains", TimeSpan.FromSeconds(30));
        var kp = (await h.GetJsonAsync("/api/stations/vs-01/tuning")).GetProperty("kp").GetDouble();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var consoleErrors = new List<string>();
        page.PageError += (_, e) => consoleErrors.Add(e);
        await page.GotoAsync(h.Http.BaseAddress + "#/tuning");

        // ds-01..03 are configured but offline: the page opens on vs-01, its gains in the boxes.
        await Assertions.Expect(page.Locator("#tune-station")).ToHaveValueAsync("vs-01");
        await Assertions.Expect(page.Locator("#gains-form [name=kp]")).ToHaveValueAsync(kp.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await page.FillAsync("#autotune-form [name=targetC]", "110");
        await page.ClickAsync("#start-autotune");
        await Assertions.Expect(page.Locator("#autotune-progress")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#autotune-elapsed")).ToContainTextAsync("running for");
        // Until the first relay cycle ends there is no period to estimate the end from, and the page says so.
        await Assertions.Expect(page.Locator("#autotune-elapsed")).ToContainTextAsync("no end estimate yet");
        await Assertions.Expect(page.Locator("#autotune-timechart .tchart-plot[data-points]")).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDir(), "tuning-autotune-running.png"), FullPage = true });

        // The station tile says the plate is being tuned, not Idle; back on the tuning page the progress is there again.
        await page.GotoAsync(h.Http.BaseAddress + "#/");
        await Assertions.Expect(page.Locator("[data-station='vs-01'] .badge").First).ToHaveTextAsync("autotuning");
        await page.GotoAsync(h.Http.BaseAddress + "#/tuning");
        await Assertions.Expect(page.Locator("#autotune-progress")).ToBeVisibleAsync();

        await page.ClickAsync("#cancel-autotune");
        await Assertions.Expect(page.Locator("#autotune-progress")).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#autotune-result")).ToContainTextAsync("last autotune");
        await page.GotoAsync(h.Http.BaseAddress + "#/");
        await Assertions.Expect(page.Locator("[data-station='vs-01'] .badge").First).Not.ToHaveTextAsync("autotuning");
        await AppHarness.WaitForAsync(async () =>
            (await h.GetJsonAsync("/api/stations/vs-01")).GetProperty("lastTelemetry").GetProperty("heaterDuty").GetDouble() == 0, "heater off");

        Assert.Empty(consoleErrors);
        await stop.CancelAsync();
        await run;
    }
}
