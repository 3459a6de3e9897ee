namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// The rule for tests that need a real server (PostgreSQL, Mosquitto): when its binary is missing
/// they skip with a clear message on a developer machine, and fail when CI=true.
/// </summary>
public static class ExternalService
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require(string? unavailableReason) => Require(unavailableReason, IsCi);

    public static void Require(string? unavailableReason, bool isCi)
    {
        if (unavailableReason is null) return;
        if (isCi) Assert.Fail($"{unavailableReason} (CI=true: this test must run; scripts/setup.sh installs it)");
        Skip.If(true, unavailableReason);
    }

    /// <summary>First existing file among the candidates, else a match on PATH, else null.</summary>
    public static string? FindExecutable(string name, params string[] candidates)
    {
        foreach (var c in candidates)
            if (File.Exists(c)) return c;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
