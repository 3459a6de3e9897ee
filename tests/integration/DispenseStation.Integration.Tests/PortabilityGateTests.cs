using System.Diagnostics;

namespace DispenseStation.Integration.Tests;

/// <summary>
/// Proves the nanoFramework portability gate (build/NanoFramework.targets) works: a probe project
/// inside the repository, marked NanoFrameworkCompatible, must build with nanoFramework-safe code
/// and must fail, naming each file and line, when it uses APIs nanoFramework's mscorlib lacks,
/// C# newer than 9, or a construct nanoCLR cannot run (build/NanoFramework.Analyzers).
/// </summary>
public class PortabilityGateTests
{
    // One build for the analyzer probes: analyzer diagnostics of different files do not hide each
    // other; each probe is still checked for its own file, line and rule. Language-version probes
    // build one by one, since a parse error in one file stops the binding of all the others.
    private static readonly Lazy<(int ExitCode, string Output)> NanoClrBuild = new(() => BuildProbe("NanoClr", allowUnsafe: true));
    private static readonly Lazy<(int ExitCode, string Output)> RefusedBuild = new(() => BuildProbe("Refused"));

    [Theory]
    [InlineData("DeclaresGenericType", 3, "NF0001", "'Box' declares type parameters")]
    [InlineData("DeclaresGenericMethod", 5, "NF0002", "'First' declares type parameters")]
    [InlineData("UsesMultidimensionalArray", 5, "NF0003", "multidimensional array 'int[,]'")]
    [InlineData("UsesMakeref", 8, "NF0004", "'__makeref'")]
    [InlineData("DeclaresDefaultInterfaceMethod", 7, "NF0005", "interface member 'ReadTwice' has a body")]
    [InlineData("UsesUnsafeCode", 10, "NF0006", "'int*'")]
    [InlineData("DeclaresIterator", 9, "NF0007", "'Numbers' is an iterator")]
    [InlineData("DeclaresAsyncMethod", 5, "NF0008", "'Run' is async")]
    public void Gate_rejects_what_nanoCLR_cannot_run_naming_file_line_and_rule(string probe, int line, string rule, string words)
    {
        var (exitCode, output) = NanoClrBuild.Value;
        Assert.NotEqual(0, exitCode);
        string expected = probe + ".cs(" + line + ",";
        bool found = output.Split('\n').Any(l => l.Contains(expected, StringComparison.Ordinal)
            && l.Contains("error " + rule + ":", StringComparison.Ordinal) && l.Contains(words, StringComparison.Ordinal));
        Assert.True(found, $"the gate did not report {expected}...): error {rule}: ...{words}:\n{output}");
    }

    [Theory]
    [InlineData("UsesCollectionExpression")]
    [InlineData("UsesFileScopedNamespace")]
    [InlineData("UsesRawStringLiteral")]
    public void Gate_compiles_at_CSharp_9_as_the_nanoFramework_project_system_does(string probe)
    {
        var (exitCode, output) = BuildProbe("LangVersion", probe);
        Assert.NotEqual(0, exitCode);
        bool found = output.Split('\n').Any(l => l.Contains(probe + ".cs(", StringComparison.Ordinal)
            && l.Contains("is not available in C# 9.0", StringComparison.Ordinal));
        Assert.True(found, $"the gate did not reject {probe}.cs at C# 9:\n{output}");
    }

    [Theory]
    [InlineData("DeclaresRecord", "'System.IEquatable`1' is not defined")]
    [InlineData("UsesDynamic", "'System.Runtime.CompilerServices.DynamicAttribute' cannot be found")]
    public void Gate_refuses_records_and_dynamic_through_the_missing_runtime_types(string probe, string expectedError)
    {
        var (exitCode, output) = RefusedBuild.Value;
        Assert.NotEqual(0, exitCode);
        Assert.True(output.Contains(probe + ".cs(", StringComparison.Ordinal) && output.Contains(expectedError, StringComparison.Ordinal),
            $"the gate did not report {probe}.cs with {expectedError}:\n{output}");
    }

    [Fact]
    public void Gate_accepts_code_that_nanoFramework_supports()
    {
        var result = BuildProbe("Allowed");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("nanoFramework gate: GateProbe against nanoFramework mscorlib at C# 9.0 with the nanoCLR analyzer", result.Output);
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

    /// <summary>
    /// The ESP32 application's own sources go through the same gate (build/Esp32Gate): nanoFramework
    /// mscorlib, C# 9, the nanoCLR analyzer, against reference stand-ins of the packages the .nfproj
    /// references. A file added to the application that nanoCLR cannot load fails that build, named.
    /// </summary>
    [Fact]
    public void Gate_compiles_the_esp32_application_and_rejects_what_nanoCLR_cannot_load_in_it()
    {
        var repo = RepoRoot();
        var dir = Path.Combine(repo, "artifacts", "gate-probe", "Esp32-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            string probe = Path.Combine(dir, "AppHelperWithTypeParameters.cs");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "GateProbe", "Esp32", "AppHelperWithTypeParameters.cs.txt"), probe);
            // A copy keeps the source's old time stamp: the gate's incremental check would take the probe as already built.
            File.SetLastWriteTimeUtc(probe, DateTime.UtcNow);
            // --no-dependencies: the core's and protocol's gate outputs exist from the solution build.
            var (exitCode, output) = RunDotnet(repo, "build build/Esp32Gate/Esp32Gate.csproj --no-dependencies -c " + Configuration + " -nologo -nodeReuse:false -p:UseSharedCompilation=false -p:Esp32GateExtraSources=" + probe);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("nanoFramework gate: DispenseStation.Firmware.Esp32.Gate against nanoFramework mscorlib at C# 9.0 with the nanoCLR analyzer", output);
            bool named = output.Split('\n').Any(l => l.Contains("AppHelperWithTypeParameters.cs(6,", StringComparison.Ordinal)
                && l.Contains("error NF0002:", StringComparison.Ordinal) && l.Contains("'Either' declares type parameters", StringComparison.Ordinal));
            Assert.True(named, "the ESP32 gate did not report the probe by file, line and rule:\n" + output);
            // Only the probe is wrong: the application's own files compile against the stand-ins.
            var appErrors = output.Split('\n').Where(l => l.Contains("DispenseStation.Firmware.Esp32/", StringComparison.Ordinal) && l.Contains(" error ", StringComparison.Ordinal)).ToList();
            Assert.True(appErrors.Count == 0, string.Join("\n", appErrors));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static (int ExitCode, string Output) RunDotnet(string workingDirectory, string arguments)
    {
        var psi = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
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
            throw new TimeoutException("gate build did not finish in 5 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static (int ExitCode, string Output) BuildProbe(string variant, string? only = null, bool allowUnsafe = false)
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
                (allowUnsafe ? "<AllowUnsafeBlocks>true</AllowUnsafeBlocks>" : "") +
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
