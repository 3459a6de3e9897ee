using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Simulation.Thermal;

/// <summary>What one injected fault did: which alarm latched and how long the heater stayed on after the fault.</summary>
/// <param name="Accepted">Alarms that correctly describe this fault (a lost heater looks like both runaway kinds).</param>
/// <param name="PlatePeakC">Hottest the plate itself got after the injection (a detached RTD lets it overheat).</param>
public sealed record FaultTiming(string Name, ThermalFault[] Accepted, ThermalFault Fault, double FaultToHeaterOffS, double LimitS, bool HeaterStayedOff, double PlatePeakC)
{
    public bool Passed => Array.IndexOf(Accepted, Fault) >= 0 && HeaterStayedOff && FaultToHeaterOffS <= LimitS;
}

/// <summary>
/// Every safety fault of issue 4 injected into the simulated hotplate holding 110 °C (over-temperature:
/// a manual 100 % duty run into a 130 °C cut-off). Measures fault to heater off: from the
/// injection (for over-temperature, from the moment the converter's value reaches the cut-off) to
/// the heater being forced off with the alarm latched.
/// </summary>
public static class FaultScenarios
{
    private const double HoldC = 110;

    /// <summary>Runs every scenario with gains from one relay autotune on the same plate.</summary>
    public static IReadOnlyList<FaultTiming> RunAll(HotplateParameters parameters, int seed)
    {
        var tuning = StepHoldScenario.RunAutotune(parameters, seed, HoldC);
        var limits = new ThermalSafetyLimits();
        double tickS = 0.1;
        double readS = tickS * limits.SensorFaultReads + tickS / 2;
        // Runaway: the duty needs a few seconds to saturate (or the plate to fall past the margin) before the window runs.
        double runawayS = Math.Max(limits.RunawayWindowS, limits.FallAwayWindowS) + 90;
        ThermalFault[] runaway = [ThermalFault.RunawayNoRise, ThermalFault.RunawayFallingAway];
        return
        [
            AtHold(parameters, seed, tuning, "RTD open", [ThermalFault.SensorOpen], readS, l => l.Rig.Sensor.InjectFault(RtdFault.Open)),
            AtHold(parameters, seed, tuning, "RTD short", [ThermalFault.SensorShort], readS, l => l.Rig.Sensor.InjectFault(RtdFault.Short)),
            AtHold(parameters, seed, tuning, "converter not answering", [ThermalFault.SensorNoResponse], readS, l => l.Rig.Sensor.InjectFault(RtdFault.NoResponse)),
            AtHold(parameters, seed, tuning, "reading jumps +8 °C", [ThermalFault.SensorImplausibleJump], tickS + tickS / 2, l => l.Rig.Sensor.InjectFault(RtdFault.Jump, 8)),
            AtHold(parameters, seed, tuning, "reading stuck", [ThermalFault.SensorStuck], limits.StuckS + tickS + tickS / 2, l => l.Rig.Sensor.InjectFault(RtdFault.Stuck)),
            AtHold(parameters, seed, tuning, "heater element open", runaway, runawayS, l => l.Rig.Plant.HeaterFailed = true),
            AtHold(parameters, seed, tuning, "RTD fell out of its well", runaway, limits.RunawayWindowS + 10, l => l.Rig.Plant.SensorDetached = true),
            AtHold(parameters, seed, tuning, "control loop hung (heater on)", [ThermalFault.HeaterWatchdog], limits.WatchdogTimeoutMs / 1000.0 + 0.05, l => l.ControlLoopStalled = true),
            OverTemperature(parameters, seed),
        ];
    }

    /// <summary>Brings the plate to a steady 110 °C hold, injects the fault while the heater is on, times the trip.</summary>
    public static FaultTiming AtHold(HotplateParameters parameters, int seed, AutotuneResult tuning, string name, ThermalFault[] accepted, double limitS, Action<ThermalLoop> inject)
    {
        var rig = new HotplateRig(parameters, seed, 25);
        var controller = new HotplateController(rig.Sensor, rig.Heater, new HotplateConfig());
        controller.ApplyTuning(tuning, TuningRule.SimcPid);
        var loop = new ThermalLoop(rig, controller) { RecordEveryTicks = 10 };
        loop.Run(0.1);
        controller.SetProgram([BakeSegment.Hold(HoldC, 3600, 0.5)]);
        controller.StartProgram();
        loop.Run(600);
        // Inject at the start of an SSR window with the heater conducting, the worst case for "heater on".
        loop.RunUntil(loop.NowS + 5, () => rig.Heater.IsOn && controller.Duty > 0);
        if (controller.Fault != ThermalFault.None) return new FaultTiming(name, accepted, controller.Fault, double.NaN, limitS, false, double.NaN);
        double injectedAt = loop.NowS;
        inject(loop);
        return TimeTrip(loop, name, accepted, limitS, injectedAt);
    }

    public static FaultTiming OverTemperature(HotplateParameters parameters, int seed)
    {
        var rig = new HotplateRig(parameters, seed, 100);
        var config = new HotplateConfig { MaxSetpointC = 120, Safety = new ThermalSafetyLimits { MaxTemperatureC = 130 } };
        var controller = new HotplateController(rig.Sensor, rig.Heater, config);
        var loop = new ThermalLoop(rig, controller) { RecordEveryTicks = 10 };
        loop.Run(0.1);
        controller.SetManual(1.0); // a runaway command: only the cut-off stops it
        loop.RunUntil(600, () => rig.Plant.DelayedSensorC >= 130);
        return TimeTrip(loop, "over-temperature (manual 100 %)", [ThermalFault.OverTemperature], 0.15, loop.NowS);
    }

    private static FaultTiming TimeTrip(ThermalLoop loop, string name, ThermalFault[] accepted, double limitS, double injectedAt)
    {
        var controller = loop.Controller;
        var heater = loop.Rig.Heater;
        double peak = loop.Rig.Plant.PlateC;
        loop.RunUntil(injectedAt + limitS * 3 + 5, () =>
        {
            peak = Math.Max(peak, loop.Rig.Plant.PlateC);
            return controller.Safety.IsTripped && !heater.IsOn && heater.AppliedDuty == 0;
        });
        if (!controller.Safety.IsTripped) return new FaultTiming(name, accepted, ThermalFault.None, double.NaN, limitS, false, peak);
        double offAfter = loop.NowS - injectedAt;
        // Stays off: run on and watch the SSR (the plate may still coast up on the element's stored heat).
        bool stayedOff = !loop.RunUntil(loop.NowS + 30, () =>
        {
            peak = Math.Max(peak, loop.Rig.Plant.PlateC);
            return heater.IsOn || heater.AppliedDuty > 0;
        });
        return new FaultTiming(name, accepted, controller.Fault, offAfter, limitS, stayedOff, peak);
    }
}
