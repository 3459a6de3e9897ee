namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>Body of POST /api/stations/{id}/maintenance/prime (speed) and .../calibrate-pump (speeds; absent = the default set).</summary>
public sealed record PumpRunRequestBody(int? Channel, double? Speed, double? Seconds, double? Grams, double[]? Speeds = null);

/// <summary>A prime or calibration a technician asked for and the station accepted. A prime has <see cref="Speed"/>, a
/// calibration <see cref="Speeds"/> (<see cref="Speed"/> null); seconds and grams are per speed for a calibration.</summary>
public sealed record PumpRunRequest(
    string CommandId, string StationId, string Procedure, int Channel, double? Speed, double? SecondsAsked, double? GramsAsked,
    string User, DateTimeOffset RequestedAt, IReadOnlyList<double>? Speeds = null);

/// <summary>One row of a calibration's table: at this speed the pump ran this long and this much arrived.</summary>
public sealed record PumpCalibrationPoint(double Speed, double Seconds, double Grams, double FlowGramsPerS);

/// <summary>What the station measured (its pump-run event): totals, and a calibration's table (empty for a prime, or
/// for an event of firmware before the table, which has <see cref="FlowGramsPerS"/> at the request's one speed).</summary>
public sealed record PumpRunResult(
    string CommandId, string StationId, string Status, double Seconds, double Grams, double? FlowGramsPerS, string? Message, DateTimeOffset FinishedAt,
    IReadOnlyList<PumpCalibrationPoint>? Table = null);

/// <summary>One run as the history shows it: the request, and the result once it arrived (status "running" before).
/// <see cref="Table"/> is a calibration's g/s per speed; a single-flow calibration stored before the table reads as a
/// one-row table at its speed.</summary>
public sealed record PumpRunView(
    string CommandId, string StationId, string Procedure, int Channel, double? Speed, double? SecondsAsked, double? GramsAsked,
    string User, DateTimeOffset RequestedAt, string Status, double? Seconds, double? Grams, double? FlowGramsPerS, string? Message,
    DateTimeOffset? FinishedAt, IReadOnlyList<double>? Speeds, IReadOnlyList<PumpCalibrationPoint> Table)
{
    public const string Running = "running";
}

/// <summary>The calibration a channel doses with now: the latest completed one, its table, when and by whom.</summary>
public sealed record PumpChannelCalibration(int Channel, string CommandId, string User, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<PumpCalibrationPoint> Table);
