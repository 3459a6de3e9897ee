using DispenseStation.Firmware.BakeJobs;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Thermal;
using DispenseStation.Simulation.Thermal.Wafer;

namespace DispenseStation.Simulation.BakeJobs;

/// <summary>
/// Wafer-down detection on the simulated plate, one seed at a time: the project's controller holds
/// the plate at the setpoint (wafer-timed program waiting for a wafer), the detector watches every
/// control-tick reading, and the plant takes either a wafer (<see cref="RunDrop"/>) or a disturbance
/// with no wafer: the lid opening, a draught (<see cref="RunDisturbance"/>). Alongside runs the
/// simplest peer, a fixed threshold below the setpoint (what a plate without a signature detector
/// would use), fed the same readings. The plate is the documented one, commissioned (RTD calibration,
/// surface offsets) and read in the wafer's frame, as the station's bake job reads it. Deterministic for a seed.
/// </summary>
public sealed class WaferDownScenario
{
    private static readonly object Gate = new();
    private static AutotuneResult? _tuning;

    public HotplateParameters Parameters { get; init; } = HotplateParameters.LoadDefault();
    public double SetpointC { get; init; } = 110;
    public double BandC { get; init; } = 0.3;
    /// <summary>Settling at the setpoint before the detector is armed, s.</summary>
    public double SettleS { get; init; } = 60;
    public WaferDownSettings Detection { get; init; } = new();
    /// <summary>The threshold peer: a wafer is down once the reading is this far below the setpoint, °C.</summary>
    public double ThresholdPeerC { get; init; } = 0.3;

    /// <summary>A wafer (<paramref name="heatCapacityJPerK"/>, <paramref name="toPlateWPerK"/>, at
    /// <paramref name="waferC"/>) lands <paramref name="placeAfterS"/> after arming; watched for <paramref name="watchS"/>.</summary>
    public DropOutcome RunDrop(int seed, double heatCapacityJPerK, double toPlateWPerK, double waferC, double placeAfterS, double watchS = 30)
    {
        var (rig, loop, detector) = Start(seed, p =>
        {
            p.Wafer.HeatCapacityJPerK = heatCapacityJPerK;
            p.Wafer.ToPlateWPerK = toPlateWPerK;
        });
        var peer = new ThresholdPeer(SetpointC - ThresholdPeerC);
        double armedAt = loop.NowS;
        bool early = Watch(loop, detector, peer, armedAt + placeAfterS);
        double placedAt = loop.NowS;
        rig.Plant.PlaceWafer(waferC);
        if (!early) Watch(loop, detector, peer, placedAt + watchS);
        double delay = detector.Detected ? detector.DetectedAtMs / 1000.0 - placedAt : double.NaN;
        double landingError = detector.Detected ? detector.EstimatedLandingMs / 1000.0 - placedAt : double.NaN;
        double peerDelay = peer.DetectedAtS is double p ? p - placedAt : double.NaN;
        return new DropOutcome(early, detector.Detected && !early, delay, landingError, peerDelay, early || peer.DetectedAtS < placedAt);
    }

    /// <summary>No wafer: the lid opens (or a draught blows, with <paramref name="convectionFactor"/>)
    /// <paramref name="atS"/> after arming for <paramref name="durationS"/>; watched for <paramref name="watchS"/>.</summary>
    public DisturbanceOutcome RunDisturbance(int seed, double convectionFactor, double atS, double durationS, double watchS)
    {
        var (rig, loop, detector) = Start(seed, p => p.LidOpenConvectionFactor = convectionFactor);
        var peer = new ThresholdPeer(SetpointC - ThresholdPeerC);
        double armedAt = loop.NowS;
        Watch(loop, detector, peer, armedAt + atS);
        rig.Plant.LidOpen = true;
        Watch(loop, detector, peer, armedAt + atS + durationS);
        rig.Plant.LidOpen = false;
        Watch(loop, detector, peer, armedAt + watchS);
        return new DisturbanceOutcome(detector.Detected, peer.DetectedAtS is not null);
    }

