namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// Control quality at a change between bake segments, from the plate's true temperature over a fixed
/// window after the change: overshoot above the new target, time outside the band after the plate
/// first entered it, and IAE against the programmed setpoint; plus what the program itself reported for the hold.
/// </summary>
/// <param name="OvershootC">Highest plate temperature above the new target after the change, °C.</param>
/// <param name="EnterBandS">From the change until the plate first entered the band, s.</param>
/// <param name="OutsideAfterEnteringS">Time the plate spent outside the band after first entering it, s.</param>
/// <param name="IaeCs">Integral of |plate - programmed setpoint| over the window (the target after a step; the ramp while ramping), °C·s.</param>
/// <param name="ReportedOutsideS">What the program reported as time outside the band during the post-exposure hold (RTD reading), s.</param>
/// <param name="HoldDoneS">From the change until the post-exposure hold completed, s (NaN if it did not).</param>
public sealed record TwoStepMetrics(
    double OvershootC,
    double EnterBandS,
    double OutsideAfterEnteringS,
    double IaeCs,
    double ReportedOutsideS,
    double HoldDoneS)
{
    public static TwoStepMetrics Compute(ThermalTrace trace, double targetC, double bandC, double fromS, double toS, double reportedOutsideS, double holdDoneS)
    {
        double overshoot = 0, iae = 0, outside = 0, enteredAt = double.NaN;
        for (int i = 1; i < trace.Count; i++)
        {
            double t = trace.TimeS[i];
            if (t <= fromS || t > toS) continue;
            double dt = t - trace.TimeS[i - 1], error = trace.PlateC[i] - targetC;
            overshoot = Math.Max(overshoot, error);
            double programmed = double.IsFinite(trace.SetpointC[i]) ? trace.SetpointC[i] : targetC;
            iae += Math.Abs(trace.PlateC[i] - programmed) * dt;
            bool inBand = Math.Abs(error) <= bandC;
            if (double.IsNaN(enteredAt)) { if (inBand) enteredAt = t; }
            else if (!inBand) outside += dt;
        }
        return new TwoStepMetrics(overshoot, enteredAt - fromS, outside, iae, reportedOutsideS, holdDoneS);
    }
}
