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
    /// <summary>Called after every reading the detector is fed (uptime ms, the detector), for traces in tests.</summary>
    public Action<long, WaferDownDetector>? Probe { get; init; }

    /// <summary>A wafer (<paramref name="heatCapacityJPerK"/>, <paramref name="toPlateWPerK"/>, at
    /// <paramref name="waferC"/>) lands <paramref name="placeAfterS"/> after arming; watched for <paramref name="watchS"/>.
    /// With <paramref name="expected"/> (the profile's wafer) the detector runs its energy balance.</summary>
    public DropOutcome RunDrop(int seed, double heatCapacityJPerK, double toPlateWPerK, double waferC, double placeAfterS, double watchS = 45,
        ExpectedWafer? expected = null)
    {
        var (rig, loop, detector) = Start(seed, expected, p =>
        {
            p.Wafer.HeatCapacityJPerK = heatCapacityJPerK;
            p.Wafer.ToPlateWPerK = toPlateWPerK;
        });
        var peer = new ThresholdPeer(SetpointC - ThresholdPeerC);
        var job = new JobMimic(loop.Controller, detector, expected) { Probe = Probe, SetpointC = SetpointC, BandC = BandC };
        double armedAt = loop.NowS;
        Watch(loop, job, peer, armedAt + placeAfterS);
        bool early = job.Provisionals > 0;
        double placedAt = loop.NowS;
        rig.Plant.PlaceWafer(waferC);
        job.Clear();
        if (!early) Watch(loop, job, peer, placedAt + watchS);
        bool detected = !early && job.Provisionals > 0 && job.Standing;
        double delay = detected ? job.DownAtMs / 1000.0 - placedAt : double.NaN;
        double confirm = detected && job.ConfirmedAtMs >= 0 ? job.ConfirmedAtMs / 1000.0 - placedAt : double.NaN;
        double landingError = detected ? job.LandingMs / 1000.0 - placedAt : double.NaN;
        double peerDelay = peer.DetectedAtS is double p ? p - placedAt : double.NaN;
        return new DropOutcome(early, detected, delay, landingError, peerDelay, early || peer.DetectedAtS < placedAt)
        {
            ConfirmDelayS = confirm,
            Withdrawals = job.Withdrawals,
            AbsorbedJ = detector.AbsorbedJ,
            HalfWidthS = detector.MeasuredHalfWidthS,
            EnergyRatio = detector.EnergyRatio,
            Reason = job.LastReason,
        };
    }

    /// <summary>No wafer: the lid opens (or a draught blows, with <paramref name="convectionFactor"/>)
    /// <paramref name="atS"/> after arming for <paramref name="durationS"/>; watched for <paramref name="watchS"/>.
    /// With <paramref name="expected"/> (the profile's wafer) the detector runs its energy balance.</summary>
    public DisturbanceOutcome RunDisturbance(int seed, double convectionFactor, double atS, double durationS, double watchS, ExpectedWafer? expected = null)
    {
        var (rig, loop, detector) = Start(seed, expected, p => p.LidOpenConvectionFactor = convectionFactor);
        var peer = new ThresholdPeer(SetpointC - ThresholdPeerC);
        var job = new JobMimic(loop.Controller, detector, expected) { Probe = Probe, SetpointC = SetpointC, BandC = BandC };
        double armedAt = loop.NowS;
        Watch(loop, job, peer, armedAt + atS);
        rig.Plant.LidOpen = true;
        Watch(loop, job, peer, armedAt + atS + durationS);
        rig.Plant.LidOpen = false;
        Watch(loop, job, peer, armedAt + watchS);
        return new DisturbanceOutcome(job.Provisionals > 0 && job.Standing, peer.DetectedAtS is not null)
        {
            MaxAboveAfterWithdrawalC = job.MaxAboveC,
            BackInBandAfterWithdrawalS = job.FirstWithdrawnMs >= 0 ? (job.LastOutOfBandMs - job.FirstWithdrawnMs) / 1000.0 : double.NaN,
            OutOfBandAtEnd = job.OutOfBandAtEnd,
            Provisionals = job.Provisionals,
            Withdrawals = job.Withdrawals,
            HalfWidthS = detector.MeasuredHalfWidthS,
            AbsorbedJ = detector.AbsorbedJ,
            Reason = job.LastReason,
            EnergyRatio = detector.EnergyRatio,
        };
    }

    /// <summary>A wafer lands <paramref name="placeAfterS"/> after arming, then <paramref name="draughtAfterS"/> after
    /// the landing a draught (<paramref name="convectionFactor"/>) blows for <paramref name="durationS"/>; watched
    /// for <paramref name="watchS"/> after the landing. The wafer-down must stand.</summary>
    public DropOutcome RunDropThenDraught(int seed, ExpectedWafer expected, double toPlateWPerK, double waferC, double placeAfterS,
        double draughtAfterS, double convectionFactor, double durationS, double watchS)
    {
        var (rig, loop, detector) = Start(seed, expected, p =>
        {
            p.Wafer.HeatCapacityJPerK = expected.HeatCapacityJPerK;
            p.Wafer.ToPlateWPerK = toPlateWPerK;
            p.LidOpenConvectionFactor = convectionFactor;
        });
        var peer = new ThresholdPeer(SetpointC - ThresholdPeerC);
        var job = new JobMimic(loop.Controller, detector, expected) { Probe = Probe, SetpointC = SetpointC, BandC = BandC };
        double armedAt = loop.NowS;
        Watch(loop, job, peer, armedAt + placeAfterS);
        bool early = job.Provisionals > 0;
        double placedAt = loop.NowS;
        rig.Plant.PlaceWafer(waferC);
        job.Clear();
        Watch(loop, job, peer, placedAt + draughtAfterS);
        rig.Plant.LidOpen = true;
        Watch(loop, job, peer, placedAt + draughtAfterS + durationS);
        rig.Plant.LidOpen = false;
        Watch(loop, job, peer, placedAt + watchS);
        bool detected = !early && job.Provisionals > 0 && job.Standing;
        return new DropOutcome(early, detected, detected ? job.DownAtMs / 1000.0 - placedAt : double.NaN,
            detected ? job.LandingMs / 1000.0 - placedAt : double.NaN, double.NaN, false)
        {
            ConfirmDelayS = detected && job.ConfirmedAtMs >= 0 ? job.ConfirmedAtMs / 1000.0 - placedAt : double.NaN,
            Withdrawals = job.Withdrawals,
            AbsorbedJ = detector.AbsorbedJ,
            EnergyRatio = detector.EnergyRatio,
            Reason = job.LastReason,
        };
    }

    /// <summary>No wafer and no disturbance: a wafer-down of the <paramref name="expected"/> wafer is marked on the
    /// plate anyway (its time on plate and drop feed-forward start, as a provisional signature starts them), and
    /// withdrawn <paramref name="withdrawAfterS"/> later as the bake job withdraws one (the feed-forward's account
    /// closed, the wafer lifted off the plate's model); watched for <paramref name="watchS"/> after the wafer-down.
    /// The plate's excursion is the feed-forward's alone; the outcome also gives the heat paid by the withdrawal.</summary>
    public WithdrawnDropOutcome RunWithdrawnWaferDown(int seed, ExpectedWafer expected, double withdrawAfterS, double watchS)
    {
        var (_, loop, _) = Start(seed, null, _ => { });
        var controller = loop.Controller;
        double t0 = loop.NowS;
        controller.Program.MarkWaferDown(0);
        controller.NotifyWaferDown(expected.HeatCapacityJPerK, expected.WaferC);
        double maxAbove = double.NegativeInfinity, minBelow = double.PositiveInfinity, lastOut = double.NaN;
        bool withdrawn = false;
        double paidJ = double.NaN;
        long tickMs = controller.Config.TickPeriodMs;
        while (loop.NowS < t0 + watchS - 1e-9)
        {
            if (!withdrawn && loop.NowS >= t0 + withdrawAfterS - 1e-9)
            {
                withdrawn = true;
                paidJ = controller.Drop.BookedJ - controller.Drop.RemainingJ;
                controller.NotifyWaferUp();
                controller.Program.RearmForNextWafer();
                lastOut = loop.NowS;
            }
            loop.Run(tickMs / 1000.0);
            double dev = controller.WaferFrameC - SetpointC;
            if (withdrawn)
            {
                maxAbove = Math.Max(maxAbove, dev);
                minBelow = Math.Min(minBelow, dev);
                if (Math.Abs(dev) > BandC) lastOut = loop.NowS;
            }
        }
        return new WithdrawnDropOutcome(maxAbove, minBelow, lastOut - (t0 + withdrawAfterS), Math.Abs(controller.WaferFrameC - SetpointC) > BandC)
        {
            PaidJ = paidJ,
            PlateHeatCapacityJPerK = controller.PlateHeatCapacityJPerK,
        };
    }

    private (HotplateRig, ThermalLoop, WaferDownDetector) Start(int seed, ExpectedWafer? expected, Action<HotplateParameters> adjust)
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
        if (expected is not null)
            detector.Configure(expected.HeatCapacityJPerK, expected.WaferC, SetpointC, expected.TauS, controller.PlateHeatCapacityJPerK,
                controller.Config.ElementLagS, controller.Config.ReadingLagS);
        // The bake job feeds its detector from the job's start (the plate stabilises for StableS first): the
        // steady loss is warm by the time a wafer is expected.
        loop.RunUntil(SettleS - 30, () => false);
        WatchTicks(loop, new JobMimic(controller, detector, null), null, SettleS + 10);
        detector.Arm();
        return (rig, loop, detector);
    }

    private static void Watch(ThermalLoop loop, JobMimic job, ThresholdPeer? peer, double untilS) => WatchTicks(loop, job, peer, untilS);

    // Feeds the detector (and the peer) each control-tick reading, as the bake job does.
    private static void WatchTicks(ThermalLoop loop, JobMimic job, ThresholdPeer? peer, double untilS)
    {
        long tickMs = loop.Controller.Config.TickPeriodMs;
        while (loop.NowS < untilS - 1e-9)
        {
            loop.Run(tickMs / 1000.0);
            long now = loop.Rig.Clock.UptimeMs;
            // What the station's bake job feeds its detector: the reading in the wafer's frame and the heater's power.
            double c = loop.Controller.WaferFrameC;
            job.Sample(now, c);
            peer?.Sample(now / 1000.0, c);
        }
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

    // What BakeJob does with the detector's signals on the controller: a provisional (or confirmed) wafer-down
    // starts the wafer timer and the drop feed-forward at once; a withdrawal rolls both back.
    private sealed class JobMimic(HotplateController controller, WaferDownDetector detector, ExpectedWafer? expected)
    {
        public int Provisionals { get; private set; }
        public int Withdrawals { get; private set; }
        /// <summary>The last wafer-down stands (not withdrawn).</summary>
        public bool Standing { get; private set; }
        public long DownAtMs { get; private set; } = -1;
        public long LandingMs { get; private set; } = -1;
        public long ConfirmedAtMs { get; private set; } = -1;
        /// <summary>Why the last withdrawal (WaferDownDetector.Withdraw*).</summary>
        public int LastReason { get; private set; }

        public Action<long, WaferDownDetector>? Probe { get; set; }
        public double SetpointC { get; set; }
        public double BandC { get; set; }
        /// <summary>After the first withdrawal: the highest reading above the setpoint, °C; the last sample outside the band.</summary>
        public double MaxAboveC { get; private set; } = double.NaN;
        public long FirstWithdrawnMs { get; private set; } = -1;
        public long LastOutOfBandMs { get; private set; } = -1;
        public bool OutOfBandAtEnd { get; private set; }

        public void Clear()
        {
            Provisionals = 0;
            Withdrawals = 0;
            Standing = false;
        }

        public void Sample(long now, double c)
        {
            var signal = detector.Sample(now, c, controller.HeaterW);
            Probe?.Invoke(now, detector);
            if (FirstWithdrawnMs >= 0)
            {
                MaxAboveC = double.IsNaN(MaxAboveC) ? c - SetpointC : Math.Max(MaxAboveC, c - SetpointC);
                OutOfBandAtEnd = Math.Abs(c - SetpointC) > BandC;
                if (OutOfBandAtEnd) LastOutOfBandMs = now;
            }
            if (detector.Armed && (signal == WaferDownSignal.Provisional || signal == WaferDownSignal.Confirmed))
            {
                Provisionals++;
                Standing = true;
                DownAtMs = now;
                LandingMs = detector.EstimatedLandingMs;
                ConfirmedAtMs = signal == WaferDownSignal.Confirmed ? now : -1;
                detector.Disarm();
                controller.Program.MarkWaferDown(Math.Max(0, (now - LandingMs) / 1000.0));
                if (expected is not null) controller.NotifyWaferDown(expected.HeatCapacityJPerK, expected.WaferC);
            }
            else if (signal == WaferDownSignal.Confirmed)
            {
                ConfirmedAtMs = now;
            }
            else if (signal == WaferDownSignal.Withdrawn)
            {
                Withdrawals++;
                LastReason = detector.LastWithdrawReason;
                Standing = false;
                if (FirstWithdrawnMs < 0)
                {
                    FirstWithdrawnMs = now;
                    LastOutOfBandMs = now;
                }
                controller.NotifyWaferUp();
                controller.Program.RearmForNextWafer();
                detector.Arm();
            }
        }
    }

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
public sealed record DropOutcome(bool FiredBeforeWafer, bool Detected, double DelayS, double LandingErrorS, double PeerDelayS, bool PeerFiredBeforeWafer)
{
    /// <summary>Landing to the energy balance's confirmation, s (NaN if not confirmed).</summary>
    public double ConfirmDelayS { get; init; } = double.NaN;
    /// <summary>Provisional wafer-downs withdrawn after the landing.</summary>
    public int Withdrawals { get; init; }
    /// <summary>Extra energy the balance saw the plate lose for the last provisional detection, J.</summary>
    public double AbsorbedJ { get; init; } = double.NaN;
    /// <summary>Rise through half its peak to the fall below, of the last event's extra loss, s.</summary>
    public double HalfWidthS { get; init; } = double.NaN;
    /// <summary>Absorbed energy over what the expected wafer would have given by then, at the last verdict.</summary>
    public double EnergyRatio { get; init; } = double.NaN;
    /// <summary>Why the last withdrawal (WaferDownDetector.Withdraw*; 0 when none).</summary>
    public int Reason { get; init; }
}

/// <param name="MaxAboveC">Highest reading above the setpoint from the withdrawal on, °C.</param>
/// <param name="MaxBelowC">Lowest reading, as a deviation from the setpoint, from the withdrawal on, °C.</param>
/// <param name="BackInBandS">Withdrawal to the last reading outside the band, s.</param>
/// <param name="OutOfBandAtEnd">Outside the band at the end of the watch.</param>
public sealed record WithdrawnDropOutcome(double MaxAboveC, double MaxBelowC, double BackInBandS, bool OutOfBandAtEnd)
{
    /// <summary>Drop feed-forward the heater had delivered when the wafer-down was withdrawn, J.</summary>
    public double PaidJ { get; init; } = double.NaN;
    /// <summary>The plate's heat capacity from the controller's learned model, J/K.</summary>
    public double PlateHeatCapacityJPerK { get; init; } = double.NaN;
}

/// <param name="FalseTrigger">A wafer-down stands at the end with no wafer (confirmed, or never withdrawn).</param>
/// <param name="PeerFalseTrigger">The threshold peer fired.</param>
public sealed record DisturbanceOutcome(bool FalseTrigger, bool PeerFalseTrigger)
{
    /// <summary>Provisional wafer-downs (each one started the wafer timer until withdrawn).</summary>
    public int Provisionals { get; init; }
    public int Withdrawals { get; init; }
    public double HalfWidthS { get; init; } = double.NaN;
    public double AbsorbedJ { get; init; } = double.NaN;
    public double EnergyRatio { get; init; } = double.NaN;
    /// <summary>The detector's last withdrawal reason (WaferDownDetector.Withdraw*).</summary>
    public int Reason { get; init; }
    /// <summary>From the first withdrawal on: the highest reading above the setpoint, °C (NaN: no withdrawal).</summary>
    public double MaxAboveAfterWithdrawalC { get; init; } = double.NaN;
    /// <summary>From the first withdrawal to the last reading outside the band, s (0: in band from the withdrawal on).</summary>
    public double BackInBandAfterWithdrawalS { get; init; } = double.NaN;
    /// <summary>The reading was outside the band at the end of the watch.</summary>
    public bool OutOfBandAtEnd { get; init; }
}

/// <summary>The wafer the bake profile names, as the bake job tells the detector: heat capacity, time constant on
/// the gap, and the temperature it is assumed placed at.</summary>
public sealed record ExpectedWafer(double HeatCapacityJPerK, double TauS, double WaferC = 22)
{
    /// <summary>Silicon at SEMI thickness (2329 kg/m³, 705 J/(kg·K)), as the gateway's WaferSizes computes it.</summary>
    public static double SiliconHeatCapacity(double diameterMm, double thicknessMm) =>
        2329 * Math.PI * diameterMm * diameterMm / 4 / 1e6 * thicknessMm / 1000 * 705;
}
