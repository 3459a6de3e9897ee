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
}