    private (HotplateRig, ThermalLoop, WaferDownDetector) Start(int seed, Action<HotplateParameters> adjust)
    {
        var parameters = Copy(Parameters);
        adjust(parameters);
        var rig = new HotplateRig(parameters, seed, SetpointC);
        var controller = new HotplateController(rig.Sensor, rig.Heater, StepHoldScenario.ProjectConfig());
        controller.ApplyTuning(Tuning(Parameters, SetpointC), TuningRule.SimcPid);
        // A commissioned station, as shipped: RTD two-point calibration and surface offsets measured once with the
        // plant's own thermocouple wafer (not with whatever this run drops), so the plate is held above the wafer setpoint.
        StationCalibration.Commission(new HotplateRig(Copy(Parameters), seed, Parameters.AmbientC), seed).ApplyTo(controller);
        var loop = new ThermalLoop(rig, controller) { RecordEveryTicks = 1000 };
        loop.Run(0.1);
        controller.SetProgram([BakeSegment.Hold(SetpointC, 60, BandC)]);
        controller.Program.EnableWaferTiming();
        controller.StartProgram();
        var detector = new WaferDownDetector(Detection);
        loop.RunUntil(SettleS, () => false);
        WatchTicks(loop, detector, null, loop.NowS + 10);
        detector.Arm();
        return (rig, loop, detector);
    }

    // Feeds the detector (and the peer) each control-tick reading; true if the detector fired.
    private static bool Watch(ThermalLoop loop, WaferDownDetector detector, ThresholdPeer? peer, double untilS)
        => WatchTicks(loop, detector, peer, untilS);

    private static bool WatchTicks(ThermalLoop loop, WaferDownDetector detector, ThresholdPeer? peer, double untilS)
    {
        long tickMs = loop.Controller.Config.TickPeriodMs;
        bool fired = false;
        while (loop.NowS < untilS - 1e-9)
        {
            loop.Run(tickMs / 1000.0);
            long now = loop.Rig.Clock.UptimeMs;
            // What the station's bake job feeds its detector: the reading in the wafer's frame.
            double c = loop.Controller.WaferFrameC;
            if (detector.Sample(now, c)) fired = true;
            peer?.Sample(now / 1000.0, c);
        }
        return fired;
    }

    /// <summary>One autotune per plant and setpoint, shared by every seed (it does not depend on the wafer).</summary>
    public static AutotuneResult Tuning(HotplateParameters parameters, double setpointC)
    {
        lock (Gate)
        {
            return _tuning ??= StepHoldScenario.RunAutotune(parameters, 1, setpointC);
        }
    }

    // Every field, including ones added after this scenario was written (plate geometry, wafer losses, RTD tolerances).
    private static HotplateParameters Copy(HotplateParameters p) =>
        System.Text.Json.JsonSerializer.Deserialize<HotplateParameters>(System.Text.Json.JsonSerializer.Serialize(p))!;

    private sealed class ThresholdPeer(double levelC)
    {
        public double? DetectedAtS { get; private set; }

        public void Sample(double nowS, double plateC)
        {
            if (DetectedAtS is null && plateC <= levelC) DetectedAtS = nowS;
        }
    }
}

/// <param name="FiredBeforeWafer">The detector fired while no wafer was there (a false trigger).</param>
/// <param name="Detected">Fired after the wafer landed.</param>
/// <param name="DelayS">Landing to confirmation, s.</param>
/// <param name="LandingErrorS">Estimated landing less the true landing, s.</param>
/// <param name="PeerDelayS">The threshold peer's landing to detection, s (NaN if it never fired).</param>
/// <param name="PeerFiredBeforeWafer">The peer fired while no wafer was there.</param>
public sealed record DropOutcome(bool FiredBeforeWafer, bool Detected, double DelayS, double LandingErrorS, double PeerDelayS, bool PeerFiredBeforeWafer);

public sealed record DisturbanceOutcome(bool FalseTrigger, bool PeerFalseTrigger);
