using System.Text.Json;
using System.Text.Json.Serialization;
using static System.FormattableString;

namespace DispenseStation.Composition.Planning.Weighing;

/// <summary>One weighing device a station may carry, as hardware/weighing.json describes it.</summary>
public sealed record ScaleModel
{
    public required string Model { get; init; }
    public required string Part { get; init; }
    /// <summary>"mt-sics" (laboratory balance over RS-232) or "hx711" (load cell).</summary>
    public required string Interface { get; init; }
    public double CapacityGrams { get; init; }
    public double ReadabilityGrams { get; init; }
    /// <summary>Standard deviation of one stable reading.</summary>
    public double RepeatabilityGrams { get; init; }
    /// <summary>Standard deviation of a single reading while the load changes (what control sees).</summary>
    public double NoisePerReadingGrams { get; init; }
    public int UpdatesPerSecond { get; init; }
    public double SettlingTimeS { get; init; }
}

/// <summary>
/// The weighing devices of hardware/weighing.json, and the check that a station map describes
/// the device it names: same capacity and readability. A map that contradicts its hardware entry
/// is refused naming both, so the planner never plans against a scale the station does not have.
/// </summary>
public sealed class ScaleHardware
{
    private const int MaxFileBytes = 64 * 1024;
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private sealed record Document(ScaleModel[] Scales);

    public IReadOnlyList<ScaleModel> Scales { get; }
    public string File { get; }

    private ScaleHardware(ScaleModel[] scales, string file)
    {
        Scales = scales;
        File = file;
    }

    public static ScaleHardware Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidDataException($"{path}: weighing hardware file not found");
        if (info.Length > MaxFileBytes) throw new InvalidDataException($"{path}: {info.Length} bytes, more than the {MaxFileBytes} a weighing table may have");
        var doc = JsonSerializer.Deserialize<Document>(System.IO.File.ReadAllText(path), Json)
                  ?? throw new InvalidDataException($"{path}: empty document");
        for (int i = 0; i < doc.Scales.Length; i++)
        {
            var s = doc.Scales[i];
            string at = $"{path}: scales[{i}] ({s.Model})";
            if (s.Interface is not ("mt-sics" or "hx711")) throw new InvalidDataException($"{at}.interface must be mt-sics or hx711");
            if (!(s.CapacityGrams > 0) || !(s.ReadabilityGrams > 0) || !(s.RepeatabilityGrams > 0) || s.UpdatesPerSecond < 1 || !(s.SettlingTimeS > 0))
                throw new InvalidDataException($"{at}: capacityGrams, readabilityGrams, repeatabilityGrams, settlingTimeS must be > 0 and updatesPerSecond >= 1");
            if (doc.Scales.Take(i).Any(o => o.Model == s.Model)) throw new InvalidDataException($"{at}.model is listed twice");
        }
        return new ScaleHardware(doc.Scales, path);
    }

    public ScaleModel? Find(string model) => Scales.FirstOrDefault(s => s.Model == model);

    /// <summary>Null when the map's scale entry is the device it names; otherwise what contradicts what.</summary>
    public string? Contradiction(ChannelMap map)
    {
        if (map.ScaleModel is null)
            return $"{map.File}: scale has no 'model'; name one of {string.Join(", ", Scales.Select(s => s.Model))} from {File}";
        var hw = Find(map.ScaleModel);
        if (hw is null)
            return $"{map.File}: scale.model '{map.ScaleModel}' is not in {File} (known: {string.Join(", ", Scales.Select(s => s.Model))})";
        var wrong = new List<string>();
        if (!Same(map.ScaleResolutionGrams, hw.ReadabilityGrams))
            wrong.Add(Invariant($"resolutionGrams {map.ScaleResolutionGrams} but {hw.Model} reads to {hw.ReadabilityGrams} g"));
        if (!Same(map.ScaleCapacityGrams, hw.CapacityGrams))
            wrong.Add(Invariant($"capacityGrams {map.ScaleCapacityGrams} but {hw.Model} weighs up to {hw.CapacityGrams} g"));
        if (!Same(map.ScaleRepeatabilityGrams, hw.RepeatabilityGrams))
            wrong.Add(Invariant($"repeatabilityGrams {map.ScaleRepeatabilityGrams} but {hw.Model} repeats to {hw.RepeatabilityGrams} g"));
        return wrong.Count == 0 ? null : $"{map.File}: scale says {string.Join("; ", wrong)} ({File})";
    }

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));
}
