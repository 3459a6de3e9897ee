using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Editor;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;
using DispenseStation.VirtualStation.Hosting;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>
/// Real sign-in, two people: an engineer edits a shipped recipe in the editor (checked as she types), saves versions 1 and
/// 2 with notes and sees the diff; a technician, who cannot save, starts a batch from version 2 on the virtual station and
/// the batch record names recipe id, version and hash.
/// </summary>
public sealed class EditorPageTests
{
    private const string Id = "silsesquioxane-negative/ok-terpolymer-magnetic-head";

    [SkippableFact]
    public async Task An_engineer_saves_version_2_and_sees_the_diff_and_a_technician_runs_it_on_the_virtual_station()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync(new Dictionary<string, string?>
        {
            [RunningGateway.DefaultUserSetting] = "false",
            ["Gateway:Stations:3:Id"] = "vs-01",
            ["Gateway:Stations:3:PasswordHash"] = DispenseStation.Gateway.Security.PasswordHash.Create(AppHarness.Password, 10_000),
        });
        var accounts = h.Gateway.App.Services.GetRequiredService<Accounts>();
        await accounts.CreateAsync("eva", "eva-password-1", [GatewayRoles.Engineer]);
        await accounts.CreateAsync("tomas", "tomas-password-1", [GatewayRoles.Technician]);
        using var state = new TempDir("ds-e2e-editor-");
        using var stop = new CancellationTokenSource();
        await using var station = new VirtualStationHost(new VirtualStationOptions
        {
            StationId = "vs-01", Broker = $"127.0.0.1:{h.Gateway.MqttPort}", Username = "vs-01", Password = AppHarness.Password,
            Channels = ["solvent", "resin", "crosslinker", "pag", "quencher", "surfactant"], StateDir = state.Path, Speed = 40, Seed = 5,
        });
        var run = Task.Run(() => station.RunAsync(stop.Token));
        var baseUrl = h.Http.BaseAddress!.ToString();
        var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "library", "recipes", Id + ".yaml"));
        var v1 = shipped.Replace("batchGrams: 150", "batchGrams: 120");
        var v2 = v1.Replace("{ material: hmmm, parts: 15 }", "{ material: hmmm, parts: 14 }");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var consoleErrors = new List<string>();

        // The engineer opens the shipped recipe (version 0), edits it and sees the claim check follow her typing.
        var eng = await (await browser.NewContextAsync(new() { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } })).NewPageAsync();
        eng.PageError += (_, e) => consoleErrors.Add(e);
        await SignIn.AsAsync(eng, baseUrl, "eva", "eva-password-1");
        await eng.GotoAsync(baseUrl + "#/editor");
        await eng.SelectOptionAsync("#editor-doc", Id);
        await Assertions.Expect(eng.Locator("#version-table tr[data-version='0']")).ToContainTextAsync("shipped");
        await Assertions.Expect(eng.Locator("#editor-yaml")).ToHaveValueAsync(shipped);
        await eng.FillAsync("#editor-yaml", shipped.Replace("ssq-hpe-ph-mpe-652015", "ssq-hpe-ph-8020-hmw"));
        await Assertions.Expect(eng.Locator("#live-verdict")).ToHaveTextAsync("NonCompliant");
        await eng.FillAsync("#editor-yaml", v1);
        await Assertions.Expect(eng.Locator("#live-verdict")).ToHaveTextAsync("Compliant");
        await eng.FillAsync("#save-note", "smaller batch for the pilot line");
        await eng.ClickAsync("#save");
        await Assertions.Expect(eng.Locator("#saved")).ToHaveTextAsync($"Saved {Id} version 1.");

        await eng.FillAsync("#editor-yaml", v2);
        await Assertions.Expect(eng.Locator("#live-verdict")).ToHaveTextAsync("Compliant");
        await eng.FillAsync("#save-note", "less crosslinker");
        await eng.ClickAsync("#save");
        await Assertions.Expect(eng.Locator("#saved")).ToHaveTextAsync($"Saved {Id} version 2.");
        await Assertions.Expect(eng.Locator("#version-table tr[data-version='2']")).ToContainTextAsync("less crosslinker");
        await Assertions.Expect(eng.Locator("#version-table tr[data-version='2']")).ToContainTextAsync(ContentHash.Of(v2)[..12]);

        // The diff of the last two versions is offered first: one line out, one in.
        await Assertions.Expect(eng.Locator("#diff-from")).ToHaveValueAsync("1");
        await Assertions.Expect(eng.Locator("#diff-to")).ToHaveValueAsync("2");
        await eng.ClickAsync("#show-diff");
        await Assertions.Expect(eng.Locator("#diff-summary")).ToContainTextAsync("1 added, 1 removed");
        await Assertions.Expect(eng.Locator(".diff-line.removed .text")).ToHaveTextAsync("  - { material: hmmm, parts: 15 }");
        await Assertions.Expect(eng.Locator(".diff-line.added .text")).ToHaveTextAsync("  - { material: hmmm, parts: 14 }");
        await eng.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDir(), "editor-diff.png"), FullPage = true });

        // Bake profiles in the same editor: the shipped peb-110 is version 1; her change is version 2, checked as she types.
        var peb = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "library", "bake-profiles", "peb-110.yaml"));
        await eng.SelectOptionAsync("#editor-kind", "profile");
        await eng.SelectOptionAsync("#editor-doc", "peb-110");
        // Waits for peb-110's own text: the first profile's table (also a shipped version 1) shows first, and text typed
        // before peb-110 has loaded is kept, with peb-110 only offered (EditorLateLoadTests).
        await Assertions.Expect(eng.Locator("#editor-yaml")).ToHaveValueAsync(peb);
        await Assertions.Expect(eng.Locator("#version-table tr[data-version='1']")).ToContainTextAsync("shipped");
        await eng.FillAsync("#editor-yaml", peb.Replace("setpointC: 110", "setpointC: 900"));
        await Assertions.Expect(eng.Locator("#live-check .errors")).ToContainTextAsync("segments");
        await eng.FillAsync("#editor-yaml", peb.Replace("holdS: 60", "holdS: 90"));
        await Assertions.Expect(eng.Locator("#live-verdict")).ToHaveTextAsync("Valid");
        await eng.FillAsync("#save-note", "thicker film needs 90 s");
        await eng.ClickAsync("#save");
        await Assertions.Expect(eng.Locator("#saved")).ToHaveTextAsync("Saved peb-110 version 2.");
        await eng.ClickAsync("#show-diff");
        await Assertions.Expect(eng.Locator(".diff-line.added .text")).ToContainTextAsync("holdS: 90");

        // The technician cannot save; he runs version 2 on the virtual station.
        await AppHarness.WaitForAsync(async () => h.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Registry.StationRegistry>().Find("vs-01")?.Online == true,
            "vs-01 online", TimeSpan.FromSeconds(30));
        var tech = await (await browser.NewContextAsync(new() { ViewportSize = new ViewportSize { Width = 390, Height = 844 } })).NewPageAsync();
        tech.PageError += (_, e) => consoleErrors.Add(e);
        await SignIn.AsAsync(tech, baseUrl, "tomas", "tomas-password-1");
        await tech.GotoAsync(baseUrl + "#/editor");
        await tech.SelectOptionAsync("#editor-doc", Id);
        await Assertions.Expect(tech.Locator("#run-title")).ToHaveTextAsync("Run version 2");
        await Assertions.Expect(tech.Locator("#save-form")).ToBeHiddenAsync();
        await Assertions.Expect(tech.Locator("#run-station")).ToHaveValueAsync("vs-01");
        await tech.FillAsync("#run-lots", "pgmea=PG-2611");
        await tech.ClickAsync("#run");
        await PageUrl.ExpectAsync(tech, "#/batch/b-");
        await Assertions.Expect(tech.Locator("#recipe-source")).ToContainTextAsync($"{Id} version 2");
        await Assertions.Expect(tech.Locator("#recipe-source code")).ToHaveTextAsync(ContentHash.Of(v2)[..12]);
        await Assertions.Expect(tech.Locator("#state")).ToHaveAttributeAsync("data-state", "Complete", new() { Timeout = 120_000 });
        await tech.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ArtifactsDir(), "editor-batch-from-v2-390.png"), FullPage = true });

        var batchId = tech.Url.Split("/").Last();
        // The printable report names the version too, so a paper copy says which text was run.
        await tech.GotoAsync(baseUrl + $"#/report/{batchId}");
        await Assertions.Expect(tech.Locator("#recipe-source")).ToContainTextAsync($"{Id} version 2");
        var detail = await new HttpClient { BaseAddress = h.Http.BaseAddress }.GetAsync($"/api/batches/{batchId}"); // anonymous: refused
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, detail.StatusCode);
        var record = h.Gateway.App.Services.GetRequiredService<RecipeVersionStore>();
        Assert.Equal(new RecipeSource(Id, 2, ContentHash.Of(v2)), await record.SourceOfAsync(batchId, default));

        Assert.Empty(consoleErrors);
        await stop.CancelAsync();
        await run;
    }
}
