using DispenseStation.Firmware.Dosing;

namespace DispenseStation.Simulation.Dosing;

/// <summary>The project's <see cref="Doser"/> behind the runner's interface.</summary>
public sealed class ProjectDoseController(Doser doser) : IDoseController
{
    public Doser Doser { get; } = doser;
    public string Name => "project";
    public void Start(int channel, double targetGrams, double toleranceGrams, double timeoutS) =>
        Doser.Start(channel, targetGrams, toleranceGrams, timeoutS);
    public void Tick() => Doser.Tick();
    public bool IsRunning => Doser.IsRunning;
    public bool Succeeded => Doser.Result.Succeeded;
    public string Fault => DoseFault.Name(Doser.Result.FaultCode);
    public double MeasuredGrams => Doser.Result.ActualGrams;
    public double LiveDeliveredGrams => Doser.DeliveredGrams;

    public DoseStage Stage => Doser.Phase switch
    {
        DosePhase.Start => DoseStage.Tare,
        DosePhase.Fast => DoseStage.Fast,
        DosePhase.Slow or DosePhase.Dribble or DosePhase.Run => DoseStage.Slow,
        DosePhase.Settle => Doser.Result.TopUpPulses == 0 ? DoseStage.Settle : DoseStage.TopUp,
        DosePhase.TopUp => DoseStage.TopUp,
        _ => DoseStage.Idle,
    };

    public string Phases
    {
        get
        {
            int p = Doser.Result.Phases;
            var names = new List<string>();
            if ((p & DosePhase.Fast) != 0) names.Add("fast");
            if ((p & DosePhase.Slow) != 0) names.Add("slow");
            if ((p & DosePhase.Dribble) != 0) names.Add("dribble");
            if ((p & DosePhase.TopUp) != 0) names.Add($"top-up x{Doser.Result.TopUpPulses}");
            return string.Join("+", names);
        }
    }
}
