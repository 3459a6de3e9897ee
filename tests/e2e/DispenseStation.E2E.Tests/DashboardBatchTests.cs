using DispenseStation.Gateway.Tests.App;
using DispenseStation.VirtualStation.Hosting;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>An operator starts a batch on the dashboard and watches the virtual station run it to Complete, live, in a real browser.</summary>
public sealed class DashboardBatchTests
{
    [SkippableFact]
    public async Task A_batch_started_on_the_dashboard_runs_to_complete()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Stations:3:Id"] = "vs-01",
            ["Gateway:Stations:3:PasswordHash"] = DispenseStation.Gateway.Security.PasswordHash.Create(AppHarness.Password, 10_000),
        });
        using var state = new DispenseStation.Gateway.Tests.Support.TempDir("ds-e2e-vs-");
        using var stop = new CancellationTokenSource();
        // The firmware core on the simulated plant, 40x faster than real time, over the gateway's broker.
        await using var station = new VirtualStationHost(new VirtualStationOptions
        {
            StationId = "vs-01", Broker = $"127.0.0.1:{h.Gateway.MqttPort}", Username = "vs-01", Password = AppHarness.Password,
            Channels = ["solvent", "resin", "crosslinker", "pag", "quencher", "surfactant"], StateDir = state.Path, Speed = 40, Seed = 3,
        });
        var run = Task.Run(() => station.RunAsync(stop.Token));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add($"{m.Text} at {m.Location}"); };
        page.PageError += (_, e) => consoleErrors.Add(e);

        await page.GotoAsync(h.Http.BaseAddress!.ToString());
        await Assertions.Expect(page.Locator("#link")).ToHaveTextAsync("live");
        await Assertions.Expect(page.Locator("[data-station='vs-01'] .dot.on")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.ReloadAsync(); // the form preselects the online station and a recipe that plans on it
        await Assertions.Expect(page.Locator("#station")).ToHaveValueAsync("vs-01");
        await Assertions.Expect(page.Locator("#recipe")).ToHaveValueAsync("silsesquioxane-negative/ok-terpolymer-magnetic-head");
        await page.FillAsync("#grams", "120");
        // The operator of record is the signed-in user (the test host's default user), shown but not editable.
        await Assertions.Expect(page.Locator("#operator")).ToHaveValueAsync("test-admin");
        await page.FillAsync("#lots", "pgmea=PG-2611, tps-tf=TPS-17");
        await page.ClickAsync("#submit");

        await PageUrl.ExpectAsync(page, "#/batch/b-");
        // Live: the state badge moves on from Dispatched without a reload, and the charts fill.
        await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "Complete", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#dose-table tr")).ToHaveCountAsync(6); // header + five doses
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("PG-2611");
        var dir = Browser.ArtifactsDir();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "dashboard-batch-complete.png"), FullPage = true });

        var batchId = page.Url.Split("/").Last();
        await page.GotoAsync(h.Http.BaseAddress + $"#/report/{batchId}");
        await Assertions.Expect(page.Locator("#dose-table tr")).ToHaveCountAsync(6);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "batch-report.png"), FullPage = true });

        await page.GotoAsync(h.Http.BaseAddress + "#/");
        await Assertions.Expect(page.Locator("[data-station='vs-01'] .badge").First).ToHaveTextAsync("Complete");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "dashboard-stations.png"), FullPage = true });

        await page.GotoAsync(h.Http.BaseAddress + "#/tuning");
        // A dispense batch has no bake steps any more (bakes are bake jobs), and no bake job ran here.
        await Assertions.Expect(page.Locator("#metrics")).ToContainTextAsync("no bake traces in the selected runs");
        // An engineer sets new gains; the station applies them and reports them back (a tuning event), and the audit log shows who.
        await page.SelectOptionAsync("#tune-station", "vs-01");
        await Assertions.Expect(page.Locator("#gains-current")).ToContainTextAsync("current");
        await page.FillAsync("#gains-form [name=kp]", "0.0512");
        await page.FillAsync("#gains-form [name=ti]", "77.5");
        await page.FillAsync("#gains-form [name=td]", "2.25");
        await page.ClickAsync("#set-gains");
        await Assertions.Expect(page.Locator("#tune-ok")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#gains-current .kp")).ToHaveTextAsync("0.051200", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#gains-current")).ToContainTextAsync("applied");
        await Assertions.Expect(page.Locator("#gain-history")).ToContainTextAsync("test-admin");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "pid-tuning.png"), FullPage = true });

        Assert.Empty(consoleErrors);
        await stop.CancelAsync();
        await run;
    }

    [SkippableFact]
    public async Task Recipe_validation_page_shows_the_violated_claim_and_tuning_page_names_bad_gains()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(h.Http.BaseAddress + "#/validate");
        await page.SelectOptionAsync("#example", "silsesquioxane-negative/violates-4-high-mw");
        await Assertions.Expect(page.Locator("#yaml")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("claimSet: silsesquioxane-negative"));
        await page.ClickAsync("#validate");
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("NonCompliant");
        await Assertions.Expect(page.Locator("#claims tr", new() { HasText = "Violated" }).Filter(new() { HasText = "Mw" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDir(), "recipe-validation.png"), FullPage = true });

        await page.GotoAsync(h.Http.BaseAddress + "#/tuning");
        await Assertions.Expect(page.Locator("#tune-station")).ToHaveValueAsync("ds-01");
        await page.FillAsync("#gains-form [name=kp]", "0");
        await page.FillAsync("#gains-form [name=ti]", "60");
        await page.FillAsync("#gains-form [name=td]", "0");
        await page.ClickAsync("#set-gains");
        await Assertions.Expect(page.Locator("#tune-out .errors")).ToContainTextAsync("kp: must be greater than 0");
    }
}
