using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>
/// Real sign-in in Chromium (no default test user): the dashboard sends a stranger to the login page; a technician
/// signs the finished record as performer, a supervisor reviews it; a viewer sees the record but no write succeeds;
/// the CSV exports download with the session.
/// </summary>
public sealed class SignInSignatureTests
{
    [SkippableFact]
    public async Task Technician_signs_performed_supervisor_signs_reviewed_viewer_only_reads()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync(new() { [RunningGateway.DefaultUserSetting] = "false" });
        var accounts = h.Gateway.App.Services.GetRequiredService<Accounts>();
        await accounts.CreateAsync("tina", "tina-password-1", [GatewayRoles.Technician]);
        await accounts.CreateAsync("sam", "sam-password-1", [GatewayRoles.Supervisor]);
        await accounts.CreateAsync("val", "val-password-1", [GatewayRoles.Viewer]);
        await h.ConnectStationAsync("ds-01");
        var baseUrl = h.Http.BaseAddress!.ToString();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var consoleErrors = new List<string>();

        // The technician runs a batch from the dashboard and signs its record.
        var tech = await browser.NewPageAsync();
        tech.PageError += (_, e) => consoleErrors.Add(e);
        await SignIn.AsAsync(tech, baseUrl, "tina", "tina-password-1");
        await Assertions.Expect(tech.Locator("#operator")).ToHaveValueAsync("tina");
        await Assertions.Expect(tech.Locator("#recipe option:checked")).ToContainTextAsync("✓"); // the form is wired and its fits loaded
        await tech.SelectOptionAsync("#station", "ds-01");
        await tech.SelectOptionAsync("#recipe", "silsesquioxane-negative/ok-terpolymer-magnetic-head");
        await tech.FillAsync("#lots", "pgmea PG-2611");
        await tech.ClickAsync("#submit");
        await Assertions.Expect(tech.Locator("#run-result")).ToContainTextAsync("'pgmea PG-2611' is not material=lot");
        await tech.FillAsync("#lots", "pgmea=PG-2611");
        await tech.ClickAsync("#submit");
        await PageUrl.ExpectAsync(tech, "#/batch/b-");
        await Assertions.Expect(tech.Locator("#state")).ToHaveAttributeAsync("data-state", "Complete", new() { Timeout = 30_000 });
        var batchId = tech.Url.Split("/").Last();
        await tech.GotoAsync(baseUrl + $"#/report/{batchId}");
        await Assertions.Expect(tech.Locator("#no-signatures")).ToBeVisibleAsync();
        // Per dose: planned tolerance and pass/fail (the scripted station misses by 1 mg); per material: its lot, or a flag.
        var doseRows = await tech.Locator("#dose-table tr").CountAsync();
        Assert.True(doseRows > 1);
        await Assertions.Expect(tech.Locator("#dose-table .dose-result")).ToHaveTextAsync(Enumerable.Repeat("pass", doseRows - 1).ToArray());
        await Assertions.Expect(tech.Locator("#lot-table")).ToContainTextAsync("PG-2611");
        await Assertions.Expect(tech.Locator("#lot-table")).ToContainTextAsync("no lot given");
        await tech.FillAsync("#sign-password", "wrong-password");
        await tech.ClickAsync("#sign-submit");
        await Assertions.Expect(tech.Locator("#sign-result")).ToContainTextAsync("is not tina's password");
        await tech.FillAsync("#sign-password", "tina-password-1");
        await tech.ClickAsync("#sign-submit");
        await Assertions.Expect(tech.Locator("#signature-table tr[data-meaning=performed]")).ToContainTextAsync("tina");
        await Assertions.Expect(tech.Locator("#signature-table tr[data-meaning=performed] .sig-valid")).ToHaveTextAsync("valid");
        var csv = await tech.Context.APIRequest.GetAsync(baseUrl + $"api/export/doses.csv?batch={batchId}");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("batch_id,station,seq,channel,material,lot,", await csv.TextAsync());
        Assert.Contains("PG-2611", await csv.TextAsync());

        // The supervisor reviews in another browser session.
        var sup = await (await browser.NewContextAsync()).NewPageAsync();
        sup.PageError += (_, e) => consoleErrors.Add(e);
        await SignIn.AsAsync(sup, baseUrl, "sam", "sam-password-1");
        await sup.GotoAsync(baseUrl + $"#/report/{batchId}");
        await Assertions.Expect(sup.Locator("#sign-meaning")).ToHaveValueAsync("reviewed");
        await sup.FillAsync("#sign-password", "sam-password-1");
        await sup.ClickAsync("#sign-submit");
        await Assertions.Expect(sup.Locator("#signature-table tr[data-meaning=reviewed]")).ToContainTextAsync("sam");
        await Assertions.Expect(sup.Locator("#time-zone")).ToContainTextAsync("exports are in UTC");
        await sup.GotoAsync(baseUrl + "#/audit");
        await sup.FillAsync("#audit-filter [name=batch]", batchId);
        await sup.ClickAsync("#audit-apply");
        await Assertions.Expect(sup.Locator("#audit-table")).ToContainTextAsync("signed-reviewed");
        await Assertions.Expect(sup.Locator("#audit-table")).ToContainTextAsync("signed-performed");
        await sup.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDir(), "audit-signatures.png"), FullPage = true });

        // A viewer reads the record; the gateway refuses their signature whatever the page offers.
        var viewer = await (await browser.NewContextAsync()).NewPageAsync();
        await SignIn.AsAsync(viewer, baseUrl, "val", "val-password-1");
        await viewer.GotoAsync(baseUrl + $"#/report/{batchId}");
        await viewer.FillAsync("#sign-password", "val-password-1");
        await viewer.ClickAsync("#sign-submit");
        await Assertions.Expect(viewer.Locator("#sign-result")).ToContainTextAsync("needs role supervisor; val has viewer");

        // Signing out ends the session: the dashboard goes back to the login page.
        await tech.ClickAsync("#logout");
        await SignIn.ExpectLoginPageAsync(tech);
        Assert.Empty(consoleErrors);
    }

    [SkippableFact]
    public async Task A_gateway_that_cannot_be_reached_is_said_and_asked_again_instead_of_a_blank_page()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync(new() { [RunningGateway.DefaultUserSetting] = "false" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        int refused = 0;
        await page.RouteAsync("**/api/auth/me", async route =>
        {
            if (Interlocked.Increment(ref refused) <= 2) await route.AbortAsync("connectionrefused");
            else await route.ContinueAsync();
        });

        await page.GotoAsync(h.Http.BaseAddress!.ToString());
        await Assertions.Expect(page.Locator("#unreachable")).ToContainTextAsync("Cannot reach the gateway");
        await SignIn.ExpectLoginPageAsync(page);
        Assert.Equal(3, refused);
    }
}
