using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// The quality comparison of issue 4, in one deterministic run: a relay autotune on the simulated
/// plate; then, from the same start, the project's controller (2-DOF PID, back-calculation,
/// feed-forward, gains by <see cref="ProjectRule"/>) and a plain Ziegler-Nichols PID each step the
/// plate 25 -> 110 °C, hold it, and take a cold 200 mm wafer.
/// </summary>
public sealed class StepHoldScenario
{
    public HotplateParameters Parameters { get; init; } = HotplateParameters.LoadDefault();
    public int Seed { get; init; } = 42;
    public double StartC { get; init; } = 25;
    public double TargetC { get; init; } = 110;
    public double BandC { get; init; } = 0.2;
    public double WaferAtS { get; init; } = 900;
    public double EndS { get; init; } = 1300;
    public double HoldWindowS { get; init; } = 300;
    public TuningRule ProjectRule { get; init; } = TuningRule.SimcPid;

    public StepHoldComparison Run()
    {
        AutotuneResult autotune = RunAutotune(Parameters, Seed, TargetC);
        if (!autotune.Succeeded) throw new InvalidOperationException($"autotune failed: {autotune.Status}");

        var project = RunOne(ProjectConfig(), c => c.ApplyTuning(autotune, ProjectRule));
        var baseline = RunOne(BaselineConfig(), c => c.ApplyTuning(autotune, TuningRule.ZieglerNichols));
        return new StepHoldComparison(autotune, project, baseline);
    }

    /// <summary>
    /// Lower bound on the step's IAE for any controller: the plate at full power until it first
    /// reaches the target (nothing heats faster), with no error after that.
    /// </summary>
    public double FullPowerIaeBound()
    {
        var rig = new HotplateRig(Parameters, Seed, StartC);
        double iae = 0;
        rig.Heater.SetDuty(1);
        while (rig.Plant.PlateC < TargetC && rig.Clock.Seconds < EndS)
        {
            rig.Step();
            iae += (TargetC - rig.Plant.PlateC) * rig.Plant.StepS;
        }
        return iae;
    }

    /// <summary>Relay autotune on a plate at rest at ambient; returns what it found.</summary>
    public static AutotuneResult RunAutotune(HotplateParameters parameters, int seed, double setpointC)
    {
        var rig = new HotplateRig(parameters, seed, parameters.AmbientC);
        var controller = new HotplateController(rig.Sensor, rig.Heater, ProjectConfig());
        var loop = new ThermalLoop(rig, controller) { RecordEveryTicks = 10 };
        loop.Run(1);
        var settings = new AutotuneSettings { SetpointC = setpointC, AmbientC = parameters.AmbientC, MaxTemperatureC = setpointC + 30 };
        controller.StartAutotune(settings);
        loop.RunUntil(settings.MaxDurationS + 10, () => !controller.Autotune.IsRunning);
        return controller.Autotune.Result;
    }

    public static HotplateConfig ProjectConfig() => new();

    /// <summary>Plain PID as hobby firmware has it: P and D on the error, integral clamping, no feed-forward, no rate limit.</summary>
    public static HotplateConfig BaselineConfig()
    {
        var pid = new PidSettings
        {
            SamplePeriodS = 0.1,
            DerivativeFilterN = 8,
            SetpointWeight = 1,
            DerivativeOnMeasurement = false,
            AntiWindup = AntiWindup.Clamping,
            OutputRateLimitPerS = 0,
        };
        // No measurement filter and no deviation alarm either: the plain PID's overshoot is measured, not tripped on.
        var safety = new ThermalSafetyLimits { AboveMarginC = 50 };
        return new HotplateConfig { Pid = pid, UseFeedForward = false, ShapeSetpoint = false, ObserverAlpha = 1, Safety = safety };
    }

    private StepHoldRun RunOne(HotplateConfig config, Action<HotplateController> tune)
    {
        var rig = new HotplateRig(Parameters, Seed, StartC);
        var controller = new HotplateController(rig.Sensor, rig.Heater, config);
        tune(controller);
        var loop = new ThermalLoop(rig, controller);
        loop.Run(0.1); // first reading
        double stepAt = loop.NowS;
        controller.SetProgram([BakeSegment.Hold(TargetC, 24 * 3600, BandC)]);
        controller.StartProgram();
        loop.RunUntil(WaferAtS, () => false);
        rig.Plant.PlaceWafer(Parameters.Wafer.InitialC);
        loop.RunUntil(EndS, () => false);
        var metrics = StepHoldMetrics.Compute(loop.Trace, TargetC, stepAt, WaferAtS, HoldWindowS, BandC);
        return new StepHoldRun(metrics, loop.Trace, new PidGains(controller.Pid.Kp, controller.Pid.Ti, controller.Pid.Td), controller.Fault);
    }
}

public sealed record StepHoldRun(StepHoldMetrics Metrics, ThermalTrace Trace, PidGains Gains, ThermalFault Fault);

public sealed record StepHoldComparison(AutotuneResult Autotune, StepHoldRun Project, StepHoldRun Baseline);
