using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Simulation.Tests.Dosing;

public class DosingRigTests
{
    private static DosingRig Rig() => new(DosingPlantParameters.LoadDefault(), seed: 1);

    [Fact]
    public void The_plant_file_loads_with_six_resist_channels()
    {
        var plant = DosingPlantParameters.LoadDefault();
        Assert.Equal(["resin", "solvent", "crosslinker", "pag", "quencher", "surfactant"], plant.Channels.Select(c => c.Name));
        Assert.Equal(80, plant.LoadCell.SamplesPerSecond);
    }

    [Fact]
    public void A_bad_plant_file_names_the_field()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, """{ "loadCell": { "samplesPerSecond": 40 }, "channels": [ { "name": "a" } ] }""");
        var ex = Assert.Throws<InvalidDataException>(() => DosingPlantParameters.Load(path));
        Assert.Contains("samplesPerSecond", ex.Message);
        File.WriteAllText(path, """{ "loadCell": {}, "channels": [ { "name": "a", "tubeWear": 2 } ] }""");
        ex = Assert.Throws<InvalidDataException>(() => DosingPlantParameters.Load(path));
        Assert.Contains("channels[0].tubeWear", ex.Message);
        File.Delete(path);
    }

    [Fact]
    public void Liquid_pumped_ends_up_in_the_bottle_and_on_the_scale()
    {
        var rig = Rig();
        rig.Pumps[2].SetSpeed(1);
        rig.Step(3000);
        rig.Pumps[2].SetSpeed(0);
        rig.Step(3000);
        // All of it but the drop left hanging at the tip and what the tube drew back at the stop.
        double pumped = 500 - rig.Pumps[2].ReservoirGrams - rig.Pumps[2].HangingGrams - rig.Pumps[2].SuckedBackGrams;
        Assert.Equal(pumped, rig.BottleContentsGrams, 4);
        Assert.Equal(150 + pumped, rig.ForceGrams, 4);
    }

    [Fact]
    public void Falling_stream_pushes_on_the_scale_while_it_flows()
    {
        var rig = Rig();
        rig.Pumps[1].SetSpeed(1);
        rig.Step(3000);
        // Over whole roller cycles (15 Hz at full speed), as the pan feels it within its 10 ms response: m_dot v / g.
        double flow = 0, impact = 0;
        for (int i = 0; i < 200; i++)
        {
            rig.Step(1);
            flow += rig.Pumps[1].LandingFlowGramsPerS / 200;
            impact += (rig.ForceGrams - 150 - rig.BottleContentsGrams) / 200;
        }
        Assert.Equal(flow * 0.5 / 9.80665, impact, 3);
        Assert.InRange(impact, 0.2, 0.6);
    }

    [Fact]
    public void Removing_the_bottle_and_bumping_it_show_on_the_scale()
    {
        var rig = Rig();
        rig.Step(10);
        rig.RemoveBottle();
        rig.Step(10);
        Assert.Equal(0, rig.ForceGrams, 9);
        rig.ReplaceBottle();
        rig.Bump(20, 300);
        rig.Step(100);
        Assert.Equal(170, rig.ForceGrams, 9);
        rig.Step(300);
        Assert.Equal(150, rig.ForceGrams, 9);
    }

    [Fact]
    public void Same_seed_same_run()
    {
        int Run()
        {
            var rig = Rig();
            int sum = 0;
            for (int i = 0; i < 2000; i++) { rig.Step(10); if (rig.LoadCell.TryRead(out int c)) sum ^= c; }
            return sum;
        }
        Assert.Equal(Run(), Run());
    }
}
