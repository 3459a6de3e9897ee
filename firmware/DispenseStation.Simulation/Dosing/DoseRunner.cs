namespace DispenseStation.Simulation.Dosing;

/// <summary>One line of a dose trace, every control tick.</summary>
public readonly record struct DoseTracePoint(double TimeS, double MeasuredNetGrams, double TrueDeliveredGrams, double CommandedSpeed, double ActualSpeed);

/// <summary>Outcome of one dose, judged by the plant's true delivered mass.</summary>
public sealed record DoseOutcome(
    string Controller, string Channel, double TargetGrams, double ToleranceGrams,
    double MeasuredGrams, double TrueGrams, double DurationS, bool Succeeded, string Fault, string Phases)
{
    public double TrueErrorGrams => TrueGrams - TargetGrams;
    public bool WithinTolerance => Succeeded && Math.Abs(TrueErrorGrams) <= ToleranceGrams;
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
        while (Controller.IsRunning && Rig.Clock.UptimeMs < limitMs)
        {
            Rig.Step(tickMs);
            double t = (Rig.Clock.UptimeMs - startMs) / 1000.0;
            duringDose?.Invoke(t);
            Controller.Tick();
            trace?.Add(new DoseTracePoint(t, Controller.LiveDeliveredGrams, pump.DeliveredGrams - before, pump.CommandedSpeed, pump.ActualSpeed));
        }
        if (Controller.IsRunning) throw new InvalidOperationException($"{Controller.Name} did not end the dose on {channel}");
        double truth = pump.DeliveredGrams + pump.InTransitGrams - before;
        return new DoseOutcome(Controller.Name, channel, target, tolerance, Controller.MeasuredGrams, truth,
            (Rig.Clock.UptimeMs - startMs) / 1000.0, Controller.Succeeded, Controller.Fault, Controller.Phases);
    }

    public List<DoseOutcome> Batch(IEnumerable<BatchComponent> components) =>
        components.Select(c => Dose(c.Channel, c.TargetGrams, c.ToleranceGrams)).ToList();
}
