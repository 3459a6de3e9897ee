namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// The rule for tests that need a real server (PostgreSQL, Mosquitto): when its binary is missing the
/// test fails, saying what to install. It never skips: a machine without the server must not pass.
/// </summary>
public static class ExternalService
{
    public static void Require(string? unavailableReason)
    {
        if (unavailableReason is null) return;
        Assert.Fail($"{unavailableReason}: this test needs it and does not skip (scripts/setup.sh installs it)");
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
