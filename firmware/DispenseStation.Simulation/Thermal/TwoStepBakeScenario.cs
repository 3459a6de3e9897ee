using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// The station runtime's two-step bake, as the runtime builds it from a recipe: from a cold plate,
/// a post-apply bake (Ramp + Hold at <see cref="FirstC"/>) then a post-exposure bake (Ramp + Hold at
/// <see cref="SecondC"/>), each hold <see cref="HoldS"/> in a ±<see cref="BandC"/> band. A trailing
/// hold at the second temperature keeps both controllers regulating for the same fixed window, so
/// their figures compare over equal time. Deterministic for a seed.
/// </summary>
public sealed class TwoStepBakeScenario
{
    public HotplateParameters Parameters { get; init; } = HotplateParameters.LoadDefault();
    public int Seed { get; init; } = 42;
    public double StartC { get; init; } = 25;
    public double FirstC { get; init; } = 100;
    public double SecondC { get; init; } = 110;
    public double HoldS { get; init; } = 60;
    public double BandC { get; init; } = 0.5;
    /// <summary>Ramp rate of the step into the second temperature, °C/s (0 = setpoint step).</summary>
    public double SecondRampCPerS { get; init; }
    /// <summary>Ramp rate from the cold plate to the first temperature, °C/s (0 = setpoint step).</summary>
    public double FirstRampCPerS { get; init; }
    /// <summary>Metrics window after the segment change, s.</summary>
    public double WindowS { get; init; } = 400;
    public TuningRule ProjectRule { get; init; } = TuningRule.SimcPid;

    /// <summary>Index of the post-exposure hold in the program.</summary>
    public const int SecondHoldSegment = 3;

    public TwoStepComparison Run()
    {
        AutotuneResult autotune = StepHoldScenario.RunAutotune(Parameters, Seed, SecondC);
        if (!autotune.Succeeded) throw new InvalidOperationException($"autotune failed: {autotune.Status}");
        var project = RunOne(StepHoldScenario.ProjectConfig(), c => c.ApplyTuning(autotune, ProjectRule));
        var baseline = RunOne(StepHoldScenario.BaselineConfig(), c => c.ApplyTuning(autotune, TuningRule.ZieglerNichols));
        return new TwoStepComparison(autotune, project, baseline);
    }

    public BakeSegment[] Program() =>
    [
        BakeSegment.Ramp(FirstC, FirstRampCPerS, BandC), BakeSegment.Hold(FirstC, HoldS, BandC),
        BakeSegment.Ramp(SecondC, SecondRampCPerS, BandC), BakeSegment.Hold(SecondC, HoldS, BandC),
        BakeSegment.Hold(SecondC, 24 * 3600, BandC),
    ];

    public TwoStepRun RunOne(HotplateConfig config, Action<HotplateController> tune)
    {
        var rig = new HotplateRig(Parameters, Seed, StartC);
        var controller = new HotplateController(rig.Sensor, rig.Heater, config);
        tune(controller);
        var loop = new ThermalLoop(rig, controller);
        loop.Run(0.1);
        controller.SetProgram(Program());
        controller.StartProgram();
        // Wait for the segment change (the post-apply hold done), then a fixed window.
        loop.RunUntil(3600, () => controller.Program.SegmentIndex >= 2 || controller.State != HotplateState.Running);
        if (controller.Program.SegmentIndex < 2) throw new InvalidOperationException($"the first hold never completed ({controller.State}, {controller.Fault})");
        double changeAt = loop.NowS;
        double? secondHoldDoneAt = null;
        loop.RunUntil(changeAt + WindowS, () =>
        {
            if (secondHoldDoneAt is null && controller.Program.SegmentIndex > SecondHoldSegment) secondHoldDoneAt = loop.NowS;
            return controller.State != HotplateState.Running;
        });
        var metrics = TwoStepMetrics.Compute(loop.Trace, SecondC, BandC, changeAt, changeAt + WindowS,
            controller.Program.OutsideBandS(SecondHoldSegment), secondHoldDoneAt is null ? double.NaN : secondHoldDoneAt.Value - changeAt);
        return new TwoStepRun(metrics, loop.Trace, controller.Fault, changeAt);
    }
}

/// <param name="ChangeAtS">When the post-apply hold completed and the step to the second temperature began.</param>
public sealed record TwoStepRun(TwoStepMetrics Metrics, ThermalTrace Trace, ThermalFault Fault, double ChangeAtS);

public sealed record TwoStepComparison(AutotuneResult Autotune, TwoStepRun Project, TwoStepRun Baseline);
