using DispenseStation.Composition.Claims.Packs;

namespace DispenseStation.Composition.Claims;

/// <summary>The claim sets the station knows, one rule pack per seed document.</summary>
public static class ClaimSets
{
    public static IReadOnlyList<ClaimSet> All { get; } = new[]
    {
        SilsesquioxaneNegative.ClaimSet,
        DualCrosslinkerNegative.ClaimSet,
        EbeamNegative.ClaimSet,
    };

    public static ClaimSet? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    public static ClaimSet Get(string id) =>
        Find(id) ?? throw new KeyNotFoundException($"unknown claim set '{id}'; known: {string.Join(", ", All.Select(c => c.Id))}");
}
