using System.Globalization;
using System.Text.RegularExpressions;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Simulation.Tests.Thermal;

/// <summary>
/// Reads the plate's figures out of hardware/BOM.md and hardware/WIRING.md (the phrases "plate Ø D × T mm",
/// "heater P W at V V", "minimum switching time N ms") and lists every disagreement with the plant file
/// and the firmware's heater power.
/// </summary>
internal static partial class HardwareDocuments
{
    public static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DispenseStation.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("repository root (DispenseStation.sln) not found above " + AppContext.BaseDirectory);
        return Path.Combine(dir.FullName, relative);
    }

    [GeneratedRegex(@"plate Ø\s*(\d+(?:\.\d+)?)\s*×\s*(\d+(?:\.\d+)?)\s*mm")]
    private static partial Regex PlateSize();
    [GeneratedRegex(@"heater (\d+(?:\.\d+)?) W at (\d+(?:\.\d+)?) V")]
    private static partial Regex HeaterRating();
    [GeneratedRegex(@"minimum\s+switching\s+time\s+(?:is\s+)?(\d+(?:\.\d+)?)\s*ms")]
    private static partial Regex MinSwitch();
    [GeneratedRegex(@"heater \((\d+(?:\.\d+)?) W, (\d+(?:\.\d+)?) V")]
    private static partial Regex WiringHeater();

    public static List<string> Disagreements(string bom, string wiring, HotplateParameters plant, HotplateConfig firmware)
    {
        var problems = new List<string>();
        void Same(string what, Match m, int group, double expected)
        {
            if (!m.Success) { problems.Add($"{what}: phrase not found"); return; }
            double v = double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
            if (Math.Abs(v - expected) > 1e-9) problems.Add($"{what}: document says {v}, plant/firmware {expected}");
        }
        var size = PlateSize().Match(bom);
        Same("BOM plate diameter (mm)", size, 1, plant.Plate.DiameterMm);
        Same("BOM plate thickness (mm)", size, 2, plant.Plate.ThicknessMm);
        var heater = HeaterRating().Match(bom);
        Same("BOM heater power (W)", heater, 1, plant.HeaterPowerW);
        Same("BOM heater voltage (V)", heater, 2, plant.NominalVoltageV);
        Same("BOM SSR minimum switching time (ms)", MinSwitch().Match(bom), 1, plant.Ssr.MinSwitchS * 1000);
        var wired = WiringHeater().Match(wiring);
        Same("WIRING heater power (W)", wired, 1, plant.HeaterPowerW);
        Same("WIRING heater voltage (V)", wired, 2, plant.NominalVoltageV);
        Same("WIRING plate diameter (mm)", PlateSize().Match(wiring), 1, plant.Plate.DiameterMm);
        Same("WIRING SSR minimum switching time (ms)", MinSwitch().Match(wiring), 1, plant.Ssr.MinSwitchS * 1000);
        if (Math.Abs(firmware.HeaterPowerW - plant.HeaterPowerW) > 1e-9)
            problems.Add($"firmware HotplateConfig.HeaterPowerW {firmware.HeaterPowerW} W, plant {plant.HeaterPowerW} W");
        // The plate's heat capacity must be the aluminium disc's (6061: 2700 kg/m³, 896 J/(kg K)) plus at most 20 % fixings.
        double disc = Math.PI * Math.Pow(plant.Plate.DiameterMm / 2000, 2) * plant.Plate.ThicknessMm / 1000 * 2700 * 896;
        if (plant.PlateHeatCapacityJPerK < disc || plant.PlateHeatCapacityJPerK > disc * 1.2)
            problems.Add($"plateHeatCapacityJPerK {plant.PlateHeatCapacityJPerK} is not the Ø {plant.Plate.DiameterMm} x {plant.Plate.ThicknessMm} mm disc's {disc:F0} J/K (+0..20 %)");
        return problems;
    }
}

public class HardwareDocumentsTests
{
    private static string Bom => File.ReadAllText(HardwareDocuments.RepoFile("hardware/BOM.md"));
    private static string Wiring => File.ReadAllText(HardwareDocuments.RepoFile("hardware/WIRING.md"));

    [Fact]
    public void Bom_wiring_plant_and_firmware_describe_the_same_plate()
    {
        var problems = HardwareDocuments.Disagreements(Bom, Wiring, HotplateParameters.LoadDefault(), new HotplateConfig());
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("plate Ø 220 × 15 mm", "plate Ø 150 × 15 mm", "diameter")]
    [InlineData("plate Ø 220 × 15 mm", "plate Ø 220 × 6 mm", "thickness")]
    [InlineData("heater 1200 W at 230 V", "heater 250 W at 230 V", "BOM heater power")]
    [InlineData("minimum switching time is 20 ms", "minimum switching time is 100 ms", "BOM SSR minimum")]
    public void A_changed_figure_in_the_bom_is_caught(string from, string to, string field)
    {
        Assert.Contains(from, Bom);
        var problems = HardwareDocuments.Disagreements(Bom.Replace(from, to), Wiring, HotplateParameters.LoadDefault(), new HotplateConfig());
        Assert.Contains(problems, p => p.Contains(field));
    }

    [Fact]
    public void A_changed_plant_or_firmware_figure_is_caught()
    {
        var plant = HotplateParameters.LoadDefault();
        plant.HeaterPowerW = 800;
        Assert.Contains(HardwareDocuments.Disagreements(Bom, Wiring, plant, new HotplateConfig()), p => p.Contains("WIRING heater power"));
        var thin = HotplateParameters.LoadDefault();
        thin.PlateHeatCapacityJPerK = 1060; // the old 12 mm figure
        Assert.Contains(HardwareDocuments.Disagreements(Bom, Wiring, thin, new HotplateConfig()), p => p.Contains("plateHeatCapacityJPerK"));
        Assert.Contains(HardwareDocuments.Disagreements(Bom, Wiring, HotplateParameters.LoadDefault(), new HotplateConfig { HeaterPowerW = 250 }), p => p.Contains("firmware"));
    }
}
