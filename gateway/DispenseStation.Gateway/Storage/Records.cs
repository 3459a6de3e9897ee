namespace DispenseStation.Gateway.Storage;

/// <summary>A station as last seen by the gateway.</summary>
public sealed record StationRecord(string Id, string? FirmwareVersion, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

public enum BatchState { Created, Dispatched, Running, Held, Complete, Aborted, Interrupted }

/// <summary>One batch: what was asked for, by whom, with which material lots, and how it ended; with the station's
/// calibrations and latest scale check as they were when it started (null for batches before migration 8).</summary>
public sealed record BatchRecord(
    string Id,
    string StationId,
    string RecipeName,
    string RecipeBody,
    double BatchGrams,
    string Operator,
    IReadOnlyDictionary<string, string> Lots,
    BatchState State,
    string? StateReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    Maintenance.BatchCalibration? Calibration = null)
{
    public static bool IsTerminal(BatchState s) => s is BatchState.Complete or BatchState.Aborted or BatchState.Interrupted;
}

/// <summary>One gravimetric dose of a batch; Error = Actual - Target.</summary>
public sealed record DoseRecord(
    string BatchId, int Sequence, int Channel, string Material,
    double TargetGrams, double ActualGrams, TimeSpan Duration, DateTimeOffset CompletedAt)
{
    public double ErrorGrams => ActualGrams - TargetGrams;
}

/// <summary>One (downsampled) point of a bake step's temperature trace.</summary>
public sealed record BakeTracePoint(string BatchId, int Step, DateTimeOffset At, double SetpointC, double PlateC, double HeaterDuty);

public sealed record AlarmRecord(
    long Id, string StationId, string? BatchId, string Code, string Severity, string Message,
    DateTimeOffset RaisedAt, DateTimeOffset? ClearedAt);

/// <summary>One stored (downsampled) telemetry sample; null = the station had no value (sensor fault, heater idle).</summary>
public sealed record TelemetrySample(string StationId, DateTimeOffset At, double? ScaleGrams, double? PlateC, double? SetpointC, double? HeaterDuty);

/// <summary>What an audit entry is about. Batch, User, Session and Signature entries are written with the acting user's name.</summary>
public enum AuditEntity { Recipe, Profile, Parameter, Batch, User, Session, Signature, Alarm, Maintenance }

/// <summary>An append-only record of a change to a recipe, bake profile or control parameter.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, AuditEntity Entity, string EntityId, string Action, string Details);
