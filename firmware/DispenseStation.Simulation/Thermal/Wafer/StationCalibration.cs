using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Simulation.Thermal.Wafer;

/// <summary>
/// Commissioning a simulated plate as CALIBRATION.md describes: a two-point RTD calibration against a
/// reference probe in the plate (reference uncertainty drawn within ±0.03 °C), and surface offsets
/// from a thermocouple wafer at steady state (wafer thermocouple uncertainty within ±0.05 °C). The
/// steady states are computed from the plant's own heat balance rather than simulated for an hour.
/// </summary>
public sealed class StationCalibration
{
    public double Reading1C { get; init; }
    public double Reference1C { get; init; }
    public double Reading2C { get; init; }
    public double Reference2C { get; init; }
    public double[] OffsetSetpointsC { get; init; } = [];
    public double[] OffsetsC { get; init; } = [];

    public static StationCalibration Commission(HotplateRig rig, int seed)
    {
        var random = new SimRandom(seed ^ 0x5ca1ab1e);
        var p = rig.Plant.Parameters;
        double Ref(double t) => t + (2 * random.NextDouble() - 1) * 0.03;
        double t1 = 40, t2 = 150;
        double[] setpoints = [90, 100, 110, 120, 130];
        var offsets = new double[setpoints.Length];
        for (int i = 0; i < setpoints.Length; i++)
        {
            // Wafer at steady state on a plate at T: G (T - Tw) = L (Tw - Ta).
            double plate = setpoints[i];
            double g = p.Wafer.ToPlateWPerK, l = p.Wafer.LossWPerK;
            double wafer = (g * plate + l * p.AmbientC) / (g + l);
            offsets[i] = plate - (wafer + (2 * random.NextDouble() - 1) * 0.05);
        }
        return new StationCalibration
        {
            Reading1C = rig.Sensor.IdealReadingC(t1), Reference1C = Ref(t1),
            Reading2C = rig.Sensor.IdealReadingC(t2), Reference2C = Ref(t2),
            OffsetSetpointsC = setpoints, OffsetsC = offsets,
        };
    }

    public void ApplyTo(HotplateController controller)
    {
        controller.Calibration.Set(Reading1C, Reference1C, Reading2C, Reference2C);
        controller.SurfaceOffsets.Set(OffsetSetpointsC, OffsetsC, OffsetsC.Length);
    }

    /// <summary>The same correction the station's RTD calibration applies, for controllers outside the firmware.</summary>
    public double Correct(double readingC) => Reference1C + (readingC - Reading1C) * (Reference2C - Reference1C) / (Reading2C - Reading1C);

    public double OffsetFor(double setpointC)
    {
        var table = new SurfaceOffsetTable();
        table.Set(OffsetSetpointsC, OffsetsC, OffsetsC.Length);
        return table.OffsetFor(setpointC);
    }
}
