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
