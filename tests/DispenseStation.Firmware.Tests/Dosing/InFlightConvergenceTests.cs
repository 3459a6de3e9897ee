using DispenseStation.Simulation.Dosing;
using Xunit.Abstractions;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>
/// A worn tube pumps less and keeps draining longer after stop: the in-flight mass changes and
/// the learned estimate must follow within a few doses. Single doses scatter (roller pulsation,
/// noise), so the trajectory is averaged over several seeded runs.
/// </summary>
public class InFlightConvergenceTests(ITestOutputHelper output)
{
    private const int DosesBefore = 8, DosesAfter = 10;
    private static readonly int[] Seeds = [21, 22, 23, 24, 25, 26, 27, 28];

    [Theory]
    [InlineData("crosslinker", 3.0, 0.010)]
    [InlineData("pag", 2.0, 0.010)]
    public void Estimate_converges_within_three_doses_after_tube_wear_changes_the_flow(string channel, double target, double tolerance)
    {
        var used = new double[DosesBefore + DosesAfter];
        var observed = new double[DosesBefore + DosesAfter];
        var outcomes = new List<DoseOutcome>();
        foreach (int seed in Seeds)
        {
            var plant = DosingPlantParameters.LoadDefault();
            var runner = DosingStations.Project(plant, seed);
            var doser = ((ProjectDoseController)runner.Controller).Doser;
            for (int i = 0; i < used.Length; i++)
            {
                if (i == DosesBefore) runner.Rig.Pumps[plant.ChannelIndex(channel)].TubeWear = 1.0;
                var o = runner.Dose(channel, target, tolerance);
                if (i >= DosesBefore) outcomes.Add(o);
                used[i] += doser.Result.InFlightUsedGrams / Seeds.Length;
                observed[i] += doser.Result.InFlightObservedGrams / Seeds.Length;
            }
        }
        for (int i = 0; i < used.Length; i++)
            output.WriteLine($"dose {i + 1,2}{(i == DosesBefore ? " worn tube" : "")}: mean in-flight used {used[i] * 1000,6:F1} mg, observed {observed[i] * 1000,6:F1} mg");

        double oldLevel = observed.Skip(DosesBefore - 4).Take(4).Average();
        double newLevel = observed.Skip(DosesBefore + 4).Average();
        double step = newLevel - oldLevel;
        var after = used.Skip(DosesBefore).ToArray();
        Assert.True(Math.Abs(step) > 0.1 * oldLevel, $"wear must change the in-flight mass: {oldLevel * 1000:F1} -> {newLevel * 1000:F1} mg");
        // The first worn dose still uses the old estimate ...
        Assert.True(Math.Abs(after[0] - newLevel) > 0.7 * Math.Abs(step), "the first worn dose cannot know yet");
        // ... within three more it is within a quarter of the step, and then it does not wander off
        // (the remaining scatter is the observation noise the learning gain lets through).
        int converged = Array.FindIndex(after, u => Math.Abs(u - newLevel) <= 0.25 * Math.Abs(step));
        output.WriteLine($"in-flight {oldLevel * 1000:F1} -> {newLevel * 1000:F1} mg; within 25 % of the step from worn dose {converged + 1}");
        Assert.InRange(converged, 1, 3);
        Assert.All(after.Skip(converged), u => Assert.True(Math.Abs(u - newLevel) <= 0.5 * Math.Abs(step), "stays converged"));
        // The wear change never costs a dose its tolerance.
        Assert.All(outcomes, o => Assert.True(o.WithinTolerance, $"{o.Fault}, error {o.TrueErrorGrams * 1000:F1} mg"));
    }
}
