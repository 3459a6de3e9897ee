using Microsoft.Playwright;

namespace DispenseStation.E2E.Tests;

/// <summary>Debian's Chromium driven by Playwright (never a downloaded browser).</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Skips only on a developer machine without Chromium; under CI=true a missing browser fails the test.</summary>
    public static void RequireChromium()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (File.Exists(ChromiumPath)) return;
        if (ci) throw new InvalidOperationException($"{ChromiumPath} is missing and CI=true: install Debian's 'chromium' package (scripts/setup.sh)");
        Skip.If(true, $"{ChromiumPath} is missing (install Debian's 'chromium'); skipped because CI is not set");
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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
