using System.Collections.Concurrent;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>
/// What a technician does once per plate: a relay autotune (on a twin of the simulated plate, in
/// simulated time) whose fitted model gives the PID gains and the feed-forward prior. Cached per
/// plant and seed, so that many virtual stations and tests pay for it once.
/// </summary>
public static class HotplateCommissioning
{
    public const double TuneAtC = 110;
    private static readonly ConcurrentDictionary<(HotplateParameters, int), AutotuneResult> Cache = new();

    public static AutotuneResult Autotune(HotplateParameters parameters, int seed) =>
        Cache.GetOrAdd((parameters, seed), key =>
        {
            var result = StepHoldScenario.RunAutotune(key.Item1, key.Item2, TuneAtC);
            if (!result.Succeeded) throw new InvalidOperationException($"hotplate autotune failed: {result.Status}");
            return result;
        });

    public static void Apply(HotplateController controller, HotplateParameters parameters, int seed) =>
        controller.ApplyTuning(Autotune(parameters, seed), TuningRule.SimcPid);
}
