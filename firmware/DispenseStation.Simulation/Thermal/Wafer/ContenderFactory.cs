using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Thermal.Peers;

namespace DispenseStation.Simulation.Thermal.Wafer;

/// <summary>
/// Commissions a plate for a contender: RTD and surface-offset calibration, then the contender's own
/// autotune on that plate at rest at room temperature, then a fresh start at <paramref name="startC"/>.
/// Same seed, same plate (same RTD errors, same noise stream) for every contender.
/// </summary>
public static class ContenderFactory
{
    public const double AutotuneMaxS = 6000;

    public static Contender Create(ContenderKind kind, HotplateParameters parameters, int seed, double tuneAtC, double startC)
    {
        var calibration = StationCalibration.Commission(new HotplateRig(parameters, seed, parameters.AmbientC), seed);
        double plateTarget = tuneAtC + calibration.OffsetFor(tuneAtC);
        var rig = new HotplateRig(parameters, seed, startC);
        switch (kind)
        {
            case ContenderKind.Project:
            case ContenderKind.ZieglerNichols:
            {
                AutotuneResult tune = StepHoldScenario.RunAutotune(parameters, seed, plateTarget);
                if (!tune.Succeeded) throw new InvalidOperationException($"relay autotune failed on seed {seed}: {tune.Status}");
                return kind == ContenderKind.Project
                    ? new FirmwareContender("project", rig, calibration, StepHoldScenario.ProjectConfig(), tune, TuningRule.SimcPid, notifiesDrop: true)
                    : new FirmwareContender("Ziegler-Nichols PID", rig, calibration, StepHoldScenario.BaselineConfig(), tune, TuningRule.ZieglerNichols, notifiesDrop: false);
            }
            case ContenderKind.Klipper:
            {
                var tune = new KlipperPidCalibrate(plateTarget);
                RunPeerAutotune(parameters, seed, calibration, tune);
                return new PeerContender(rig, calibration, tune.CreateController(), tune.Describe());
            }
            case ContenderKind.Esphome:
            {
                var tune = new EsphomeAutotune(plateTarget);
                RunPeerAutotune(parameters, seed, calibration, tune);
                return new PeerContender(rig, calibration, tune.CreateController(), tune.Describe());
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static void RunPeerAutotune(HotplateParameters parameters, int seed, StationCalibration calibration, IPeerAutotune tune)
    {
        var rig = new HotplateRig(parameters, seed, parameters.AmbientC);
        long sampleMs = (long)Math.Round(tune.SamplePeriodS * 1000);
        while (!tune.Finished && rig.Clock.Seconds < AutotuneMaxS)
        {
            if (rig.Clock.UptimeMs % sampleMs == 0 && rig.Sensor.TryRead(out double c, out _))
                rig.Heater.SetDuty(tune.Update(rig.Clock.Seconds, calibration.Correct(c)));
            rig.Step();
        }
        if (!tune.Succeeded) throw new InvalidOperationException($"{tune.GetType().Name} did not finish on seed {seed}");
    }
}
