using DispenseStation.Gateway.Tests.App;
using DispenseStation.VirtualStation.Hosting;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>
/// A technician opens the maintenance page on a phone-sized screen, primes a pump of the virtual station and then
/// calibrates it at three speeds (after a mistyped set of speeds the page names the item and the rule): the page shows
/// the table of g/s per speed it stored, the channel's calibrated flows with who ran it, and the history lists both runs.
/// </summary>
public sealed class PumpsSectionTests
{
    [SkippableFact]
    public async Task A_technician_primes_and_calibrates_a_pump_from_the_maintenance_page()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Stations:3:Id"] = "vs-01",
            ["Gateway:Stations:3:PasswordHash"] = DispenseStation.Gateway.Security.PasswordHash.Create(AppHarness.Password, 10_000),
        });
        using var state = new DispenseStation.Gateway.Tests.Support.TempDir("ds-e2e-pumps-");
        using var stop = new CancellationTokenSource();
        await using var station = new VirtualStationHost(new VirtualStationOptions
        {
            StationId = "vs-01", Broker = $"127.0.0.1:{h.Gateway.MqttPort}", Username = "vs-01", Password = AppHarness.Password,
            Channels = ["solvent", "resin", "crosslinker", "pag", "quencher", "surfactant"], StateDir = state.Path, Speed = 10, Seed = 5,
        });
        var run = Task.Run(() => station.RunAsync(stop.Token));
        await AppHarness.WaitForAsync(async () => (await h.GetJsonAsync("/api/stations/vs-01")).GetProperty("online").GetBoolean(),
            "vs-01 online", TimeSpan.FromSeconds(30));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var consoleErrors = new List<string>();
        page.PageError += (_, e) => consoleErrors.Add(e);
        await page.GotoAsync(h.Http.BaseAddress + "#/maintenance/vs-01");
        await Assertions.Expect(page.Locator("#pump-history-empty")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // Prime: channel 2 (crosslinker) until 2 g arrived.
        await page.FillAsync("#pump-form [name=channel]", "2");
        await page.FillAsync("#pump-form [name=speed]", "1");
        await page.FillAsync("#pump-form [name=seconds]", "10");
        await page.FillAsync("#pump-form [name=grams]", "2");
        await page.ClickAsync("#pump-prime");
        await Assertions.Expect(page.Locator("#pump-outcome[data-status=completed]")).ToContainTextAsync("Prime of pump 2 completed", new() { Timeout = 30_000 });

        await Assertions.Expect(page.Locator("#pump-calibrations-empty")).ToBeVisibleAsync();

        // A speed typed twice is refused in words, naming the item; nothing runs.
        await page.FillAsync("#pump-form [name=speeds]", "0.25, 0.5, 0.5");
        await page.FillAsync("#pump-form [name=seconds]", "5");
        await page.FillAsync("#pump-form [name=grams]", "");
        await page.ClickAsync("#pump-calibrate");
        await Assertions.Expect(page.Locator("#pump-result .errors")).ToContainTextAsync("speeds[2]: 0.5 is listed twice (also speeds[1]): give each speed once");

        // Calibrate at three speeds for 5 s each.
        await page.FillAsync("#pump-form [name=speeds]", "0.25, 0.5, 1");
        await page.ClickAsync("#pump-calibrate");
        var outcome = page.Locator("#pump-outcome[data-status=completed]");
        await Assertions.Expect(outcome).ToContainTextAsync("Calibration of pump 2 completed: g/s at 3 speeds, stored", new() { Timeout = 60_000 });
        await Assertions.Expect(outcome.Locator("table tr")).ToHaveCountAsync(4); // header and one row per speed
        var current = page.Locator("#pump-calibrations .pump-calibration[data-channel='2']");
        await Assertions.Expect(current).ToContainTextAsync("Pump 2: calibrated");
        await Assertions.Expect(current).ToContainTextAsync("by test-admin");
        await Assertions.Expect(current.Locator("tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#pump-table tr[data-status=completed]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#pump-table")).ToContainTextAsync("test-admin");

        // No page-wide horizontal scroll at 390 px.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways at 390 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDir(), "maintenance-pumps-390.png"), FullPage = true });

        var runs = (await h.GetJsonAsync("/api/stations/vs-01/maintenance/pump-runs")).EnumerateArray().ToList();
        var table = runs[0].GetProperty("table").EnumerateArray().ToList();
        Assert.Equal([0.25, 0.5, 1], table.Select(p => p.GetProperty("speed").GetDouble()));
        foreach (var p in table) // crosslinker: 1.2 ml/s of a 1.0 g/ml liquid at full speed
            Assert.InRange(p.GetProperty("flowGramsPerS").GetDouble(), p.GetProperty("speed").GetDouble() * 1.2 * 0.98, p.GetProperty("speed").GetDouble() * 1.2 * 1.02);
        Assert.Empty(consoleErrors);
        await stop.CancelAsync();
        await run;
    }
}
