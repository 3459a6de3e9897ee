using System.Text.Json;

namespace DispenseStation.Simulation.Dosing;

/// <summary>
/// The simulated weighing devices are the parts in hardware/: each names its entry of
/// hardware/weighing.json, repeats its datasheet figures, and the bill of materials lists it.
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
        return errors;
    }
}
