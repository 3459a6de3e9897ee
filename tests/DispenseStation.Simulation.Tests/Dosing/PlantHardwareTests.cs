using System.Text.RegularExpressions;
using DispenseStation.Simulation;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Simulation.Tests.Dosing;

/// <summary>The simulated scale is the scale in hardware/: same model, same datasheet figures, listed in the BOM.</summary>
public class PlantHardwareTests
{
    private static readonly string Weighing = File.ReadAllText(PlantHardwareCheck.WeighingPath);
    private static readonly string Bom = File.ReadAllText(PlantHardwareCheck.BomPath);
    private static readonly string PlantJson = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plant", "dosing.json"));

    private static DosingPlantParameters PlantFrom(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dosing-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try { return DosingPlantParameters.Load(path); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_shipped_plant_simulates_the_weighing_hardware_in_hardware()
    {
        Assert.Empty(PlantHardwareCheck.Disagreements(DosingPlantParameters.LoadDefault(), Weighing, Bom));
    }

    [Theory]
    [InlineData("\"readabilityGrams\": 0.001", "\"readabilityGrams\": 0.0001", "balance.readabilityGrams = 0.0001 but hardware/weighing.json mt-ms1003ts.readabilityGrams = 0.001")]
    [InlineData("\"updatesPerSecond\": 10", "\"updatesPerSecond\": 20", "balance.updatesPerSecond = 20")]
    [InlineData("\"settlingTimeS\": 1.5", "\"settlingTimeS\": 1.0", "balance.settlingTimeS = 1")]
    [InlineData("\"samplesPerSecond\": 80", "\"samplesPerSecond\": 10", "loadCell.samplesPerSecond = 10")]
    [InlineData("\"noiseCounts\": 38", "\"noiseCounts\": 300", "loadCell.noiseCounts / countsPerGram")]
    [InlineData("\"model\": \"mt-ms1003ts\"", "\"model\": \"mt-xs205\"", "balance.model 'mt-xs205' is not in")]
    [InlineData("\"tubeInnerDiameterMm\": 4.8", "\"tubeInnerDiameterMm\": 6.4", "plant channel resin.tubeInnerDiameterMm = 6.4 but hardware/BOM.md \"Tubing per channel\" says bore mm = 4.8")]
    [InlineData("\"suctionTubeM\": 0.5", "\"suctionTubeM\": 2", "plant channel resin.suctionTubeM = 2 but")]
    [InlineData("\"nozzleOuterDiameterMm\": 1.59", "\"nozzleOuterDiameterMm\": 1.0", "plant channel crosslinker.nozzleOuterDiameterMm = 1 but")]
    [InlineData("\"leadScrewPitchMm\": 2.0", "\"leadScrewPitchMm\": 1.0", "plant channel quencher-syringe.leadScrewPitchMm = 1 but hardware/BOM.md \"Syringe option\" says lead-screw pitch mm = 2.0")]
    public void A_plant_that_differs_from_its_hardware_entry_is_named(string from, string to, string expected)
    {
        var changed = new Regex(Regex.Escape(from)).Replace(PlantJson, to, 1);
        Assert.NotEqual(PlantJson, changed);
        var errors = PlantHardwareCheck.Disagreements(PlantFrom(changed), Weighing, Bom);
        Assert.Contains(errors, e => e.Contains(expected));
    }

    [Fact]
    public void A_simulated_pump_line_missing_from_the_bom_is_named()
    {
        var errors = PlantHardwareCheck.Disagreements(DosingPlantParameters.LoadDefault(), Weighing, Bom.Replace("| pag | L/S 14 size", "| pga | L/S 14 size"));
        Assert.Contains("hardware/BOM.md \"Tubing per channel\" has no row for channel pag, which the plant simulates", errors);
    }

    [Fact]
    public void A_simulated_part_missing_from_the_bom_is_named()
    {
        var errors = PlantHardwareCheck.Disagreements(DosingPlantParameters.LoadDefault(), Weighing, Bom.Replace("`mt-ms1003ts`", "a balance"));
        Assert.Contains("hardware/BOM.md does not list `mt-ms1003ts`, which the plant simulates", errors);
    }

    [Fact]
    public void The_balance_reads_in_steps_of_its_readability_with_its_repeatability_at_rest()
    {
        var plant = DosingPlantParameters.LoadDefault().WeighedBy("balance");
        var rig = new DosingRig(plant, 3);
        var readings = new List<int>();
        for (int i = 0; i < 60_000; i++)
        {
            rig.Step(1);
            if (rig.Adc.TryRead(out int c)) readings.Add(c);
        }
        Assert.InRange(readings.Count, 599, 601); // 10 per second
        var grams = readings.Skip(100).Select(c => c * plant.Balance!.ReadabilityGrams).ToList();
        double mean = grams.Average();
        double sd = Math.Sqrt(grams.Sum(g => (g - mean) * (g - mean)) / (grams.Count - 1));
        // Repeatability 1 mg plus rounding to 1 mg (sqrt(1 + 1/12) mg); drift over a minute is 0.2 mg.
        Assert.InRange(sd, 0.0009, 0.00125);
        Assert.InRange(mean, plant.BottleTareGrams - 0.002, plant.BottleTareGrams + 0.002);
    }

    [Fact]
    public void The_balance_follows_a_step_with_its_settling_time()
    {
        var plant = DosingPlantParameters.LoadDefault().WeighedBy("balance");
        var rig = new DosingRig(plant, 5);
        rig.Step(5000);
        rig.ReferenceMassGrams = 100;
        var t = new List<(double s, double g)>();
        for (int i = 0; i < 4000; i++)
        {
            rig.Step(1);
            if (rig.Adc.TryRead(out int c)) t.Add((i / 1000.0, c * plant.Balance!.ReadabilityGrams - plant.BottleTareGrams));
        }
        Assert.True(t.First(p => p.s >= 0.3).g < 90, "a balance's filter does not show a step at once");
        Assert.All(t.Where(p => p.s >= plant.Balance!.SettlingTimeS), p => Assert.InRange(p.g, 99.995, 100.006));
    }

    [Fact]
    public void Pumps_running_shake_the_balance_reading()
    {
        var plant = DosingPlantParameters.LoadDefault().WeighedBy("balance");
        double Spread(bool pumping)
        {
            var rig = new DosingRig(plant, 7);
            var p = rig.Pumps[plant.ChannelIndex("solvent")];
            p.ReservoirGrams = 0; // runs dry: vibration without weight change
            p.SetSpeed(pumping ? 1 : 0);
            var r = new List<double>();
            for (int i = 0; i < 30_000; i++) { rig.Step(1); if (rig.Adc.TryRead(out int c)) r.Add(c * 0.001); }
            double m = r.Skip(20).Average();
            return Math.Sqrt(r.Skip(20).Sum(x => (x - m) * (x - m)) / (r.Count - 21));
        }
        Assert.True(Spread(true) > 1.5 * Spread(false));
    }
}
