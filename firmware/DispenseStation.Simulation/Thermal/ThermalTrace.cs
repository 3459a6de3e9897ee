namespace DispenseStation.Simulation.Thermal;

/// <summary>One sample per control tick: what the controller saw and did, and the plate's true temperature.</summary>
public sealed class ThermalTrace
{
    public List<double> TimeS { get; } = new();
    public List<double> MeasuredC { get; } = new();
    public List<double> PlateC { get; } = new();
    public List<double> SetpointC { get; } = new();
    public List<double> Duty { get; } = new();

    public int Count => TimeS.Count;

    public void Add(double timeS, double measuredC, double plateC, double setpointC, double duty)
    {
        TimeS.Add(timeS);
        MeasuredC.Add(measuredC);
        PlateC.Add(plateC);
        SetpointC.Add(setpointC);
        Duty.Add(duty);
    }
}
