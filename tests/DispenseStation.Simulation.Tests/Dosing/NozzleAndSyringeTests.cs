using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Simulation.Tests.Dosing;

/// <summary>
/// What leaves the nozzle: drops of Tate's mass below the jetting flow, a stream above it, a drop that may stay
/// hanging after stop, and the suck-back when the rollers stop; and the syringe option's volume per microstep.
/// The shipped plant's channels, so the figures are the ones hardware/BOM.md lists.
/// </summary>
public class NozzleAndSyringeTests
{
    private static readonly DosingPlantParameters Plant = DosingPlantParameters.LoadDefault();
    // The bench's tip: drops and suck-back on (the shipped channels have them off until the doser accounts for them).
    private static PumpChannelParameters Channel(string name) => Plant.Channels[Plant.ChannelIndex(name)] with { NozzleDrops = true };

    /// <summary>Runs <paramref name="pump"/> for <paramref name="ms"/> ms; returns each non-zero landing (grams per ms slot).</summary>
    private static List<double> Landings(SimPump pump, int ms)
    {
        var landed = new List<double>();
        for (int i = 0; i < ms; i++)
        {
            double g = pump.StepMillisecond();
            if (g > 0) landed.Add(g);
        }
        return landed;
    }

    [Fact]
    public void A_dripping_nozzle_lets_drops_of_Tates_mass_go()
    {
        // 1/16" tip (1.59 mm outer), PGMEA 26.9 mN/m: m = 2π r γ f / g with Harkins-Brown f = 0.6.
        double tate = 2 * Math.PI * 0.795e-3 * 26.9e-3 * 0.6 / 9.80665 * 1000;
        Assert.Equal(8.22e-3, tate, 5);                           // the planner's 8 mg reference drop (DoseFeasibility)
        var pump = new SimPump(Channel("pag"));
        Assert.Equal(tate, pump.DropGrams, 9);
        Assert.Equal(tate / 0.6, pump.CriticalDropGrams, 9);
        pump.SetSpeed(0.08);                                      // 96 mg/s, below the 1/16" tip's jetting flow
        Assert.True(pump.SteadyFlowGramsPerS(0.08) < pump.JettingGramsPerS);
        var drops = Landings(pump, 5000);
        Assert.InRange(drops.Count, 40, 60);                      // about 0.096 g/s x 4.7 s / 8.2 mg
        Assert.All(drops, d => Assert.Equal(tate, d, 9));
    }

    [Fact]
    public void Above_the_jetting_flow_the_nozzle_runs_a_stream()
    {
        var pump = new SimPump(Channel("pag"));
        Assert.Equal(0.184, pump.JettingGramsPerS, 3);            // We = ρ v² d / γ = 4 in a 0.8 mm bore
        pump.SetSpeed(1);
        Landings(pump, 2000);
        int wet = 0;
        for (int i = 0; i < 1000; i++) if (pump.StepMillisecond() > 0) wet++;
        Assert.Equal(1000, wet);                                  // something lands every millisecond
    }

    [Fact]
    public void After_stop_the_rest_leaves_in_drops_and_one_may_stay_hanging()
    {
        var pump = new SimPump(Channel("pag"));
        pump.SetSpeed(1);
        Landings(pump, 3000);
        pump.SetSpeed(0);
        Landings(pump, 1000);
        var tail = Landings(pump, 10_000);
        Assert.NotEmpty(tail);
        Assert.All(tail, d => Assert.Equal(pump.DropGrams, d, 9));  // drops, not a stream, once the flow has died
        Assert.InRange(pump.HangingGrams, 0, pump.CriticalDropGrams);
        Assert.True(pump.InTransitGrams < 1e-6, "the tube has drained");
        double pumped = 500 - pump.ReservoirGrams;
        Assert.Equal(pumped, pump.DeliveredGrams + pump.HangingGrams + pump.SuckedBackGrams, 9);
    }

