using System.Diagnostics;

namespace DispenseStation.Integration.Tests;

/// <summary>
/// Proves the nanoFramework portability gate (build/NanoFramework.targets) works: a probe project
/// inside the repository, marked NanoFrameworkCompatible, must build with nanoFramework-safe code
/// and must fail, naming each file, when it uses APIs nanoFramework's mscorlib lacks.
/// </summary>
public class PortabilityGateTests
{
    [Fact]
    public void Gate_accepts_code_that_nanoFramework_supports()
    {
        var result = BuildProbe("Allowed");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("nanoFramework gate: GateProbe", result.Output);
    }

    // One probe build per violation: the compiler stops at declaration errors before it binds
    // method bodies, so several violations in one build would hide each other.
    [Theory]
    [InlineData("UsesMath", "'Math' does not exist")]
    [InlineData("UsesGenericList", "'Generic' does not exist")]
    [InlineData("UsesLinq", "'Linq' does not exist")]
    [InlineData("UsesTask", "'Tasks' does not exist")]
    [InlineData("UsesStringBuilder", "'Text' does not exist")]
    public void Gate_rejects_a_forbidden_api(string probe, string expectedError)
    {
        var result = BuildProbe("Forbidden", probe);
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.Output.Contains(probe + ".cs(", StringComparison.Ordinal) && result.Output.Contains(expectedError, StringComparison.Ordinal),
            $"the gate did not report {probe}.cs with {expectedError}:\n{result.Output}");
    }

    private static (int ExitCode, string Output) BuildProbe(string variant, string? only = null)
    {
        var repo = RepoRoot();
        var dir = Path.Combine(repo, "artifacts", "gate-probe", variant + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "GateProbe.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>" +
                "<NanoFrameworkCompatible>true</NanoFrameworkCompatible>" +
                "<NanoGateOutput>$(MSBuildProjectDirectory)/nano/</NanoGateOutput>" +
                "</PropertyGroup></Project>");
            var source = Path.Combine(AppContext.BaseDirectory, "GateProbe", variant);
            foreach (var file in Directory.GetFiles(source, (only ?? "*") + ".cs.txt"))
            {
                File.Copy(file, Path.Combine(dir, Path.GetFileNameWithoutExtension(file)));
            }
            var psi = new ProcessStartInfo("dotnet", "build -nologo -nodeReuse:false -p:UseSharedCompilation=false")
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("probe build did not finish in 5 minutes");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "DispenseStation.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("DispenseStation.sln not found above " + AppContext.BaseDirectory);
    }
}
