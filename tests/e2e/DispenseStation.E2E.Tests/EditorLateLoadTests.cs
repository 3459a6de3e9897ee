using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>
/// A version that finishes loading after the engineer has started typing must not overwrite her text: the editor keeps
/// it and offers the version instead. The version's text is held back at the network until she has typed.
/// </summary>
public sealed class EditorLateLoadTests
{
    private const string Id = "silsesquioxane-negative/ok-terpolymer-magnetic-head";

    [SkippableFact]
    public async Task Text_typed_while_a_version_loads_is_kept_and_the_version_is_offered_instead()
    {
        Browser.RequireChromium();
        await using var h = await AppHarness.StartAsync(new() { [RunningGateway.DefaultUserSetting] = "false" });
        await h.Gateway.App.Services.GetRequiredService<Accounts>().CreateAsync("eva", "eva-password-1", [GatewayRoles.Engineer]);
        var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "library", "recipes", Id + ".yaml"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var baseUrl = h.Http.BaseAddress!.ToString();
        await SignIn.AsAsync(page, baseUrl, "eva", "eva-password-1");
        await page.GotoAsync(baseUrl + "#/editor");
        await Assertions.Expect(page.Locator("#editor-yaml")).Not.ToHaveValueAsync("");

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync($"**/api/recipe-versions/{Id}/0", async route =>
        {
            held.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await page.SelectOptionAsync("#editor-doc", Id);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        const string typed = "name: typed-while-loading\n";
        await page.FillAsync("#editor-yaml", typed);
        release.SetResult();

        var offer = page.Locator("#late-load");
        await Assertions.Expect(offer).ToBeVisibleAsync();
        await Assertions.Expect(offer).ToContainTextAsync("Version 0 finished loading after you started typing: your text is kept.");
        await Assertions.Expect(page.Locator("#editor-yaml")).ToHaveValueAsync(typed);

        await offer.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#editor-yaml")).ToHaveValueAsync(shipped);
        await Assertions.Expect(offer).ToBeHiddenAsync();
        Assert.Empty(errors);
    }
}
