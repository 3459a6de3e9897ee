using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// Runs the firmware's hotplate controller against the simulated rig in simulated time: physics
/// every step, the control tick every TickPeriodMs, the safety watchdog check every step (as the
/// ESP32's independent timer would). Records a trace sample per control tick.
/// </summary>
public sealed class ThermalLoop
{
    private readonly long _tickMs;

    public ThermalLoop(HotplateRig rig, HotplateController controller)
    {
        Rig = rig;
        Controller = controller;
        _tickMs = controller.Config.TickPeriodMs;
        if (_tickMs % rig.StepMs != 0) throw new ArgumentException("the control period must be a whole number of physics steps");
    }

    public HotplateRig Rig { get; }
    public HotplateController Controller { get; }
    public ThermalTrace Trace { get; } = new();
    /// <summary>Simulates a hung control loop: ticks stop, only the watchdog timer keeps running.</summary>
    public bool ControlLoopStalled { get; set; }
    /// <summary>Record a trace sample every this many ticks (1 = every tick).</summary>
    public int RecordEveryTicks { get; set; } = 1;
    private long _ticks;

    public double NowS => Rig.Clock.Seconds;

    /// <summary>Runs for <paramref name="seconds"/> of simulated time.</summary>
    public void Run(double seconds) => RunUntil(NowS + seconds, () => false);

    /// <summary>Runs until <paramref name="endS"/> or until <paramref name="stop"/> is true after a step. True if stopped early.</summary>
    public bool RunUntil(double endS, Func<bool> stop)
    {
        long endMs = (long)Math.Round(endS * 1000);
        while (Rig.Clock.UptimeMs < endMs)
        {
            long now = Rig.Clock.UptimeMs;
            if (!ControlLoopStalled && now % _tickMs == 0)
            {
                Controller.Tick(now);
                if (_ticks++ % RecordEveryTicks == 0)
                    Trace.Add(now / 1000.0, Controller.TemperatureC, Rig.Plant.PlateC, Controller.SetpointC, Controller.Duty);
            }
            Controller.Safety.CheckWatchdog(now);
            Rig.Step();
            if (stop()) return true;
        }
        return false;
    }
}
