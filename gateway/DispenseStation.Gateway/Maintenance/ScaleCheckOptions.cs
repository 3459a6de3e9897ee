namespace DispenseStation.Gateway.Maintenance;

/// <summary>
/// Section "Gateway:Maintenance": how a scale check with a test weight is judged, and how old a calibration or check may
/// be before a batch record flags it.
/// </summary>
public sealed class MaintenanceOptions
{
    public const string Section = "Gateway:Maintenance";

    /// <summary>
    /// Largest |reading - nominal| that passes, g. Default 0.05 g: the acceptance hardware/CALIBRATION.md section 1 step 4
    /// sets for verifying the station's scale with a test weight (500 g reads 500.00 ± 0.05 g), which is also what the
    /// reference plant weighs with (hardware/plant/dosing.json "scale": "hx711", 12 000 counts/g, 38 counts noise). A
    /// station on the MT-SICS balance (readability and repeatability 0.001 g, hardware/weighing.json) is held tighter
    /// per station, e.g. 0.005 g (<see cref="ToleranceGramsByStation"/>).
    /// </summary>
    public double ToleranceGrams { get; set; } = DefaultToleranceGrams;

    public const double DefaultToleranceGrams = 0.05;

    /// <summary>Per-station tolerance, g, overriding <see cref="ToleranceGrams"/> (station id -> grams).</summary>
    public Dictionary<string, double> ToleranceGramsByStation { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A scale reading older than this is not used (the station stopped sending), s.</summary>
    public int MaxReadingAgeSeconds { get; set; } = 5;

    /// <summary>
    /// How long the station's readings must have been stable and within half the tolerance of each other before a step
    /// takes their mean, s (0 = the latest stable reading alone). Default 3: telemetry's scaleGrams is the station's
    /// control filter, which rings for about 2.5 s after its stable flag comes up on a 200 g step (simulated HX711 cell:
    /// +0.07 g at 3 s, within 0.002 g after 4 s).
    /// </summary>
    public int SettleSeconds { get; set; } = 3;

    /// <summary>How long the empty-scale reading of step 1 waits for step 2, minutes.</summary>
    public int ZeroValidMinutes { get; set; } = 30;

    /// <summary>A batch record flags a last scale check older than this, days.</summary>
    public int ScaleCheckMaxAgeDays { get; set; } = 30;

    /// <summary>A batch record flags a scale or RTD calibration older than this, days. Default 183: hardware/CALIBRATION.md
    /// asks for the scale calibration "at least every 6 months".</summary>
    public int CalibrationMaxAgeDays { get; set; } = 183;

    /// <summary>Heaviest test weight accepted, g (the MT-SICS balance's capacity is 1020 g).</summary>
    public double MaxNominalGrams { get; set; } = 100_000;

    public double ToleranceFor(string stationId) => ToleranceGramsByStation.TryGetValue(stationId, out var t) ? t : ToleranceGrams;

    /// <summary>Where the tolerance of a station comes from, in words (shown with the result).</summary>
    public string ToleranceSource(string stationId) => ToleranceGramsByStation.ContainsKey(stationId)
        ? $"{Section}:ToleranceGramsByStation:{stationId}"
        : ToleranceGrams == DefaultToleranceGrams
            ? $"default (hardware/CALIBRATION.md section 1: a test weight reads within ± {DefaultToleranceGrams} g); set {Section}:ToleranceGrams"
            : $"{Section}:ToleranceGrams";

    /// <summary>Every problem, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(ToleranceGrams > 0 && ToleranceGrams <= 100)) problems.Add($"{Section}:ToleranceGrams: must be greater than 0 and at most 100 g (got {ToleranceGrams})");
        foreach (var (station, t) in ToleranceGramsByStation)
        {
            if (Protocol.StationId.Check(station) is { } why) problems.Add($"{Section}:ToleranceGramsByStation:{station}: {why}");
            if (!(t > 0 && t <= 100)) problems.Add($"{Section}:ToleranceGramsByStation:{station}: must be greater than 0 and at most 100 g (got {t})");
        }
        if (MaxReadingAgeSeconds is < 1 or > 600) problems.Add($"{Section}:MaxReadingAgeSeconds: must be from 1 to 600 (got {MaxReadingAgeSeconds})");
        if (SettleSeconds is < 0 or > 60) problems.Add($"{Section}:SettleSeconds: must be from 0 to 60 (got {SettleSeconds})");
        if (ZeroValidMinutes is < 1 or > 1440) problems.Add($"{Section}:ZeroValidMinutes: must be from 1 to 1440 (got {ZeroValidMinutes})");
        if (ScaleCheckMaxAgeDays is < 1 or > 3650) problems.Add($"{Section}:ScaleCheckMaxAgeDays: must be from 1 to 3650 (got {ScaleCheckMaxAgeDays})");
        if (CalibrationMaxAgeDays is < 1 or > 3650) problems.Add($"{Section}:CalibrationMaxAgeDays: must be from 1 to 3650 (got {CalibrationMaxAgeDays})");
        if (!(MaxNominalGrams > 0 && MaxNominalGrams <= Protocol.Messages.Limits.MaxGrams))
            problems.Add($"{Section}:MaxNominalGrams: must be greater than 0 and at most {Protocol.Messages.Limits.MaxGrams} g (got {MaxNominalGrams})");
        return problems;
    }
}
