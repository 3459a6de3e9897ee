using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>Debian's Chromium driven by Playwright (never a downloaded browser).</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A missing browser fails the test (it never skips): scripts/setup.sh installs Debian's chromium.</summary>
    public static void RequireChromium()
    {
        if (File.Exists(ChromiumPath)) return;
        throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's 'chromium' package (scripts/setup.sh); this test does not skip");
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        // Playwright's 5 s default for an expectation was too short on a loaded 2-core machine (a loaded run: the
        // commissioning panel's DDATA payload arrived later than that); waiting longer costs nothing when it passes.
        Assertions.SetDefaultExpectTimeout(15_000);
        return Launch(playwright);
    }

    private static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
    });

    /// <summary>artifacts/e2e under the repository root (found by walking up to DispenseStation.sln).</summary>
    public static string ArtifactsDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DispenseStation.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? Directory.GetCurrentDirectory();
        var path = Path.Combine(root, "artifacts", "e2e");
        Directory.CreateDirectory(path);
        return path;
    }
}
