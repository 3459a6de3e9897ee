using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>Real sign-in through the login page, for the tests that run without the default test user.</summary>
public static class SignIn
{
    /// <summary>Opens the dashboard as a stranger, is sent to the login page, signs in and sees the name in the header.</summary>
    public static async Task AsAsync(IPage page, string baseUrl, string name, string password)
    {
        await page.GotoAsync(baseUrl);
        await ExpectLoginPageAsync(page);
        await page.FillAsync("#login-name", name);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page.Locator("#who-name")).ToHaveTextAsync(name);
    }

    public static async Task ExpectLoginPageAsync(IPage page)
    {
        await PageUrl.ExpectAsync(page, @"/login\.html");
        await Assertions.Expect(page.Locator("#login-form")).ToBeVisibleAsync();
    }
}
