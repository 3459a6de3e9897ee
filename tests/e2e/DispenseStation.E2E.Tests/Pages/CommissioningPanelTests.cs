using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Sparkplug;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests.Pages;

/// <summary>
/// The commissioning panel (#/views/ID) in Chromium, with both views on: whoever wires Ignition or Home Assistant sees
/// each topic the gateway publishes about the station with its last payload, and a new value appears without a reload.
/// </summary>
public sealed class CommissioningPanelTests
{
    [SkippableFact]
    public async Task The_panel_shows_each_views_topics_with_the_last_payload_and_follows_new_values()
    {
        Browser.RequireChromium();
        using var dir = new TempDir("ds-views-e2e-");
        await using var h = await AppHarness.StartAsync(new()
        {
            ["Gateway:Sparkplug:Enabled"] = "true",
            ["Gateway:Sparkplug:GroupId"] = "Plant",
            ["Gateway:Sparkplug:EdgeNodeId"] = "gw1",
            ["Gateway:Sparkplug:BdSeqFile"] = dir.File("bdseq"),
            ["Gateway:HomeAssistant:Enabled"] = "true",
            ["Gateway:HomeAssistant:TelemetryIntervalMilliseconds"] = "0",
        });
        await using var station = await ScriptedStation.ConnectAsync(h.Gateway.MqttPort, "ds-03", AppHarness.Password);
        await station.TelemetryAsync(plateC: 88.5, grams: 1.25);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, e) => pageErrors.Add(e);
        await page.GotoAsync(h.Http.BaseAddress + "#/views/ds-03");

        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("Station ds-03: published views");
        var haRow = page.Locator("table.views tr", new() { Has = page.Locator("code", new() { HasTextString = "dispense-ha/ds-03/telemetry" }) });
        await Assertions.Expect(haRow.Locator("pre.payload")).ToContainTextAsync("\"plate_temperature\": 88.5,"); // the panel shows JSON payloads pretty-printed
        var ddata = page.Locator("table.views tr", new() { Has = page.Locator("code", new() { HasTextString = "spBv1.0/Plant/DDATA/gw1/ds-03" }) });
        await Assertions.Expect(ddata.Locator("pre.payload")).ToContainTextAsync("88.5"); // the Sparkplug payload decoded for reading
        var dbirth = page.Locator("table.views tr", new() { Has = page.Locator("code", new() { HasTextString = "spBv1.0/Plant/DBIRTH/gw1/ds-03" }) });
        await Assertions.Expect(dbirth.Locator("pre.payload")).ToContainTextAsync("Hotplate/Temperature");
        await Assertions.Expect(page.Locator("h2", new() { HasTextString = "Sparkplug B" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h2", new() { HasTextString = "Home Assistant" })).ToBeVisibleAsync();

        // A new reading reaches the panel on its own (it refreshes every 2 s).
        await station.TelemetryAsync(plateC: 91.25, grams: 1.25);
        await Assertions.Expect(haRow.Locator("pre.payload")).ToContainTextAsync("\"plate_temperature\": 91.25,", new() { Timeout = 10_000 });
        Assert.Empty(pageErrors);
    }
}
