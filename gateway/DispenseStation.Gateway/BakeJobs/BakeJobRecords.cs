namespace DispenseStation.Gateway.BakeJobs;

public static class BakeJobStates
{
    public const string Running = "Running";
    public const string Complete = "Complete";
    public const string Aborted = "Aborted";
    /// <summary>The station refused the job or never answered; nothing was baked.</summary>
    public const string Refused = "Refused";
    public static bool IsTerminal(string state) => state != Running;
}

/// <summary>A bake job; Gains are the plate PID gains the station reported when the job started (null: none reported).</summary>
public sealed record BakeJobRecord(string Id, string StationId, string ProfileName, int ProfileVersion, int Wafers, string? ResistBatchId,
    string Operator, string State, string? StateReason, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, GainsUsed? Gains = null);

/// <summary>ISA-form PID gains a run used: kp duty/°C, ti and td in seconds.</summary>
public sealed record GainsUsed(double Kp, double Ti, double Td);

/// <summary>One wafer's record. DownAt is gateway time of the estimated landing, DownTimeS station seconds since the job started.</summary>
public sealed record WaferRecord(string JobId, int Wafer, int ProfileVersion, DateTimeOffset DownAt, double DownTimeS, string DownSource, double DetectLagS,
    double PlannedS, double TimeOnPlateS, string Removal, double? DipC, double? RecoverS, double? DoseCs, double? IdealDoseCs,
    bool Passed, string Failures)
{
    /// <summary>Wafer-downs the station withdrew for this wafer before the one that stands (a draught, the lid), oldest
    /// first: a quality reviewer sees each one, and a back-dated wafer-down's landing among them.</summary>
    public IReadOnlyList<WaferWithdrawal> Withdrawals { get; init; } = [];

    /// <summary>Dose short of the ideal isothermal bake, % of the ideal.</summary>
    public double? DoseDeficitPercent => DoseCs is { } d && IdealDoseCs is { } i && i > 0 ? (i - d) / i * 100 : null;
}

/// <summary>A withdrawn wafer-down: At is gateway time of the withdrawal, TimeS when it came and DownTimeS the landing it had
/// estimated (station seconds since the job started; null when the job's start was not seen), Reason the station's words.</summary>
public sealed record WaferWithdrawal(DateTimeOffset At, double? TimeS, double? DownTimeS, string? Reason);

/// <summary>A plate reading; TimeS is station seconds since the job started.</summary>
public sealed record BakeTracePoint(DateTimeOffset At, double TimeS, double PlateC, double? SetpointC, double? HeaterDuty);
