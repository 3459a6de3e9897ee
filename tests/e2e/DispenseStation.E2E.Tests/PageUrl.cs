using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>Waiting for a page to arrive somewhere.</summary>
public static class PageUrl
{
    /// <summary>
    /// A polling assertion, not WaitForURL: WaitForURL checks the URL once and then waits for a navigation event, so a
    /// navigation landing between the two is missed and it waits out its whole timeout (a CI run failed that way on the
    /// redirect to the login page).
    /// </summary>
    public static Task ExpectAsync(IPage page, string urlRegex) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(urlRegex), new() { Timeout = 30_000 });
}
