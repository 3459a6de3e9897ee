namespace DispenseStation.Simulation.Dosing;

/// <summary>One line of a dose trace, every control tick.</summary>
public readonly record struct DoseTracePoint(double TimeS, double MeasuredNetGrams, double TrueDeliveredGrams, double CommandedSpeed, double ActualSpeed);

/// <summary>Outcome of one dose, judged by the plant's true delivered mass.</summary>
public sealed record DoseOutcome(
    string Controller, string Channel, double TargetGrams, double ToleranceGrams,
    double MeasuredGrams, double TrueGrams, double DurationS, bool Succeeded, string Fault, string Phases)
{
    /// <summary>Where the dose's time went; the stages add up to <see cref="DurationS"/>.</summary>
    public DoseStageTimes Stages { get; init; } = new();

    public double TrueErrorGrams => TrueGrams - TargetGrams;
    public bool WithinTolerance => Succeeded && Math.Abs(TrueErrorGrams) <= ToleranceGrams;
}

/// <summary>
/// Seconds of one dose per stage. <see cref="InFlightS"/> and <see cref="StableWaitS"/> split the wait after the
/// cut-off by the plant's truth: in flight while the pump still turns or the liquid still on its way to the
/// bottle is more than a tenth of the tolerance; the rest is the wait for the scale to call the weight stable.
/// </summary>
public sealed record DoseStageTimes(double TareS = 0, double FastS = 0, double SlowS = 0, double InFlightS = 0, double StableWaitS = 0, double TopUpS = 0)
{
    public static readonly string[] Names = ["tare (stable start)", "fast feed", "slow feed / dribble", "in-flight wait", "stable-weight wait", "top-up / jog + verify"];
    public double[] ToArray() => [TareS, FastS, SlowS, InFlightS, StableWaitS, TopUpS];
    public double TotalS => TareS + FastS + SlowS + InFlightS + StableWaitS + TopUpS;
    public static DoseStageTimes FromArray(double[] s) => new(s[0], s[1], s[2], s[3], s[4], s[5]);
}

/// <summary>Runs doses on a rig with a controller ticking every few milliseconds of simulated time.</summary>
public sealed class DoseRunner(DosingRig rig, IDoseController controller, int tickMs = 10)
{
    public DosingRig Rig { get; } = rig;
    public IDoseController Controller { get; } = controller;

    /// <summary>Lets the scale fill its filters and stabilise (after power-up or a bottle change).</summary>
    public void Warmup(double seconds = 2)
    {
        for (long t = 0; t < seconds * 1000; t += tickMs)
        {
            Rig.Step(tickMs);
            Controller.Tick();
        }
    }

    public DoseOutcome Dose(string channel, double target, double tolerance, double timeoutS = 600,
        List<DoseTracePoint>? trace = null, Action<double>? duringDose = null)
    {
        int ch = Rig.Parameters.ChannelIndex(channel);
        var pump = Rig.Pumps[ch];
        double before = pump.DeliveredGrams + pump.InTransitGrams;
        long startMs = Rig.Clock.UptimeMs;
        Controller.Start(ch, target, tolerance, timeoutS);
        // A bounded loop: the controller's own timeout must end it, this is only a backstop.
        long limitMs = startMs + (long)(timeoutS * 1000) + 60_000;
        var stages = new double[6];
        while (Controller.IsRunning && Rig.Clock.UptimeMs < limitMs)
        {
            stages[StageIndex(Controller.Stage, pump, tolerance)] += tickMs / 1000.0;
            Rig.Step(tickMs);
            double t = (Rig.Clock.UptimeMs - startMs) / 1000.0;
            duringDose?.Invoke(t);
            Controller.Tick();
            trace?.Add(new DoseTracePoint(t, Controller.LiveDeliveredGrams, pump.DeliveredGrams - before, pump.CommandedSpeed, pump.ActualSpeed));
        }
        if (Controller.IsRunning) throw new InvalidOperationException($"{Controller.Name} did not end the dose on {channel}");
        double truth = pump.DeliveredGrams + pump.InTransitGrams - before;
        return new DoseOutcome(Controller.Name, channel, target, tolerance, Controller.MeasuredGrams, truth,
            (Rig.Clock.UptimeMs - startMs) / 1000.0, Controller.Succeeded, Controller.Fault, Controller.Phases)
        { Stages = DoseStageTimes.FromArray(stages) };
    }

    private static int StageIndex(DoseStage stage, SimPump pump, double tolerance) => stage switch
    {
        DoseStage.Tare => 0,
        DoseStage.Fast => 1,
        DoseStage.Slow => 2,
        DoseStage.Settle => pump.ActualSpeed > 0 || pump.InTransitGrams > 0.1 * tolerance ? 3 : 4,
        DoseStage.TopUp => 5,
        _ => 0,
    };

    public List<DoseOutcome> Batch(IEnumerable<BatchComponent> components) =>
        components.Select(c => Dose(c.Channel, c.TargetGrams, c.ToleranceGrams)).ToList();
}
