namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>Body of POST /api/stations/{id}/maintenance/prime and .../calibrate-pump.</summary>
public sealed record PumpRunRequestBody(int? Channel, double? Speed, double? Seconds, double? Grams);

/// <summary>A prime or calibration a technician asked for and the station accepted.</summary>
public sealed record PumpRunRequest(
    string CommandId, string StationId, string Procedure, int Channel, double Speed, double? SecondsAsked, double? GramsAsked,
    string User, DateTimeOffset RequestedAt);

/// <summary>What the station measured (its pump-run event).</summary>
public sealed record PumpRunResult(
    string CommandId, string StationId, string Status, double Seconds, double Grams, double? FlowGramsPerS, string? Message, DateTimeOffset FinishedAt);

/// <summary>One run as the history shows it: the request, and the result once it arrived (status "running" before).</summary>
public sealed record PumpRunView(
    string CommandId, string StationId, string Procedure, int Channel, double Speed, double? SecondsAsked, double? GramsAsked,
    string User, DateTimeOffset RequestedAt, string Status, double? Seconds, double? Grams, double? FlowGramsPerS, string? Message,
    DateTimeOffset? FinishedAt)
{
    public const string Running = "running";
}
