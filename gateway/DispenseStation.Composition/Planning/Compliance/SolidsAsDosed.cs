using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Planning.Compliance;

/// <summary>
/// The recipe as a given set of solids masses makes it: the same materials, with fractions of solids from grams
/// actually (or hypothetically) put in the bottle. Claims are then judged on this recipe exactly as on the written one.
/// </summary>
public static class SolidsAsDosed
{
    /// <summary>
    /// Replaces component fractions with <paramref name="solidsGrams"/> (by material id). A component with no solids
    /// left out of the dictionary or at zero grams is dropped: a material that never reached the bottle is not present.
    /// </summary>
    public static Recipe Apply(Recipe recipe, IReadOnlyDictionary<string, double> solidsGrams)
    {
        var present = recipe.Components
            .Select(c => (Component: c, Grams: solidsGrams.TryGetValue(c.Material.Id, out var g) ? g : 0))
            .Where(x => x.Grams > 0)
            .ToList();
        var total = present.Sum(x => x.Grams);
        var components = present.Select(x => x.Component with { FractionOfSolids = x.Grams / total }).ToList();
        return recipe with { Components = components };
    }

    /// <summary>Grams of solid a dose of <paramref name="doseGrams"/> of this planned channel carries (stock concentration).</summary>
    public static double SolidsOf(Dose dose, double doseGrams) => dose.TargetGrams > 0 ? doseGrams * dose.SolidsGrams / dose.TargetGrams : 0;
}
