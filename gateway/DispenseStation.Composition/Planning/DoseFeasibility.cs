using DispenseStation.Composition.Catalog;
using static System.FormattableString;

namespace DispenseStation.Composition.Planning;

/// <summary>
/// Whether the station can weigh a dose to the ratio accuracy the recipe needs. A weighed dose is
/// the difference of two stable readings (before and after), each scattered by the scale's
/// repeatability, and it ends with up to one drop at the nozzle either hanging or fallen (uniform
/// over one drop mass): sigma = sqrt(2 r^2 + d^2 / 12). A dose whose 2-sigma error exceeds its
/// ratio accuracy is refused, naming the stock concentration that would make it large enough.
/// </summary>
public static class DoseFeasibility
{
    /// <summary>1 % for what sets the chemistry's ratios (PAG, quencher, crosslinkers), 2 % for surfactant.</summary>
    public static readonly IReadOnlyDictionary<MaterialRole, double> DefaultRatioAccuracy = new Dictionary<MaterialRole, double>
    {
        [MaterialRole.PhotoacidGenerator] = 0.01,
        [MaterialRole.Quencher] = 0.01,
        [MaterialRole.Crosslinker] = 0.01,
        [MaterialRole.Surfactant] = 0.02,
    };

    /// <summary>A PGMEA drop from the reference 1/16" PTFE nozzle tip, about 8 uL (hardware/plant/dosing.md).</summary>
    public const double ReferenceDropGrams = 0.008;

    /// <summary>Expected 1-sigma error of a weighed dose on this scale and nozzle.</summary>
    public static double Sigma(double repeatabilityGrams, double dropGrams) =>
        Math.Sqrt(2 * repeatabilityGrams * repeatabilityGrams + dropGrams * dropGrams / 12);

    /// <summary>The smallest dose whose 2-sigma error is within <paramref name="accuracy"/> of it.</summary>
    public static double MinimumDoseGrams(double repeatabilityGrams, double dropGrams, double accuracy) =>
        2 * Sigma(repeatabilityGrams, dropGrams) / accuracy;

    /// <summary>Null when the dose is feasible; otherwise the refusal with the dose, the expected error and the remedy.</summary>
    public static string? Refusal(Material material, Channel channel, double doseGrams, double solidsGrams, ChannelMap map, DispenseOptions options)
    {
        if (!options.RatioAccuracy.TryGetValue(material.Role, out var accuracy)) return null;
        double twoSigma = 2 * Sigma(map.ScaleRepeatabilityGrams, options.NozzleDropGrams);
        if (twoSigma <= accuracy * doseGrams) return null;
        double minimumDose = twoSigma / accuracy;
        string feed = channel.StockId is null ? "fed neat" : Invariant($"from stock '{channel.StockId}' at {100 * channel.SolidsFraction:0.###} wt%");
        // The same solids from a more dilute stock: dose = solids / c, so c <= solids / minimum dose.
        double workingPercent = 100 * solidsGrams / minimumDose;
        string remedy = workingPercent >= 0.001
            ? Invariant($"load a stock of '{material.Id}' at {workingPercent:G3} wt% or less (the dose becomes {minimumDose:0.###} g or more), or plan a larger batch")
            : Invariant($"plan a batch at least {minimumDose / doseGrams:0.#}x larger");
        return Invariant($"dose of '{material.Id}' ({feed}) is {doseGrams:0.####} g; its expected 2-sigma error is {1000 * twoSigma:0.#} mg ") +
               Invariant($"(scale repeatability {1000 * map.ScaleRepeatabilityGrams:0.##} mg, nozzle drop {1000 * options.NozzleDropGrams:0.#} mg), ") +
               Invariant($"{100 * twoSigma / doseGrams:0.#} % of the dose, above the {100 * accuracy:0.#} % ratio accuracy for {material.Role}: {remedy}");
    }
}
