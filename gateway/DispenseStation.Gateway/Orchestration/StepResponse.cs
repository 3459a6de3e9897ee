namespace DispenseStation.Gateway.Orchestration;

/// <summary>Figures of merit of one bake step: how the plate went from its start temperature to the setpoint.</summary>
public sealed record StepResponse(
    double SetpointC, double StartC, double OvershootC, double? RiseS, double? SettleS, double? MeanErrorAfterSettleC, int Points)
{
    /// <summary>
    /// From a trace of (seconds since step start, plate °C): overshoot beyond the setpoint in the direction of the
    /// step, 10-90 % rise time, settling time (from then on within ±band), and the mean error once settled.
    /// Null where the trace never got there.
    /// </summary>
    public static StepResponse Of(IReadOnlyList<(double T, double C)> trace, double setpointC, double bandC)
    {
        if (trace.Count == 0) return new StepResponse(setpointC, double.NaN, 0, null, null, null, 0);
        var start = trace[0].C;
        var span = setpointC - start;
        var dir = span >= 0 ? 1 : -1;
        var peak = dir > 0 ? trace.Max(p => p.C) : trace.Min(p => p.C);
        double? Crossing(double fraction)
        {
            foreach (var p in trace)
                if (dir * (p.C - (start + fraction * span)) >= 0) return p.T;
            return null;
        }
        var t10 = Crossing(0.1);
        var t90 = Crossing(0.9);
        // Settled from the point after the last sample outside the band.
        var lastOutside = -1;
        for (var i = trace.Count - 1; i >= 0; i--)
            if (Math.Abs(trace[i].C - setpointC) > bandC) { lastOutside = i; break; }
        double? settle = lastOutside == trace.Count - 1 ? null : trace[lastOutside + 1].T;
        double? meanError = settle is null ? null : trace.Skip(lastOutside + 1).Average(p => p.C - setpointC);
        return new StepResponse(setpointC, start, Math.Max(0, dir * (peak - setpointC)),
            t10 is { } a && t90 is { } b ? b - a : null, settle, meanError, trace.Count);
    }
}
