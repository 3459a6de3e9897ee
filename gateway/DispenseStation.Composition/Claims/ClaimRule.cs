namespace DispenseStation.Composition.Claims;

/// <summary>
/// One claim of a claim set as a rule. Parent is the claim it depends on (null for an independent claim).
/// Claims sharing an AlternativeGroup under the same parent are alternatives (e.g. "the acid generator is an onium
/// sulfonate" / "... is an N-hydroxyimide sulfonate"): meeting one makes the others not applicable.
/// A rule with a fixed UndecidableReason is never evaluated: recipe and catalog data cannot decide it.
/// </summary>
public sealed class ClaimRule
{
    private readonly Func<RecipeFacts, ClaimOutcome>? _evaluate;

    private ClaimRule(int number, int? parent, string quote, string? group, Func<RecipeFacts, ClaimOutcome>? evaluate, string? undecidableReason)
    {
        Number = number;
        Parent = parent;
        Quote = quote;
        AlternativeGroup = group;
        _evaluate = evaluate;
        UndecidableReason = undecidableReason;
    }

    public int Number { get; }

    public int? Parent { get; }

    public bool IsIndependent => Parent is null;

    /// <summary>A short quote of the claim's condition.</summary>
    public string Quote { get; }

    public string? AlternativeGroup { get; }

    /// <summary>Set when no recipe can be decided on this claim; null for a rule that decides from data.</summary>
    public string? UndecidableReason { get; }

    public bool DecidedByRule => UndecidableReason is null;

    public static ClaimRule Independent(int number, string quote, Func<RecipeFacts, ClaimOutcome> evaluate, string? group = null) =>
        new(number, null, quote, group, evaluate, null);

    public static ClaimRule Dependent(int number, int parent, string quote, Func<RecipeFacts, ClaimOutcome> evaluate, string? group = null) =>
        new(number, parent, quote, group, evaluate, null);

    public static ClaimRule Undecidable(int number, int parent, string quote, string reason) =>
        new(number, parent, quote, null, null, reason);

    public ClaimOutcome Evaluate(RecipeFacts facts) =>
        _evaluate is null ? ClaimOutcome.Undecidable(UndecidableReason!) : _evaluate(facts);
}
