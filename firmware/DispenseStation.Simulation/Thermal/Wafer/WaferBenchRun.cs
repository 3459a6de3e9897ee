using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Simulation.Thermal.Wafer;

/// <summary>
/// The figures of issue 16 for one contender on one seed, all from the simulation's true plate and
/// true wafer temperatures (plate figures against the plate target = wafer setpoint + surface offset).
/// </summary>
public sealed record WaferBenchFigures(
    string Contender,
    int Seed,
    string Tuning,
    double StepOvershootC,
    double HoldPeakToPeakC,
    double DropDipC,
    double DropWaferSettleS,
    double DropPlateOvershootC,
    double DropWaferOvershootC,
    double WorstWaferSettleS,
    double DoseSpreadPercent,
    double SegmentOvershootC,
    double DisturbanceMaxDeviationC,
    ThermalFault Fault,
    bool RetuneAdvised);

/// <summary>
/// Runs the wafer scenarios on one contender: step 25 -> 110 °C and a 600 s hold, one cold 200 mm wafer
/// (60 s bake), then 25 wafers at a 90 s cycle (60 s on the plate), then exhaust draught, mains sag to
/// 90 % and 30 s of open lid; and separately a segment change 100 -> 110 °C. Traces are kept for plots.
/// </summary>
public sealed class WaferBenchRun
{
    public const double SetpointC = 110;
    public const double WaferHeatCapacityJPerK = 37;
    public const double WaferC = 22;
    public const double HoldStartS = 900, DropAtS = 1500, BakeS = 60, CycleS = 90;
    public const int Wafers = 25;
    public const double Band = 0.1;

    public List<(double T, double Plate, double Wafer, double Measured, double Duty)> DropTrace { get; } = new();
    public List<(double T, double Plate, double Wafer)> CycleTrace { get; } = new();

    public WaferBenchFigures Run(ContenderKind kind, HotplateParameters parameters, int seed)
    {
        var c = ContenderFactory.Create(kind, parameters, seed, SetpointC, 25);
        double target = c.PlateTargetFor(SetpointC);
        var plant = c.Rig.Plant;
        c.Start(SetpointC, double.NaN, double.NaN);

        double stepOvershoot = 0, holdMin = double.MaxValue, holdMax = double.MinValue, preSum = 0;
        int preN = 0;
        long stepMs = c.Rig.StepMs;
        while (c.NowS < DropAtS)
        {
            c.Step();
            double plate = plant.PlateC;
            stepOvershoot = Math.Max(stepOvershoot, plate - target);
            if (c.NowS >= HoldStartS) { holdMin = Math.Min(holdMin, plate); holdMax = Math.Max(holdMax, plate); }
            if (c.NowS >= DropAtS - 100) { preSum += plate; preN++; }
        }
        double preMean = preSum / preN;

        // The single drop, recorded.
        var first = Bake(c, target, recordDrop: true);
        // 25 wafers at the cycle time.
        var doses = new double[Wafers];
        double worstSettle = first.SettleS;
        for (int i = 0; i < Wafers; i++)
        {
            c.RunUntil(DropAtS + (i + 1) * CycleS);
            var w = Bake(c, target, recordDrop: false);
            doses[i] = w.Dose;
            worstSettle = double.IsNaN(w.SettleS) || double.IsNaN(worstSettle) ? double.NaN : Math.Max(worstSettle, w.SettleS);
        }
        double spread = (doses.Max() - doses.Min()) / doses.Average() * 100;

        // Judged before the disturbances: a draught or a sag is a changed plant while it lasts.
        bool retune = c.RetuneAdvised;
        // Disturbances at hold.
        double t0 = c.NowS + 300;
        c.RunUntil(t0);
        double disturbance = 0;
        void Watch(double until)
        {
            while (c.NowS < until) { c.Step(); disturbance = Math.Max(disturbance, Math.Abs(plant.PlateC - target)); }
        }
        plant.Draught = true; Watch(t0 + 150); plant.Draught = false; Watch(t0 + 300);
        plant.SupplyVoltageFactor = 0.9; Watch(t0 + 450); plant.SupplyVoltageFactor = 1; Watch(t0 + 600);
        plant.LidOpen = true; Watch(t0 + 630); plant.LidOpen = false; Watch(t0 + 900);
        var fault = c.Fault;

        double segment = RunSegment(kind, parameters, seed);
        return new WaferBenchFigures(c.Name, seed, c.Tuning, stepOvershoot, holdMax - holdMin, preMean - first.MinPlate, first.SettleS,
            first.PlateOvershoot, first.WaferOvershoot, worstSettle, spread, segment, disturbance, fault, retune);
    }

    private readonly record struct BakeResult(double MinPlate, double SettleS, double PlateOvershoot, double WaferOvershoot, double Dose);

    /// <summary>One wafer: down now, up after BakeS. Settle = last time the wafer was outside ±Band, from wafer-down (NaN if it ends outside).</summary>
    private BakeResult Bake(Contender c, double target, bool recordDrop)
    {
        var plant = c.Rig.Plant;
        double down = c.NowS;
        c.WaferDown(WaferHeatCapacityJPerK, WaferC);
        double minPlate = double.MaxValue, lastOutside = down, plateOver = double.MinValue, waferOver = double.MinValue, dose = 0;
        bool reachedMin = false;
        double dt = c.Rig.StepMs / 1000.0;
        int k = 0;
        while (c.NowS < down + BakeS)
        {
            c.Step();
            double plate = plant.PlateC, wafer = plant.WaferC;
            if (plate < minPlate) minPlate = plate; else reachedMin = true;
            if (reachedMin) plateOver = Math.Max(plateOver, plate - target);
            waferOver = Math.Max(waferOver, wafer - SetpointC);
            if (Math.Abs(wafer - SetpointC) > Band) lastOutside = c.NowS;
            dose += (wafer - plant.Parameters.AmbientC) * dt;
            if (k++ % 10 == 0)
            {
                if (recordDrop) DropTrace.Add((c.NowS - down, plate - target, wafer - SetpointC, double.NaN, double.NaN));
                CycleTrace.Add((c.NowS, plate, wafer));
            }
        }
        c.WaferUp();
        double settle = lastOutside >= down + BakeS - 0.02 ? double.NaN : lastOutside - down;
        return new BakeResult(minPlate, settle, Math.Max(0, plateOver), Math.Max(0, waferOver), dose);
    }

    private static double RunSegment(ContenderKind kind, HotplateParameters parameters, int seed)
    {
        var c = ContenderFactory.Create(kind, parameters, seed, SetpointC, 25);
        double target = c.PlateTargetFor(SetpointC);
        c.Start(100, 900, SetpointC);
        double changedAt = double.NaN, overshoot = 0;
        while (c.NowS < 3000)
        {
            c.Step();
            if (double.IsNaN(changedAt) && c.SetpointC == SetpointC) changedAt = c.NowS;
            if (!double.IsNaN(changedAt))
            {
                overshoot = Math.Max(overshoot, c.Rig.Plant.PlateC - target);
                if (c.NowS > changedAt + 400) break;
            }
        }
        return double.IsNaN(changedAt) ? double.NaN : overshoot;
    }
}
