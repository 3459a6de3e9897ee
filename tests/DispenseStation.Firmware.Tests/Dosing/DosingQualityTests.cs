using DispenseStation.Simulation.Dosing;
using Xunit.Abstractions;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>
/// The 100 g resist batch on the simulated plant, judged by the plant's true delivered mass,
/// against two baselines run in the same test on the same plant and seed: a naive full-speed
/// doser that stops at target, and a slow single-speed doser.
/// </summary>
public class DosingQualityTests(ITestOutputHelper output)
{
    /// <summary>Batches the project runs first, as commissioning: the in-flight values it learns
    /// are what the runtime persists and restores.</summary>
    private const int CommissioningBatches = 3;

    public sealed record Comparison(List<DoseOutcome> Project, List<DoseOutcome> Fast, List<DoseOutcome> Slow);

    private static readonly Dictionary<int, Comparison> Cache = new();

    public static Comparison Run(int seed)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(seed, out var cached)) return cached;
            var plant = DosingPlantParameters.LoadDefault();
            var batch = ReferenceStation.ResistBatch;
            var project = DosingStations.Project(plant, seed);
            for (int i = 0; i < CommissioningBatches; i++) project.Batch(batch);
            var result = new Comparison(
                project.Batch(batch),
                DosingStations.FastBaseline(plant, seed).Batch(batch),
                DosingStations.SlowBaseline(plant, seed).Batch(batch));
            Cache[seed] = result;
            return result;
        }
    }

    private void Print(Comparison c)
    {
        foreach (var o in c.Project.Concat(c.Fast).Concat(c.Slow))
            output.WriteLine($"{o.Controller,-14} {o.Channel,-12} target {o.TargetGrams,7:F3} true {o.TrueGrams,8:F4} error {o.TrueErrorGrams * 1000,8:F1} mg {o.DurationS,6:F1} s {o.Fault}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_dose_of_the_batch_lands_within_its_tolerance(int seed)
    {
        var c = Run(seed);
        Print(c);
        foreach (var o in c.Project)
        {
            Assert.True(o.Succeeded, $"{o.Channel}: {o.Fault}");
            Assert.True(o.WithinTolerance, $"{o.Channel}: error {o.TrueErrorGrams * 1000:F1} mg, tolerance {o.ToleranceGrams * 1000:F1} mg");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Small_doses_are_at_least_ten_times_more_accurate_than_the_naive_fast_doser(int seed)
    {
        var c = Run(seed);
        var small = ReferenceStation.ResistBatch.Where(b => b.IsSmall).Select(b => b.Channel).ToArray();
        Assert.NotEmpty(small);
        foreach (var channel in small)
        {
            double project = Math.Abs(c.Project.Single(o => o.Channel == channel).TrueErrorGrams);
            double fast = Math.Abs(c.Fast.Single(o => o.Channel == channel).TrueErrorGrams);
            output.WriteLine($"{channel}: project {project * 1000:F2} mg, fast baseline {fast * 1000:F2} mg, ratio {fast / project:F1}");
            Assert.True(fast >= 10 * project, $"{channel}: project {project * 1000:F2} mg vs fast {fast * 1000:F2} mg");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Batch_is_at_least_three_times_faster_than_the_slow_doser_and_no_less_accurate(int seed)
    {
        var c = Run(seed);
        double projectTime = c.Project.Sum(o => o.DurationS);
        double slowTime = c.Slow.Sum(o => o.DurationS);
        // Accuracy in units of each dose's tolerance, so grams of solvent and milligrams of
        // quencher weigh alike.
        double projectMean = c.Project.Average(o => Math.Abs(o.TrueErrorGrams) / o.ToleranceGrams);
        double slowMean = c.Slow.Average(o => Math.Abs(o.TrueErrorGrams) / o.ToleranceGrams);
        double projectWorst = c.Project.Max(o => Math.Abs(o.TrueErrorGrams) / o.ToleranceGrams);
        double slowWorst = c.Slow.Max(o => Math.Abs(o.TrueErrorGrams) / o.ToleranceGrams);
        output.WriteLine($"time project {projectTime:F1} s, slow {slowTime:F1} s ({slowTime / projectTime:F1}x); " +
                         $"mean |error|/tol project {projectMean:F2}, slow {slowMean:F2}; worst {projectWorst:F2} vs {slowWorst:F2}");
        Assert.True(slowTime >= 3 * projectTime, $"project {projectTime:F1} s vs slow {slowTime:F1} s");
        Assert.True(projectMean <= slowMean, $"mean error/tolerance {projectMean:F2} vs {slowMean:F2}");
        Assert.True(projectWorst <= slowWorst, $"worst error/tolerance {projectWorst:F2} vs {slowWorst:F2}");
    }
}
