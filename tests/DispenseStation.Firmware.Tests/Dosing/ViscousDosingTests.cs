using DispenseStation.Firmware.Dosing;
using DispenseStation.Simulation.Dosing;
using Xunit.Abstractions;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>
/// Resin solutions run 50-5000 cP. A thick liquid drains from the tube for seconds after the pump
/// stops (a laminar drain, its time constant growing with viscosity): the doser must know how much
/// is still on its way after a short dribble, learn from a dose that overfilled, wait for the tail
/// before it verifies and not mistake a slowly filling tube for a dry line. Judged by the plant's
/// true delivered mass, on the balance, with seeds the bench does not use.
/// </summary>
public class ViscousDosingTests(ITestOutputHelper output)
{
    private static DosingPlantParameters Plant(double cp) =>
        DosingPlantParameters.LoadDefault().WeighedBy("balance").WithViscosity(cp);

    private static string ChannelFor(double grams) => grams < 5 ? "pag" : "solvent";

    [Theory]
    [InlineData(200, 2.0)]
    [InlineData(200, 10.0)]
    [InlineData(200, 80.0)]
    [InlineData(1000, 2.0)]
    [InlineData(1000, 10.0)]
    [InlineData(1000, 80.0)]
    [InlineData(5000, 2.0)]
    [InlineData(5000, 10.0)]
    public void Every_dose_at_one_percent_lands_within_tolerance(double cp, double grams)
    {
        foreach (int seed in new[] { 5, 9 })
        {
            var runner = DosingStations.Project(Plant(cp), seed);
            for (int i = 0; i < 3; i++)
            {
                var o = runner.Dose(ChannelFor(grams), grams, 0.01 * grams, timeoutS: 900);
                output.WriteLine($"{cp} cP {grams} g seed {seed} #{i + 1}: {o.Fault} error {o.TrueErrorGrams * 1000:F1} mg, {o.DurationS:F1} s, {o.Phases}");
                Assert.True(o.WithinTolerance, $"{cp} cP, {grams} g, seed {seed}, dose {i + 1}: {o.Fault}, error {o.TrueErrorGrams * 1000:F1} mg");
            }
        }
    }

    /// <summary>
    /// Issue 14 item 3: from the second dose of a channel every dose at 200, 1000 and 5000 cP lands within 1 %, over
    /// seeds. The plant's flow and drain come from the tubing (Hagen-Poiseuille): at 5000 cP the 1.6 mm PAG line refills
    /// at about 5 mg/s and the 4.8 mm solvent line at about 0.4 g/s, so the doses are slow; the time is reported.
    /// </summary>
    [Theory]
    [InlineData(200)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void From_the_second_dose_every_viscous_dose_lands_within_one_percent_over_seeds(double cp)
    {
        foreach (double grams in new[] { 2.0, 10.0, 80.0 })
        {
            var times = new List<double>();
            int inTolerance = 0, counted = 0;
            foreach (int seed in new[] { 11, 12, 13, 14 })
            {
                var runner = DosingStations.Project(Plant(cp), seed);
                for (int i = 0; i < 3; i++)
                {
                    var o = runner.Dose(ChannelFor(grams), grams, 0.01 * grams, timeoutS: 900);
                    if (i == 0) continue;
                    counted++;
                    times.Add(o.DurationS);
                    if (o.WithinTolerance) inTolerance++;
                    else output.WriteLine($"{cp} cP {grams} g seed {seed} #{i + 1}: {o.Fault} error {o.TrueErrorGrams * 1000:F1} mg");
                }
            }
            times.Sort();
            output.WriteLine($"{cp} cP {grams} g ({ChannelFor(grams)}): {inTolerance}/{counted} in tolerance from the 2nd dose, median {times[times.Count / 2]:F0} s per dose (range {times[0]:F0}-{times[^1]:F0} s)");
            Assert.Equal(counted, inTolerance);
        }
    }

    [Fact]
    public void An_overfilling_dose_is_learned_from_and_the_next_one_lands()
    {
        var plant = Plant(1000);
        var rig = new DosingRig(plant, 5);
        var settings = ReferenceStation.ChannelSettings(plant);
        int ch = plant.ChannelIndex("solvent");
        // A channel commissioned on solvent and then filled with resin: the initial guess is far too low.
        settings[ch].InitialInFlightGrams /= 4;
        var doser = new Doser(rig.CreateScale(), rig.PumpOutputs, settings, rig.Clock, rig.TakePumpPower());
        var runner = new DoseRunner(rig, new ProjectDoseController(doser));
        runner.Warmup();

        var first = runner.Dose("solvent", 10, 0.1, timeoutS: 900);
        output.WriteLine($"first: {first.Fault}, error {first.TrueErrorGrams * 1000:F1} mg; in-flight used {doser.Result.InFlightUsedGrams * 1000:F0} mg, seen {doser.Result.InFlightObservedGrams * 1000:F0} mg");
        Assert.Equal("Overfill", first.Fault);
        Assert.Equal(1, doser.InFlight.Observations(ch));

        var second = runner.Dose("solvent", 10, 0.1, timeoutS: 900);
        output.WriteLine($"second: {second.Fault}, error {second.TrueErrorGrams * 1000:F1} mg");
        Assert.True(second.WithinTolerance, $"{second.Fault}, error {second.TrueErrorGrams * 1000:F1} mg");
    }

    [Fact]
    public void A_viscous_line_filling_its_tube_is_not_no_flow_but_an_empty_reservoir_is()
    {
        var runner = DosingStations.Project(Plant(5000), 5);
        var ok = runner.Dose("pag", 2, 0.02, timeoutS: 900);
        Assert.True(ok.WithinTolerance, $"{ok.Fault}, error {ok.TrueErrorGrams * 1000:F1} mg");

        runner.Rig.Pumps[runner.Rig.Parameters.ChannelIndex("pag")].ReservoirGrams = 0;
        var dry = runner.Dose("pag", 2, 0.02, timeoutS: 900);
        output.WriteLine($"dry: {dry.Fault} after {dry.DurationS:F1} s");
        Assert.Equal("NoFlow", dry.Fault);
    }

    [Fact]
    public void The_verify_waits_for_the_tail_so_the_next_dose_starts_on_a_drained_tube()
    {
        var runner = DosingStations.Project(Plant(1000), 5);
        var pump = runner.Rig.Pumps[runner.Rig.Parameters.ChannelIndex("solvent")];
        var o = runner.Dose("solvent", 10, 0.1, timeoutS: 900);
        Assert.True(o.Succeeded, o.Fault);
        // What the scale verified is what went in, to a tenth of the tolerance: no tail left over for the next dose's reading.
        Assert.True(pump.InTransitGrams <= 0.1 * 0.1, $"{pump.InTransitGrams * 1000:F1} mg still in the tube at the verify");
        Assert.True(Math.Abs(o.MeasuredGrams - o.TrueGrams) <= 0.1 * 0.1 + 0.004, $"measured {o.MeasuredGrams:F4} g, true {o.TrueGrams:F4} g");
    }
}
