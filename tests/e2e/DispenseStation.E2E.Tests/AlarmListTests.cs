using DispenseStation.Gateway.Tests.App;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>A technician works the fleet-wide alarm list in a real browser: acknowledge, shelve with a reason, unshelve.</summary>
public sealed class AlarmListTests
{
    [SkippableFact]
    public async Task A_technician_acknowledges_and_shelves_an_alarm_and_a_critical_one_offers_no_shelf()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync();
        var one = await h.ConnectStationAsync("ds-01");
        var two = await h.ConnectStationAsync("ds-02");
        await one.AlarmAsync("reservoir-low", "warning");
        await two.AlarmAsync("overtemp", "critical");
        await AppHarness.WaitForAsync(async () => (await h.GetJsonAsync("/api/alarms")).GetArrayLength() == 2, "two alarms stored");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var consoleErrors = new List<string>();
        page.PageError += (_, e) => consoleErrors.Add(e);
        await page.GotoAsync(h.Http.BaseAddress + "#/alarms");

        var rows = page.Locator("#alarm-table tr[data-alarm]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("overtemp"); // critical first
        await Assertions.Expect(rows.Nth(0).Locator("details.shelve")).ToHaveCountAsync(0);
        var warning = page.Locator("#alarm-table tr[data-alarm]:has-text('reservoir-low')");

        await warning.Locator("button[data-action=acknowledge]").ClickAsync();
        await Assertions.Expect(warning.Locator(".alarm-status")).ToHaveTextAsync("raised, acknowledged");
        await Assertions.Expect(warning).ToContainTextAsync("ack test-admin");

        await warning.Locator("details.shelve summary").ClickAsync();
        await warning.Locator("input[name=reason]").FillAsync("refill ordered");
        await warning.Locator("select[name=minutes]").SelectOptionAsync("120");
        await warning.Locator("form[data-shelve] button[type=submit]").ClickAsync();
        await Assertions.Expect(warning).ToHaveAttributeAsync("data-status", "shelved");
        await Assertions.Expect(warning.Locator(".alarm-status")).ToContainTextAsync("refill ordered");
        await Assertions.Expect(page.Locator("#alarm-result")).ToContainTextAsync("shelved");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDir(), "alarms-shelved.png"), FullPage = true });

        await warning.Locator("button[data-action=unshelve]").ClickAsync();
        await Assertions.Expect(warning).ToHaveAttributeAsync("data-status", "acknowledged");

        // A new alarm arrives while the page is open: it appears without a reload.
        await one.AlarmAsync("scale-unstable", "warning");
        await Assertions.Expect(rows).ToHaveCountAsync(3, new() { Timeout = 15_000 });
        Assert.Empty(consoleErrors);
    }

    [SkippableFact]
    public async Task A_new_critical_alarm_shows_a_browser_notification_on_any_page_once_allowed()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync();
        var station = await h.ConnectStationAsync("ds-01");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        // The page's Notification is recorded instead of shown (headless Chromium has no notification centre); the
        // user has allowed notifications.
        await context.AddInitScriptAsync("""
            window.__notes = [];
            window.Notification = class {
              static permission = "granted";
              static requestPermission() { return Promise.resolve("granted"); }
              constructor(title, options) { window.__notes.push(title + " | " + (options?.body ?? "")); }
            };
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync(h.Http.BaseAddress + "#/alarms");
        await Assertions.Expect(page.Locator("#notify-on")).ToBeVisibleAsync();
        await page.GotoAsync(h.Http.BaseAddress + "#/");
        await Assertions.Expect(page.Locator("#link")).ToHaveTextAsync("live");

        await station.AlarmAsync("link-lost", "warning");
        await station.AlarmAsync("overtemp", "critical");
        await page.WaitForFunctionAsync("window.__notes.length >= 1");
        await Task.Delay(300);
        var notes = await page.EvaluateAsync<string[]>("window.__notes");
        Assert.Equal(["Critical alarm on ds-01: overtemp | scripted"], notes);
    }
}
