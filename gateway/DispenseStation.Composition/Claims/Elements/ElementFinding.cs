namespace DispenseStation.Composition.Claims.Elements;

/// <summary>
/// How one element of a claim ("(B-2) a cross-linking agent ...", "Mw of the resin (A)") fared. Claims are open
/// ("comprising"): the element is met when at least one component meets it (<see cref="Meeting"/>); components
/// that were candidates but do not meet it are <see cref="AlsoPresent"/> and do not break it. Basis says what a
/// figure was computed over when it is not a single component (a sum of all B-1, a blend's Mw).
/// </summary>
public sealed record ElementFinding(
    string Element,
    ClaimStatus Status,
    IReadOnlyList<string> Meeting,
    IReadOnlyList<string> AlsoPresent,
    string Detail,
    string? Basis = null)
{
    public override string ToString() => $"{Element}: {Detail}";
}
