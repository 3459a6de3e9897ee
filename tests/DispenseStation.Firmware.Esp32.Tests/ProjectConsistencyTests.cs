using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>
/// This test project compiles every .cs file of the ESP32 folder by wildcard; the .nfproj lists
/// its own files one by one. A file added here but not to the .nfproj would pass these tests and
/// then be missing from the device build, so the two sets are compared.
/// </summary>
public class ProjectConsistencyTests
{
    private static readonly string Root = FindRepoRoot();
    private static readonly string AppDir = Path.Combine(Root, "firmware", "DispenseStation.Firmware.Esp32");

    [Fact]
    public void The_nfproj_compiles_exactly_the_application_files_of_its_folder()
    {
        var listed = XDocument.Load(Path.Combine(AppDir, "DispenseStation.Firmware.Esp32.nfproj"))
            .Descendants().Where(e => e.Name.LocalName == "Compile")
            .Select(e => (string)e.Attribute("Include"))
            .Where(p => !p.StartsWith("..", StringComparison.Ordinal))
            .Select(p => p.Replace('\\', '/'))
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();
        var onDisk = Directory.GetFiles(AppDir, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(AppDir, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();
        Assert.Equal(onDisk, listed);
    }

    [Fact]
    public void Every_reference_of_the_nfproj_comes_from_a_package_at_the_version_packages_config_names()
    {
        var packages = XDocument.Load(Path.Combine(AppDir, "packages.config")).Descendants("package")
            .ToDictionary(p => (string)p.Attribute("id"), p => (string)p.Attribute("version"));
        var hintPaths = XDocument.Load(Path.Combine(AppDir, "DispenseStation.Firmware.Esp32.nfproj"))
            .Descendants().Where(e => e.Name.LocalName == "HintPath").Select(e => e.Value.Replace('\\', '/')).ToList();
        Assert.NotEmpty(hintPaths);
        var used = new System.Collections.Generic.HashSet<string>();
        foreach (string hint in hintPaths)
        {
            // ../../packages/<id>.<version>/lib/<assembly>.dll
            string folder = hint.Split('/')[3];
            var match = packages.Where(p => folder == p.Key + "." + p.Value).Select(p => p.Key).ToList();
            Assert.True(match.Count == 1, $"{hint}: no package in packages.config at that id and version");
            used.Add(match[0]);
        }
        // Both assemblies of the M2Mqtt package are referenced (MqttQoSLevel & co. live in .Core).
        Assert.Contains(hintPaths, h => h.EndsWith("/nanoFramework.M2Mqtt.Core.dll", StringComparison.Ordinal));
        // A package only pulled in for its dependents need not be referenced; every reference needs its package.
        Assert.Contains("nanoFramework.Iot.Device.Hx711", used);
    }

    [Fact]
    public void The_application_uses_no_dotnet_only_driver()
    {
        foreach (string file in Directory.GetFiles(AppDir, "*.cs", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            Assert.False(text.Contains("Drivers.DotNet", StringComparison.Ordinal), $"{Path.GetFileName(file)} uses DispenseStation.Firmware.Drivers.DotNet, which the ESP32 build does not link");
        }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
