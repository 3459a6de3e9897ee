using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DispenseStation.Firmware.Drivers.Tests;

/// <summary>
/// Every hardware port the core defines must have an implementation compiled into the ESP32
/// application: a port added without one fails here, not on a bench. The ESP32 project is built
/// by the nanoFramework toolchain only, so this reads its .nfproj: the Compile items it lists
/// (its own files and the linked core/driver sources), expanded like MSBuild would.
/// </summary>
public class Esp32PortCoverageTests
{
    private static readonly string Root = FindRepoRoot();
    private static readonly string PortsDir = Path.Combine(Root, "firmware", "DispenseStation.Firmware", "Ports");
    private static readonly string NfProj = Path.Combine(Root, "firmware", "DispenseStation.Firmware.Esp32", "DispenseStation.Firmware.Esp32.nfproj");

    public static TheoryData<string> Ports()
    {
        var data = new TheoryData<string>();
        foreach (string port in PortNames()) data.Add(port);
        return data;
    }

    [Fact]
    public void The_core_defines_the_ports_this_test_expects_to_find()
    {
        var ports = PortNames();
        Assert.Contains("IHeaterOutput", ports);
        Assert.Contains("IMessageLink", ports);
        Assert.True(ports.Count >= 8, $"found only {ports.Count} port interfaces in {PortsDir}");
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public void Each_port_has_an_implementation_in_the_esp32_build(string port)
    {
        var implementations = new List<string>();
        var pattern = new Regex(@"class\s+(\w+)\s*:[^{]*?(?<![\w.])" + port + @"\b", RegexOptions.Singleline);
        foreach (string file in Esp32CompileFiles())
        {
            foreach (Match m in pattern.Matches(StripComments(File.ReadAllText(file))))
                implementations.Add($"{m.Groups[1].Value} ({Path.GetRelativePath(Root, file)})");
        }
        Assert.True(implementations.Count > 0,
            $"no class in the ESP32 project's sources implements {port}: add an ESP32 adapter or link a driver in {Path.GetFileName(NfProj)}");
    }

    [Fact]
    public void Every_compile_item_of_the_esp32_project_exists()
    {
        var files = Esp32CompileFiles();
        Assert.Contains(files, f => f.EndsWith("Program.cs"));
        Assert.Contains(files, f => f.Replace('\\', '/').Contains("/DispenseStation.Firmware/Ports/"));
        Assert.DoesNotContain(files, f => f.Replace('\\', '/').Contains("/DotNet/"));
    }

    [Fact]
    public void The_matcher_finds_an_implementation_and_ignores_a_lookalike()
    {
        string source = "public sealed class A : IOther, IClock { }\npublic class B : IClockish { }\n// class C : IClock";
        var pattern = new Regex(@"class\s+(\w+)\s*:[^{]*?(?<![\w.])IClock\b", RegexOptions.Singleline);
        var found = pattern.Matches(StripComments(source)).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(new[] { "A" }, found);
    }

    private static List<string> PortNames()
    {
        var names = new List<string>();
        foreach (string file in Directory.GetFiles(PortsDir, "*.cs"))
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"public\s+interface\s+(I\w+)"))
                names.Add(m.Groups[1].Value);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The .cs files the .nfproj compiles: each Compile Include (wildcards expanded, Excludes applied).</summary>
    private static List<string> Esp32CompileFiles()
    {
        string projectDir = Path.GetDirectoryName(NfProj)!;
        var doc = XDocument.Load(NfProj);
        var files = new List<string>();
        foreach (var item in doc.Descendants().Where(e => e.Name.LocalName == "Compile"))
        {
            var include = Expand(projectDir, (string?)item.Attribute("Include") ?? "");
            var exclude = new HashSet<string>(((string?)item.Attribute("Exclude") ?? "")
                .Split(';', StringSplitOptions.RemoveEmptyEntries).SelectMany(p => Expand(projectDir, p)));
            foreach (string f in include)
            {
                Assert.True(File.Exists(f), $"{Path.GetFileName(NfProj)} compiles {f}, which does not exist");
                if (!exclude.Contains(f)) files.Add(f);
            }
        }
        return files;
    }

    private static IEnumerable<string> Expand(string baseDir, string pattern)
    {
        string normalized = pattern.Replace('\\', '/');
        if (!normalized.Contains('*')) return new[] { Path.GetFullPath(Path.Combine(baseDir, normalized)) };
        int star = normalized.IndexOf('*');
        int slash = normalized.LastIndexOf('/', star);
        string dir = Path.GetFullPath(Path.Combine(baseDir, normalized[..slash]));
        string rest = normalized[(slash + 1)..];
        if (!Directory.Exists(dir)) return Array.Empty<string>();
        bool recursive = rest.StartsWith("**/");
        string filePattern = recursive ? rest[3..] : rest;
        if (filePattern == "**") { filePattern = "*"; recursive = true; }
        return Directory.GetFiles(dir, filePattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Select(Path.GetFullPath);
    }

    private static string StripComments(string source) =>
        Regex.Replace(source, @"//[^\n]*|/\*.*?\*/", "", RegexOptions.Singleline);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
