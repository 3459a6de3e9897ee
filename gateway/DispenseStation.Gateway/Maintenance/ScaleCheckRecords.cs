using System.Text.Json;

namespace DispenseStation.Gateway.Maintenance;

/// <summary>
/// One scale check with a test weight: the empty scale (zero) and the scale with the weight on, both stable readings of the
/// station's own telemetry (net g); Reading = Loaded - Zero, Error = Reading - Nominal (both rounded to 0.1 mg, the
/// protocol's resolution), Passed = |Error| &lt;= Tolerance.
/// </summary>
public sealed record ScaleCheckRecord(
    long Id, string StationId, DateTimeOffset CheckedAt, string CheckedBy, DateTimeOffset ZeroAt, string ZeroBy,
    double NominalGrams, string Certificate, double ZeroGrams, double LoadedGrams, double ReadingGrams, double ErrorGrams,
    double ToleranceGrams, bool Passed, string? Firmware);

/// <summary>Step 1 of a check, waiting for step 2 (kept in the gateway's memory: a restart starts the check again).</summary>
public sealed record PendingScaleCheck(string StationId, string ZeroBy, DateTimeOffset ZeroAt, double ZeroGrams, double NominalGrams,
    string Certificate, double ToleranceGrams, DateTimeOffset ValidUntil);

/// <summary>The latest scale check of a station as a batch record keeps it.</summary>
public sealed record ScaleCheckSummary(long Id, DateTimeOffset At, bool Passed, string By, double NominalGrams, double ErrorGrams,
    double ToleranceGrams, string Certificate)
{
    public static ScaleCheckSummary Of(ScaleCheckRecord r) =>
        new(r.Id, r.CheckedAt, r.Passed, r.CheckedBy, r.NominalGrams, r.ErrorGrams, r.ToleranceGrams, r.Certificate);
}

/// <summary>One thing a batch record's calibration block flags: a code for programs and the words for people.</summary>
public sealed record CalibrationFlag(string Code, string Message);

/// <summary>
/// What a batch record keeps of its station's calibrations at batch start (issue 17 part 5): the scale and RTD
/// calibration status and dates as the station reported them (<see cref="Reported"/> false: it did not), the latest scale
/// check on record, and the age limits in force then, so that the flags read the same whenever the record is opened.
/// </summary>
public sealed record BatchCalibration(
    DateTimeOffset TakenAt,
    bool Reported,
    bool ScaleCalibrated,
    DateTimeOffset? ScaleCalibratedAt,
    double? ScaleReferenceGrams,
    bool RtdCalibrated,
    DateTimeOffset? RtdCalibratedAt,
    ScaleCheckSummary? LastScaleCheck,
    int ScaleCheckMaxAgeDays,
    int CalibrationMaxAgeDays,
    string? Note = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string? ToJson(BatchCalibration? c) => c is null ? null : JsonSerializer.Serialize(c, Json);

    public static BatchCalibration? FromJson(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<BatchCalibration>(json, Json);

    /// <summary>Everything the record should draw attention to, most serious first; empty when all is in order.</summary>
    public IReadOnlyList<CalibrationFlag> Flags()
    {
        var flags = new List<CalibrationFlag>();
        if (!Reported)
            flags.Add(new("not-reported", "the station did not report its calibrations (firmware before issue 17): scale and RTD calibration status not known"));
        else
        {
            if (!ScaleCalibrated) flags.Add(new("scale-not-calibrated", "scale not calibrated: the station weighs with a nominal span"));
            else Age(flags, "scale", "scale calibration", ScaleCalibratedAt);
            if (!RtdCalibrated) flags.Add(new("rtd-not-calibrated", "RTD not calibrated: the plate temperature is the sensor's raw reading"));
            else Age(flags, "rtd", "RTD calibration", RtdCalibratedAt);
        }
        if (LastScaleCheck is not { } check)
            flags.Add(Note is not null ? new("scale-check-unknown", Note) : new("no-scale-check", "no scale check on record"));
        else
        {
            if (!check.Passed)
                flags.Add(new("scale-check-failed", $"last scale check failed: error {check.ErrorGrams:0.####} g against ± {check.ToleranceGrams:0.####} g ({check.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {check.By})"));
            if (TakenAt - check.At > TimeSpan.FromDays(ScaleCheckMaxAgeDays))
                flags.Add(new("scale-check-old", $"last scale check older than {ScaleCheckMaxAgeDays} days ({check.At.UtcDateTime:yyyy-MM-dd} UTC)"));
        }
        return flags;
    }

    private void Age(List<CalibrationFlag> flags, string code, string what, DateTimeOffset? at)
    {
        if (at is not { } made) flags.Add(new($"{code}-date-unknown", $"{what} date not known (made before the station had UTC time)"));
        else if (TakenAt - made > TimeSpan.FromDays(CalibrationMaxAgeDays))
            flags.Add(new($"{code}-calibration-old", $"{what} older than {CalibrationMaxAgeDays} days ({made.UtcDateTime:yyyy-MM-dd} UTC)"));
    }
}
