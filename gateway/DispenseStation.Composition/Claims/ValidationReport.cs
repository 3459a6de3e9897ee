using DispenseStation.Composition.Claims.Elements;

namespace DispenseStation.Composition.Claims;

public enum Verdict
{
    /// <summary>An independent claim is met and no applicable claim is violated.</summary>
    Compliant,
    /// <summary>No independent claim is met, or an applicable dependent claim is violated.</summary>
    NonCompliant,
    /// <summary>No claim is violated but no independent claim could be decided either.</summary>
    Indeterminate,
}

/// <summary>One claim's status; Elements say, element by element, which components meet it and which are also present.</summary>
public sealed record ClaimResult(int Claim, int? Parent, string Quote, ClaimStatus Status, string Message)
{
    public IReadOnlyList<ElementFinding> Elements { get; init; } = Array.Empty<ElementFinding>();

    public override string ToString() => $"claim {Claim}: {Status}: {Message}";
}

/// <summary>The verdict of a recipe against one claim set, with one result per claim in claim order.</summary>
public sealed record ValidationReport(string ClaimSetId, string RecipeName, Verdict Verdict, IReadOnlyList<ClaimResult> Claims)
{
    public IReadOnlyList<int> ViolatedClaims => Claims.Where(c => c.Status == ClaimStatus.Violated).Select(c => c.Claim).ToList();

    public IReadOnlyList<int> UndecidableClaims => Claims.Where(c => c.Status == ClaimStatus.Undecidable).Select(c => c.Claim).ToList();

    public ClaimResult Claim(int number) => Claims.Single(c => c.Claim == number);

    public override string ToString() =>
        $"{RecipeName} vs {ClaimSetId}: {Verdict}" + Environment.NewLine + string.Join(Environment.NewLine, Claims);
}
