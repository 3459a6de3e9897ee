using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Simulation.Tests.Dosing;

public class BaselineDoserTests
{
    [Fact]
    public void Naive_fast_doser_overshoots_by_the_liquid_in_flight()
    {
        var runner = DosingStations.FastBaseline(DosingPlantParameters.LoadDefault(), 1);
        var o = runner.Dose("crosslinker", 3, 0.01);
        Assert.True(o.Succeeded);
        // About full flow x (drip time constant + fall + filter lag): hundreds of milligrams.
        Assert.InRange(o.TrueErrorGrams, 0.2, 0.6);
        Assert.InRange(o.MeasuredGrams - o.TrueGrams, -0.005, 0.005);   // the HX711 reads 3 mg per conversion
    }

    [Fact]
    public void Slow_doser_is_closer_and_much_slower()
    {
        var plant = DosingPlantParameters.LoadDefault();
        var fast = DosingStations.FastBaseline(plant, 1).Dose("crosslinker", 3, 0.01);
        var slow = DosingStations.SlowBaseline(plant, 1).Dose("crosslinker", 3, 0.01);
        Assert.True(slow.TrueErrorGrams < fast.TrueErrorGrams / 5);
        Assert.True(slow.DurationS > 4 * fast.DurationS);
    }
}
