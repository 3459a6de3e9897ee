using System.Globalization;
using System.Text;

namespace DispenseStation.Bench.Thermal;

/// <summary>Writes bench/results/thermal.md and thermal-summary.md from the reports: no figure in them is typed by hand.</summary>
public static class ResultsDocument
{
    public static string Thermal(WaferReport wafer, ThermalReport single, int singleSeed)
    {
        var s = new StringBuilder();
        s.AppendLine("# Hotplate control quality (simulation)");
        s.AppendLine();
        s.AppendLine("Written by `dotnet run -c Release --project bench/DispenseStation.Bench.Thermal` (plots in `artifacts/bench/`:");
        s.AppendLine("`thermal-drop.png`, `thermal-25-wafers.png`, `thermal.png`, `thermal-two-step.png`). The plate is the one in");
        s.AppendLine("`hardware/BOM.md` item 8 and `hardware/plant/hotplate.json`: Ø 220 x 15 mm 6061 aluminium, 1200 W distributed-wattage");
        s.AppendLine("heater, PT100 class A on a MAX31865 with a 0.1 % reference, zero-cross SSR in a 1 s window. Each seed draws its own RTD");
        s.AppendLine("errors and noise; every contender on a seed sees the same plate. The station's two-point RTD calibration and surface-offset");
        s.AppendLine("table (commissioned per seed, `StationCalibration`) are given to every contender alike: all of them read the calibrated");
        s.AppendLine("RTD and hold the plate at the wafer setpoint plus the surface offset.");
        s.AppendLine();
        s.AppendLine("Contenders, each tuned by its own autotune on the same plate and seed:");
        s.AppendLine("- **project**: `HotplateController` (2-DOF PID on the observer's estimate, learned feed-forward, setpoint shaping, drop feed-forward");
        s.AppendLine("  from wafer-down with an energy account), gains by the SIMC rule from the relay autotune;");
        s.AppendLine("- **Ziegler-Nichols PID**: the same firmware with a plain PID (P and D on the error, clamping, no feed-forward, raw reading), ZN gains from the same relay autotune;");
        s.AppendLine("- **Klipper PID**: `Peers/KlipperPid` (derivative over smooth_time 1 s, integral clamp, 0.3 s reads) tuned by `KlipperPidCalibrate` (PID_CALIBRATE);");
        s.AppendLine("- **ESPHome PID**: `Peers/EsphomePid` (PID climate updated every 1 s, integral clamped to ±1) tuned by `EsphomeAutotune` (its relay autotuner, ZN PID rule).");
        s.AppendLine();
        s.AppendLine("Only the project is told about wafer-down (the peers have no such input).");
        s.AppendLine();
        s.AppendLine("## Wafer bench");
        s.AppendLine();
        s.Append(wafer.Table());
        s.AppendLine();
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"## Step, hold, two-step and injected faults (seed {singleSeed}, project vs Ziegler-Nichols)"));
        s.AppendLine();
        s.Append(single.Table);
        return s.ToString();
    }
}
