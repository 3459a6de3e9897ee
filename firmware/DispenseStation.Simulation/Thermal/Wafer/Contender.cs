using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Thermal.Peers;

namespace DispenseStation.Simulation.Thermal.Wafer;

/// <summary>The controllers the wafer bench compares; each is tuned by its own autotune.</summary>
public enum ContenderKind { Project, ZieglerNichols, Klipper, Esphome }

/// <summary>
/// One controller on one simulated plate, driven through the same scenarios: a wafer setpoint (held
/// on the plate at setpoint + surface offset, from calibrated readings, for every contender alike),
/// wafer-down and wafer-up. Each physics step runs the controller when its sample time comes.
/// </summary>
public abstract class Contender
{
    protected Contender(HotplateRig rig, StationCalibration calibration)
    {
        Rig = rig;
        Calibration = calibration;
    }

    public HotplateRig Rig { get; }
    public StationCalibration Calibration { get; }
    public abstract string Name { get; }
    /// <summary>What its autotune found, as its users would read it.</summary>
    public string Tuning { get; protected set; } = "";
    public double NowS => Rig.Clock.Seconds;
    /// <summary>The controller's latched fault, if it has a safety supervisor (the project and ZN do).</summary>
    public virtual ThermalFault Fault => ThermalFault.None;
    public virtual bool RetuneAdvised => false;
    /// <summary>The wafer setpoint in force (NaN before Start).</summary>
    public abstract double SetpointC { get; }

    /// <summary>Plate temperature aimed at for a wafer setpoint.</summary>
    public double PlateTargetFor(double waferSetpointC) => waferSetpointC + Calibration.OffsetFor(waferSetpointC);

    /// <summary>Begins regulating the wafer to <paramref name="first"/>; after <paramref name="changeAfterS"/> s to <paramref name="second"/> (NaN: never).</summary>
    public abstract void Start(double first, double changeAfterS, double second);
    public abstract void WaferDown(double heatCapacityJPerK, double waferC);
    public virtual void WaferUp() { }
    public abstract void Step();

    public void RunUntil(double endS)
    {
        long endMs = (long)Math.Round(endS * 1000);
        while (Rig.Clock.UptimeMs < endMs) Step();
    }
}

/// <summary>The project's HotplateController (or the same firmware with the plain ZN configuration).</summary>
public sealed class FirmwareContender : Contender
{
    private readonly HotplateController _controller;
    private readonly bool _notifiesDrop;
    private readonly long _tickMs;
    private readonly string _name;

    public FirmwareContender(string name, HotplateRig rig, StationCalibration calibration, HotplateConfig config, AutotuneResult tune, TuningRule rule, bool notifiesDrop)
        : base(rig, calibration)
    {
        _name = name;
        _controller = new HotplateController(rig.Sensor, rig.Heater, config);
        var gains = _controller.ApplyTuning(tune, rule);
        calibration.ApplyTo(_controller);
        _notifiesDrop = notifiesDrop;
        _tickMs = config.TickPeriodMs;
        Tuning = FormattableString.Invariant($"Kp={gains.Kp:F4}/°C Ti={gains.Ti:F1} s Td={gains.Td:F2} s ({rule})");
    }

    public HotplateController Controller => _controller;
    public override string Name => _name;
    public override ThermalFault Fault => _controller.Fault;
    public override bool RetuneAdvised => _controller.Mismatch.RetuneAdvised;
    public override double SetpointC => _controller.SetpointC;

    public override void Start(double first, double changeAfterS, double second)
    {
        _controller.Tick(Rig.Clock.UptimeMs);
        Rig.Step();
        var program = double.IsNaN(second)
            ? new[] { BakeSegment.Hold(first, 24 * 3600, 0.5) }
            : new[] { BakeSegment.Hold(first, changeAfterS, 0.5), BakeSegment.Hold(second, 24 * 3600, 0.5) };
        _controller.SetProgram(program);
        _controller.StartProgram();
    }

    public override void WaferDown(double heatCapacityJPerK, double waferC)
    {
        Rig.Plant.PlaceWafer(waferC, heatCapacityJPerK, Rig.Plant.Parameters.Wafer.ToPlateWPerK);
        if (_notifiesDrop) _controller.NotifyWaferDown(heatCapacityJPerK, waferC);
    }

    public override void WaferUp()
    {
        Rig.Plant.RemoveWafer();
        if (_notifiesDrop) _controller.NotifyWaferUp();
    }

    public override void Step()
    {
        long now = Rig.Clock.UptimeMs;
        if (now % _tickMs == 0) _controller.Tick(now);
        _controller.Safety.CheckWatchdog(now);
        Rig.Step();
    }
}

/// <summary>A peer controller; it sees the calibrated reading and the plate target, as the station would give it.</summary>
public sealed class PeerContender : Contender
{
    private readonly IPeerController _peer;
    private readonly long _sampleMs;
    private double _target = double.NaN, _second = double.NaN, _changeAtS = double.PositiveInfinity;

    public PeerContender(HotplateRig rig, StationCalibration calibration, IPeerController peer, string tuning) : base(rig, calibration)
    {
        _peer = peer;
        _sampleMs = (long)Math.Round(peer.SamplePeriodS * 1000);
        Tuning = tuning;
    }

    public override string Name => _peer.Name;
    public override double SetpointC => _target;

    public override void Start(double first, double changeAfterS, double second)
    {
        _target = first;
        _second = second;
        _changeAtS = double.IsNaN(second) ? double.PositiveInfinity : NowS + changeAfterS;
    }

    public override void WaferDown(double heatCapacityJPerK, double waferC) =>
        Rig.Plant.PlaceWafer(waferC, heatCapacityJPerK, Rig.Plant.Parameters.Wafer.ToPlateWPerK);

    public override void WaferUp() => Rig.Plant.RemoveWafer();

    public override void Step()
    {
        long now = Rig.Clock.UptimeMs;
        if (NowS >= _changeAtS) { _target = _second; _changeAtS = double.PositiveInfinity; }
        if (now % _sampleMs == 0 && !double.IsNaN(_target) && Rig.Sensor.TryRead(out double c, out _))
            Rig.Heater.SetDuty(_peer.Update(NowS, Calibration.Correct(c), PlateTargetFor(_target)));
        Rig.Step();
    }
}
