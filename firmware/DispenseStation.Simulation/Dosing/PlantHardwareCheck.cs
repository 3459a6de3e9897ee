using System.Text.Json;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// The simulated weighing devices and pump lines are the parts in hardware/: each scale names its entry of
/// hardware/weighing.json, repeats its datasheet figures, and the bill of materials lists it; each pump channel
/// (fitted or optional) has its tubing, nozzle tip and, for a syringe, its drive in the BOM's "Tubing per channel"
/// and "Syringe option" tables.
/// A result on a plant that is not the shipped hardware is not a result, so any disagreement is
/// named here (and a test fails on it).
/// </summary>
public static class PlantHardwareCheck
{
    public static string WeighingPath => Path.Combine(AppContext.BaseDirectory, "hardware", "weighing.json");
    public static string BomPath => Path.Combine(AppContext.BaseDirectory, "hardware", "BOM.md");

    public static List<string> Disagreements(DosingPlantParameters plant, string weighingJson, string bomMarkdown)
    {
        var errors = new List<string>();
        using var doc = JsonDocument.Parse(weighingJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var scales = doc.RootElement.GetProperty("scales").EnumerateArray().ToList();
        JsonElement? Entry(string? model) => scales.Where(s => s.GetProperty("model").GetString() == model).Select(s => (JsonElement?)s).FirstOrDefault();
        void Same(string what, double plantValue, JsonElement entry, string field, double relative = 1e-9)
        {
            double hw = entry.GetProperty(field).GetDouble();
            if (Math.Abs(plantValue - hw) > relative * Math.Max(Math.Abs(hw), 1e-12))
                errors.Add($"plant {what} = {plantValue} but hardware/weighing.json {entry.GetProperty("model").GetString()}.{field} = {hw}");
        }
        void Listed(string model)
        {
            if (!bomMarkdown.Contains($"`{model}`", StringComparison.Ordinal))
                errors.Add($"hardware/BOM.md does not list `{model}`, which the plant simulates");
        }

        var cell = plant.LoadCell;
        if (Entry(cell.Model) is not { } cellEntry) errors.Add($"plant loadCell.model '{cell.Model}' is not in hardware/weighing.json");
        else
        {
            Same("loadCell.samplesPerSecond", cell.SamplesPerSecond, cellEntry, "updatesPerSecond");
            Same("loadCell.capacityGrams", cell.CapacityGrams, cellEntry, "capacityGrams");
            Same("loadCell.noiseCounts / countsPerGram", cell.NoiseCounts / cell.CountsPerGram, cellEntry, "noisePerReadingGrams", 0.05);
            Listed(cell.Model!);
        }
        if (plant.Balance is { } b)
        {
            if (Entry(b.Model) is not { } e) errors.Add($"plant balance.model '{b.Model}' is not in hardware/weighing.json");
            else
            {
                Same("balance.capacityGrams", b.CapacityGrams, e, "capacityGrams");
                Same("balance.readabilityGrams", b.ReadabilityGrams, e, "readabilityGrams");
                Same("balance.repeatabilityGrams", b.RepeatabilityGrams, e, "repeatabilityGrams");
                Same("balance.updatesPerSecond", b.UpdatesPerSecond, e, "updatesPerSecond");
                Same("balance.settlingTimeS", b.SettlingTimeS, e, "settlingTimeS");
                Listed(b.Model);
            }
        }
        foreach (var channel in plant.Channels.Concat(plant.OptionalChannels)) CheckLine(channel, bomMarkdown, errors);
        return errors;
    }

    private static void CheckLine(PumpChannelParameters c, string bom, List<string> errors)
    {
        CheckRow(c.Name, bom, "Tubing per channel", errors,
        [
            ("bore mm", "tubeInnerDiameterMm", c.TubeInnerDiameterMm), ("wall mm", "tubeWallMm", c.TubeWallMm),
            ("suction m", "suctionTubeM", c.SuctionTubeM), ("delivery m", "deliveryTubeM", c.DeliveryTubeM),
            ("tip outer mm", "nozzleOuterDiameterMm", c.NozzleOuterDiameterMm), ("tip bore mm", "nozzleBoreMm", c.NozzleBoreMm),
        ]);
        if (c.IsSyringe)
            CheckRow(c.Name, bom, "Syringe option", errors,
            [
                ("syringe bore mm", "syringeBoreMm", c.SyringeBoreMm), ("lead-screw pitch mm", "leadScrewPitchMm", c.LeadScrewPitchMm),
                ("microsteps per rev", "stepsPerRevolution", c.StepsPerRevolution), ("barrel mL", "barrelMl", c.BarrelMl),
            ]);
    }

    /// <summary>Each figure of the plant channel against the cell of its column in the BOM table's row for the channel.</summary>
    private static void CheckRow(string channel, string bom, string table, List<string> errors, (string Column, string Field, double Plant)[] figures)
    {
        if (Row(bom, table, channel) is not { } row)
        {
            errors.Add($"hardware/BOM.md \"{table}\" has no row for channel {channel}, which the plant simulates");
            return;
        }
        foreach (var (column, field, plantValue) in figures)
        {
            if (!row.TryGetValue(column, out var text) || !double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out double hw))
                errors.Add($"hardware/BOM.md \"{table}\" row {channel} has no number under '{column}'");
            else if (Math.Abs(plantValue - hw) > 1e-9 * Math.Max(1, Math.Abs(hw)))
                errors.Add($"plant channel {channel}.{field} = {plantValue} but hardware/BOM.md \"{table}\" says {column} = {text}");
        }
    }

    /// <summary>The row of the markdown table under heading <paramref name="section"/> whose first cell starts with the
    /// channel's name (a note in parentheses may follow it), as column header -> cell.</summary>
    private static Dictionary<string, string>? Row(string markdown, string section, string channel)
    {
        var lines = markdown.Split('\n');
        int at = Array.FindIndex(lines, l => l.TrimStart('#', ' ').Trim() == section && l.StartsWith('#'));
        if (at < 0) return null;
        string[]? header = null;
        for (int i = at + 1; i < lines.Length && !lines[i].StartsWith('#'); i++)
        {
            if (!lines[i].StartsWith('|')) { if (header is not null) break; continue; }
            var cells = lines[i].Trim().Trim('|').Split('|').Select(x => x.Trim()).ToArray();
            if (header is null) { header = cells; continue; }
            if (cells[0].StartsWith("---", StringComparison.Ordinal)) continue;
            string name = cells[0].Split(" (")[0];
            if (name == channel) return header.Zip(cells).ToDictionary(p => p.First, p => p.Second);
        }
        return null;
    }
}
