using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Simulation.Tests.Thermal;

public class HotplateParametersTests
{
    [Fact]
    public void The_documented_plate_loads_and_is_a_realistic_200mm_bake_plate()
    {
        var p = HotplateParameters.LoadDefault();
        Assert.InRange(p.Plate.DiameterMm, 200, 260);
        Assert.InRange(p.Plate.ThicknessMm, 10, 15);
        Assert.InRange(p.HeaterPowerW, 800, 1500); // issue 16: 200 mm-class plates carry 800-1500 W
        Assert.Null(p.Validate());
        // Time constant at 110 °C from the loss slope: minutes, not seconds or hours.
        var plant = new HotplatePlant(p, 0.01, 110);
        double slope = plant.LossW(110.5) - plant.LossW(109.5);
        double tauMin = (p.PlateHeatCapacityJPerK + p.ElementHeatCapacityJPerK) / slope / 60;
        Assert.InRange(tauMin, 3, 30);
    }

    [Fact]
    public void A_bad_value_is_rejected_naming_the_field()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hotplate-{Guid.NewGuid():N}.json");
        string json = File.ReadAllText(HotplateParameters.DefaultPath).Replace("\"heaterPowerW\": 1200", "\"heaterPowerW\": -5");
        File.WriteAllText(path, json);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => HotplateParameters.Load(path));
            Assert.Contains("heaterPowerW", e.Message);
            Assert.Contains("> 0", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_unknown_field_is_rejected_rather_than_ignored()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hotplate-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"heaterPowerWatts\": 800 }");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => HotplateParameters.Load(path));
            Assert.Contains("heaterPowerWatts", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
