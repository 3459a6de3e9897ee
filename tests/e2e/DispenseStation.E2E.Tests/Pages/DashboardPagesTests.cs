using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests.Pages;

/// <summary>
/// Every dashboard page at a desktop (1440x900) and a phone (390x844) viewport: rendered with its data, no horizontal page
/// scroll, no serious or critical axe-core violation, no console error; a screenshot of each in artifacts/screenshots.
/// Then a first-time user runs a batch from the dashboard on the phone.
/// </summary>
public sealed class DashboardPagesTests(DashboardSite site) : IClassFixture<DashboardSite>
{
    [SkippableTheory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Every_page_fits_the_viewport_and_has_no_serious_accessibility_violation(int width, int height)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add($"{page.Url}: {m.Text}"); };
        page.PageError += (_, e) => consoleErrors.Add($"{page.Url}: {e}");
        var problems = new List<string>();

        foreach (var (name, path, ready) in site.PagesToCheck())
        {
            await page.GotoAsync(new Uri(site.Base, path).ToString());
            await Assertions.Expect(page.Locator(ready).First).ToBeAttachedAsync(new() { Timeout = 20_000 });
            // The condition itself is waited on: content that arrives after the ready element may still widen the page.
            try
            {
                await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth",
                    null, new() { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                var wide = await page.EvaluateAsync<string>("""
                    () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                      .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ')
                    """);
                problems.Add($"{name} at {width}x{height}: page is wider than the viewport ({wide})");
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardSite.ScreenshotDir(), $"{name}-{width}x{height}.png"), FullPage = true });
            var axe = await page.RunAxe();
            foreach (var v in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
                problems.Add($"{name} at {width}x{height}: axe {v.Impact} {v.Id} ({v.Help}) on {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(consoleErrors);
    }

    [SkippableFact]
    public async Task A_first_time_user_runs_a_batch_from_the_dashboard_on_a_phone()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
        });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };
        page.PageError += (_, e) => consoleErrors.Add(e);

        await page.GotoAsync(site.Base.ToString());
        // The one live station is the first tile, ahead of the three that were never seen.
        await Assertions.Expect(page.Locator("#tiles .tile").First).ToHaveAttributeAsync("data-station", DashboardSite.Station);
        await Assertions.Expect(page.Locator("#tiles .tile[data-status='never-seen']")).ToHaveCountAsync(3);
        // The form: the online station and a recipe that plans on it are chosen for the user; they tap Start.
        await Assertions.Expect(page.Locator("#station")).ToHaveValueAsync(DashboardSite.Station);
        await Assertions.Expect(page.Locator("#recipe")).ToHaveValueAsync("silsesquioxane-negative/ok-terpolymer-magnetic-head");
        await page.Locator("#lots").FillAsync("pgmea=PG-2612");
        await page.Locator("#submit").TapAsync();

        await page.WaitForURLAsync("**/#/batch/b-*");
        await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "Complete", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#dose-table tr")).ToHaveCountAsync(6);
        // The weight chart filled live, on the absolute time axis with its zone stated.
        await Assertions.Expect(page.Locator("#weight-timechart .tchart-zone")).ToContainTextAsync("UTC");
        var weightPlot = page.Locator("#weight-timechart .tchart-plot");
        Assert.True(int.Parse(await weightPlot.GetAttributeAsync("data-points") ?? "0") > 10);
        // The time axis is absolute (Unix seconds on the gateway's clock), not seconds of a station's uptime ("2398 s"). The
        // virtual station runs 40x real time and its samples are mapped from its uptime, so they may lead the wall clock by
        // up to 40x the test's age; a day bounds that.
        var xRange = (await weightPlot.GetAttributeAsync("data-x-range") ?? ",").Split(',').Select(v => double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.True(Math.Abs(xRange[0] - now) < 86_400 && xRange[1] > xRange[0], $"x range {string.Join(",", xRange)} against now {now}");
        // Ticks on the hotplate's small range are told apart: no label is drawn twice.
        var ticks = System.Text.Json.JsonSerializer.Deserialize<string[]>(await page.Locator("#temp-timechart .tchart-plot").GetAttributeAsync("data-y-ticks") ?? "[]")!
            .Where(t => t != "").ToList();
        Assert.True(ticks.Count >= 2, $"y ticks: {string.Join(", ", ticks)}");
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "the batch page scrolls sideways on a phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardSite.ScreenshotDir(), "phone-batch-complete-390x844.png"), FullPage = true });
        Assert.Empty(consoleErrors);
    }
}
