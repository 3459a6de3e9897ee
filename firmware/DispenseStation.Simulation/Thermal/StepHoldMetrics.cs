namespace DispenseStation.Simulation.Thermal;

/// <summary>
/// Control quality of a step-then-hold run, from the plate's true temperature (what the wafer sees):
/// overshoot, settling to a band, hold band, integral absolute error, and recovery after a cold wafer.
/// </summary>
public sealed record StepHoldMetrics(
    double OvershootC,
    double SettleTimeS,
    double HoldPeakToPeakC,
    double HoldMaxDeviationC,
    double HoldPeakToPeakMeasuredC,
    double IaeCs,
    double WaferDipC,
    double WaferRecoveryS,
    double WaferIaeCs)
{
    /// <param name="stepAtS">When the setpoint stepped.</param>
    /// <param name="waferAtS">When the cold wafer landed (the step-response window ends here).</param>
    /// <param name="holdWindowS">Length of the steady-hold window just before the wafer.</param>
    /// <param name="bandC">Half-width of the settling band.</param>
    public static StepHoldMetrics Compute(ThermalTrace trace, double targetC, double stepAtS, double waferAtS, double holdWindowS, double bandC)
    {
        double overshoot = double.NegativeInfinity, iae = 0, waferIae = 0;
        double lastOutsideBeforeWafer = stepAtS, lastOutsideAfterWafer = waferAtS;
        double holdMin = double.PositiveInfinity, holdMax = double.NegativeInfinity;
        double holdMeasMin = double.PositiveInfinity, holdMeasMax = double.NegativeInfinity;
        double waferMin = double.PositiveInfinity;
        bool sawWafer = false;
        for (int i = 1; i < trace.Count; i++)
        {
            double t = trace.TimeS[i], dt = t - trace.TimeS[i - 1], plate = trace.PlateC[i];
            double error = Math.Abs(plate - targetC);
            if (t < stepAtS) continue;
            if (t < waferAtS)
            {
                overshoot = Math.Max(overshoot, plate - targetC);
                iae += error * dt;
                if (error > bandC) lastOutsideBeforeWafer = t;
                if (t >= waferAtS - holdWindowS)
                {
                    holdMin = Math.Min(holdMin, plate);
                    holdMax = Math.Max(holdMax, plate);
                    holdMeasMin = Math.Min(holdMeasMin, trace.MeasuredC[i]);
                    holdMeasMax = Math.Max(holdMeasMax, trace.MeasuredC[i]);
                }
            }
            else
            {
                sawWafer = true;
                waferIae += error * dt;
                waferMin = Math.Min(waferMin, plate);
                if (error > bandC) lastOutsideAfterWafer = t;
            }
        }
        double end = trace.Count > 0 ? trace.TimeS[^1] : 0;
        // Settled only if the plate stayed inside the band for the rest of the window.
        double settle = lastOutsideBeforeWafer >= waferAtS - 0.2 ? double.NaN : lastOutsideBeforeWafer - stepAtS;
        double recovery = !sawWafer || lastOutsideAfterWafer >= end - 0.2 ? double.NaN : lastOutsideAfterWafer - waferAtS;
        return new StepHoldMetrics(
            Math.Max(0, overshoot),
            settle,
            holdMax - holdMin,
            Math.Max(holdMax - targetC, targetC - holdMin),
            holdMeasMax - holdMeasMin,
            iae,
            sawWafer ? targetC - waferMin : double.NaN,
            recovery,
            waferIae);
    }
}