    [Fact]
    public void Stopping_the_rollers_sucks_back_its_volume_from_the_tip_and_the_next_stroke_pushes_it_out_first()
    {
        var pag = Channel("pag");                                 // suckBackMl 0.005 of a 1.0 g/mL liquid
        var pump = new SimPump(pag);
        pump.SetSpeed(1);
        Landings(pump, 2000);
        pump.SetSpeed(0);
        Landings(pump, 100);
        Assert.Equal(0.005, pump.SuckedBackGrams, 9);

        // Bounded by what is at the tip: a huge suck-back takes all that hangs and would still drain, and nothing more falls.
        var greedy = new SimPump(pag with { SuckBackMl = 5 });
        greedy.SetSpeed(1);
        Landings(greedy, 2000);
        greedy.SetSpeed(0);
        Landings(greedy, 100);
        double falling = greedy.InTransitGrams;                   // only what had already left the tip
        Assert.InRange(greedy.SuckedBackGrams, 0.2, 0.35);        // about 1.2 g/s x 0.25 s in the tube's swell
        Assert.Equal(0, greedy.HangingGrams, 12);
        double landedAfter = Landings(greedy, 5000).Sum();
        Assert.True(landedAfter <= falling + 1e-9, $"{landedAfter * 1000:F2} mg landed after the suck-back emptied the tip");

        // The next strokes push the drawn-back liquid out first, drawing nothing from the reservoir meanwhile.
        double owed = greedy.SuckedBackGrams;
        greedy.SetSpeed(0.2);
        double reservoir = greedy.ReservoirGrams;
        double delivered = greedy.DeliveredGrams;
        while (greedy.SuckedBackGrams > 0)
        {
            Assert.Equal(reservoir, greedy.ReservoirGrams, 12);   // (the step that ends it may draw the rest of its stroke)
            greedy.StepMillisecond();
        }
        Assert.True(owed > 0);
        Landings(greedy, 5000);
        Assert.True(greedy.DeliveredGrams - delivered >= owed, "the drawn-back liquid came out again");
    }

    [Theory]
    [InlineData("solvent")]
    [InlineData("pag")]
    [InlineData("quencher")]
    public void Everything_pumped_is_accounted_for_over_stops_and_restarts(string name)
    {
        // Start-stop cycles as a doser's top-up pulses make them: each stop sucks back, each start pushes it out.
        var pump = new SimPump(Channel(name));
        double full = pump.ReservoirGrams;
        double Unaccounted() => full - pump.ReservoirGrams - pump.DeliveredGrams - pump.InTransitGrams - pump.HangingGrams - pump.SuckedBackGrams;
        for (int pulse = 0; pulse < 20; pulse++)
        {
            pump.SetSpeed(pulse % 2 == 0 ? 1 : 0.1);
            Landings(pump, 150 + 37 * pulse);
            pump.SetSpeed(0);
            Landings(pump, 400);
            Assert.True(Math.Abs(Unaccounted()) < 1e-9, $"{Unaccounted() * 1000:F3} mg unaccounted after pulse {pulse}");
        }
        Assert.True(pump.SuckedBackGrams > 0, "the last stop sucked back");
    }

    [Fact]
    public void The_syringe_pushes_its_volume_per_microstep_without_roller_slugs_until_its_barrel_is_empty()
    {
        var syringe = Plant.OptionalChannels.Single(c => c.Name == "quencher-syringe");
        var pump = new SimPump(syringe);
        // 4.61 mm bore, 2 mm lead, 3200 microsteps per turn: π D² p / (4 N).
        double mlPerStep = Math.PI * 4.61 * 4.61 / 4 * 2.0 / 3200 / 1000;
        Assert.Equal(1.0432e-5, mlPerStep, 9);
        Assert.Equal(mlPerStep, pump.MlPerStep, 15);

        pump.SetSpeed(0.1);
        Landings(pump, 500);
        var perWindow = new List<double>();
        for (int w = 0; w < 20; w++)
        {
            double sum = 0;
            for (int i = 0; i < 100; i++) { pump.StepMillisecond(); sum += pump.PumpFlowGramsPerS / 1000; }
            perWindow.Add(sum);
        }
        // Whole microsteps only, and no pulsation: every 100 ms moves the same mass to within one step.
        double pumped = syringe.ReservoirGrams - pump.ReservoirGrams;
        double steps = pumped / syringe.DensityGPerMl / mlPerStep;
        Assert.Equal(Math.Round(steps), steps, 6);
        Assert.True(perWindow.Max() - perWindow.Min() <= mlPerStep * syringe.DensityGPerMl * 1.0001);
        Assert.InRange(perWindow.Average() / (0.015 * 0.97 * 0.1), 0.999, 1.001);

        pump.SetSpeed(1);
        Landings(pump, 10_000);                                   // 0.15 mL/s for 10 s: more than the 1 mL barrel
        Assert.Equal(0, pump.ReservoirGrams, 9);
        Assert.Equal(0, pump.PumpFlowGramsPerS, 9);
    }
}
