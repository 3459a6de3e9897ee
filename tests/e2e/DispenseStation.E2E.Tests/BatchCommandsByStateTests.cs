using DispenseStation.Gateway.Tests.App;
using DispenseStation.VirtualStation.Hosting;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>
/// The batch page offers only the commands the station takes in its present state, in words: Hold and Abort while it
/// runs, Unhold and Abort while it is held, nothing once it is complete; a command's answer is a sentence, not an id.
/// </summary>
public sealed class BatchCommandsByStateTests
{
    [SkippableFact]
    public async Task The_batch_page_offers_hold_while_running_unhold_while_held_and_nothing_when_complete()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Stations:3:Id"] = "vs-01",
            ["Gateway:Stations:3:PasswordHash"] = DispenseStation.Gateway.Security.PasswordHash.Create(AppHarness.Password, 10_000),
        });
        using var state = new DispenseStation.Gateway.Tests.Support.TempDir("ds-e2e-cmds-");
        using var stop = new CancellationTokenSource();
        // 4x real time: slow enough to press Hold while the batch runs.
        await using var station = new VirtualStationHost(new VirtualStationOptions
        {
            StationId = "vs-01", Broker = $"127.0.0.1:{h.Gateway.MqttPort}", Username = "vs-01", Password = AppHarness.Password,
            Channels = ["solvent", "resin", "crosslinker", "pag", "quencher", "surfactant"], StateDir = state.Path, Speed = 4, Seed = 5,
        });
        var run = Task.Run(() => station.RunAsync(stop.Token));
        await AppHarness.WaitForAsync(async () => (await h.GetJsonAsync("/api/stations/vs-01")).GetProperty("online").GetBoolean(), "vs-01 online",
            TimeSpan.FromSeconds(30));
        var (status, batch) = await h.PostAsync("/api/batches", new { recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "vs-01", batchGrams = 100 });
        Assert.True(status == 201, $"batch: {status} {batch}");
        var id = batch.GetProperty("id").GetString()!;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var consoleErrors = new List<string>();
        page.PageError += (_, e) => consoleErrors.Add(e);
        await page.GotoAsync(h.Http.BaseAddress + $"#/batch/{id}");
        var commands = page.Locator("#commands button");

        await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "Running", new() { Timeout = 30_000 });
        await Assertions.Expect(commands).ToHaveTextAsync(["Hold", "Abort batch"], new() { Timeout = 15_000 });
        await page.ClickAsync("#commands button[data-cmd=hold]");
        await Assertions.Expect(page.Locator("#cmd-result")).ToHaveTextAsync("Hold: accepted by the station.");
        await Assertions.Expect(commands).ToHaveTextAsync(["Unhold", "Abort batch"], new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDir(), "batch-held-commands.png"), FullPage = true });

        await page.ClickAsync("#commands button[data-cmd=unhold]");
        await Assertions.Expect(page.Locator("#cmd-result")).ToHaveTextAsync("Unhold: accepted by the station.");
        await Assertions.Expect(commands).ToHaveTextAsync(["Hold", "Abort batch"], new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "Complete", new() { Timeout = 120_000 });
        await Assertions.Expect(commands).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#no-commands")).ToHaveCountAsync(0);

        Assert.Empty(consoleErrors);
        await stop.CancelAsync();
        await run;
    }
}
