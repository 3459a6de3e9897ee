using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>What the orchestrator tracks for a batch that has not ended: its steps and where the station is in them.</summary>
internal sealed class ActiveBatch(string id, string station, IReadOnlyList<PlannedStep> steps, TimeSpan bakeTraceInterval)
{
    public string Id { get; } = id;
    public string Station { get; } = station;
    public IReadOnlyList<PlannedStep> Steps { get; } = steps;
    public Downsampler BakeTrace { get; } = new(bakeTraceInterval, 3);
    public int? StepIndex { get; set; }
    public int DosesDone { get; set; }
    public string? Prompt { get; set; }

    public PlannedStep? CurrentStep => StepIndex is { } i && i >= 0 && i < Steps.Count ? Steps[i] : null;

    public BatchProgress Progress() => new(StepIndex, Steps.Count, CurrentStep?.Name, CurrentStep?.Kind,
        DosesDone, Steps.Count(s => s.Kind == StepKinds.Dose), Prompt);
}
