using DispenseStation.Firmware.Drivers.Logic;

namespace DispenseStation.VirtualStation.Simulation;

/// <summary>
/// The external watchdog supervisor IC of the board (hardware/SAFETY.md) around a simulated station:
/// the control tick toggles WDI after every completed tick, as the ESP32's loop does through
/// SupervisorFeed; when the tick stalls, the plant keeps running and the IC's time-out cuts SSR and
/// pump power in hardware whatever the firmware last commanded.
/// </summary>
public sealed class HardwareSupervisor
{
    private readonly SimulatedStation _station;
    private bool _wdi;

    /// <param name="timeoutMs">The IC's time-out (TPS3823: 1.6 s typical).</param>
    public HardwareSupervisor(SimulatedStation station, long timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(station);
        _station = station;
        Ic = new WatchdogSupervisor(timeoutMs);
    }

    public WatchdogSupervisor Ic { get; }

    /// <summary>One healthy tick: the station ticks, then WDI changes level.</summary>
    public void Step()
    {
        if (!Ic.OutputsEnabled)
        {
            StepStalled();
            return;
        }
        _station.Step();
        _wdi = !_wdi;
        Ic.Drive(_wdi, _station.Clock.UptimeMs);
        Enforce();
    }

    /// <summary>One tick period in which the control tick hangs: physics only, no WDI edge.</summary>
    public void StepStalled()
    {
        _station.DosingRig.Step(SimulatedStation.TickMs);
        _station.HotplateRig.Advance(SimulatedStation.TickMs);
        Enforce();
    }

    private void Enforce()
    {
        if (Ic.Check(_station.Clock.UptimeMs)) return;
        // RESET asserted: the output enables drop, so the SSR and the pump drivers lose drive.
        _station.HotplateRig.Heater.ForceOff();
        foreach (var pump in _station.DosingRig.Pumps) pump.SetSpeed(0);
    }
}
