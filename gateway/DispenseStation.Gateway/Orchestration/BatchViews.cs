using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>Where a running batch is: the current step and how many doses are done.</summary>
public sealed record BatchProgress(int? StepIndex, int StepCount, string? StepName, string? StepKind, int DosesDone, int DoseCount, string? Prompt);

/// <summary>
/// A batch for lists and live updates: the stored record plus live progress while it runs, and the operator commands
/// its station would take now (<see cref="DispenseStation.Protocol.Messages.BatchCommandRules"/>), so that screens
/// offer only those.
/// </summary>
public sealed record BatchSummary(
    string Id, string StationId, string RecipeName, double BatchGrams, string Operator, string State, string? StateReason,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, BatchProgress? Progress,
    IReadOnlyList<string> Commands)
{
    public static BatchSummary Of(BatchRecord r, BatchProgress? progress, IReadOnlyList<string> commands) => new(r.Id, r.StationId,
        r.RecipeName, r.BatchGrams, r.Operator, r.State.ToString(), r.StateReason, r.CreatedAt, r.StartedAt, r.EndedAt, progress, commands);
}

public sealed record DoseView(int Sequence, int Channel, string Material, double TargetGrams, double ActualGrams, double ErrorGrams,
    double DurationS, DateTimeOffset CompletedAt);

public sealed record BakePointView(int Step, DateTimeOffset At, double SetpointC, double PlateC, double HeaterDuty);

/// <summary>Everything about one batch: record, lots, planned steps, doses, bake trace, alarms, and the calibration block
/// (the station's calibrations and latest scale check at batch start, with what they flag; null for older records).</summary>
public sealed record BatchDetail(
    BatchSummary Batch,
    IReadOnlyDictionary<string, string> Lots,
    string RecipeYaml,
    IReadOnlyList<PlannedStep> Steps,
    IReadOnlyList<DoseView> Doses,
    IReadOnlyList<BakePointView> BakeTrace,
    IReadOnlyList<AlarmRecord> Alarms,
    Editor.RecipeSource? RecipeSource = null, Maintenance.CalibrationView? Calibration = null);
