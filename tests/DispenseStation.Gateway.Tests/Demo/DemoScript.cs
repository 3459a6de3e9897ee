using System.Diagnostics;

namespace DispenseStation.Gateway.Tests.Demo;

/// <summary>Runs scripts/demo.sh, or one function of scripts/demo-lib.sh, from the repository the tests were built in.</summary>
public static class DemoScript
{
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DispenseStation.sln"))) return dir.FullName;
        throw new InvalidOperationException("DispenseStation.sln not found above " + AppContext.BaseDirectory);
    }

    public static ProcessStartInfo Bash(string script, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return psi;
    }

    /// <summary>bash scripts/demo.sh with the given settings; the refusals under test come before setup and build, so it returns at once.</summary>
    public static Task<(int Exit, string Out, string Err)> RunDemoAsync(IDictionary<string, string> env) =>
        App.CliRun.WaitAsync(Bash("exec bash scripts/demo.sh", env));

    /// <summary>Sources demo-lib.sh and runs <paramref name="call"/>.</summary>
    public static Task<(int Exit, string Out, string Err)> RunFunctionAsync(string call) =>
        App.CliRun.WaitAsync(Bash("source scripts/demo-lib.sh; " + call));
}
