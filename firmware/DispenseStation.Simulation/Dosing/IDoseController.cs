namespace DispenseStation.Simulation.Dosing;

/// <summary>What the batch runner needs from a dosing controller: the project's doser or a baseline.</summary>
public interface IDoseController
{
    string Name { get; }
    void Start(int channel, double targetGrams, double toleranceGrams, double timeoutS);
    void Tick();
    bool IsRunning { get; }
    bool Succeeded { get; }
    string Fault { get; }
    /// <summary>Delivered mass as the controller measured it.</summary>
    double MeasuredGrams { get; }
    /// <summary>Delivered so far as the controller measures it (live, for traces).</summary>
    double LiveDeliveredGrams { get; }
    /// <summary>Phases used, for the report.</summary>
    string Phases { get; }
    /// <summary>What the controller is doing now, for the bench's time breakdown.</summary>
    DoseStage Stage { get; }
}

/// <summary>
/// Stages of a dose as the bench accounts its time: waiting for a stable start weight (tare),
/// feeding at full speed, feeding slower (slow, dribble, fine), pump off waiting for the first
/// stable weight after the cut (the runner splits it into the liquid still landing and the wait
/// for the scale to call the weight stable), and top-up or jog pulses with their settles.
/// </summary>
public enum DoseStage
{
    Idle,
    Tare,
    Fast,
    Slow,
    Settle,
    TopUp,
}
