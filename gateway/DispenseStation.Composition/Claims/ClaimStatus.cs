using DispenseStation.Composition.Claims.Elements;

namespace DispenseStation.Composition.Claims;

public enum ClaimStatus
{
    /// <summary>The recipe meets the claim's condition.</summary>
    Satisfied,
    /// <summary>The recipe is under the parent claim but outside this claim's condition (a window, a class, a required part).</summary>
    Violated,
    /// <summary>The claim adds an option or a use the recipe does not use, its parent does not apply, or an alternative claim covers the recipe.</summary>
    NotApplicable,
    /// <summary>Recipe and catalog data cannot decide the claim; the message names the missing figure and material.</summary>
    Undecidable,
}

/// <summary>What one rule concluded, with the numbers behind it and, element by element, which components meet it.</summary>
public sealed record ClaimOutcome(ClaimStatus Status, string Message)
{
    public IReadOnlyList<ElementFinding> Elements { get; init; } = Array.Empty<ElementFinding>();

    public static ClaimOutcome Satisfied(string message) => new(ClaimStatus.Satisfied, message);
    public static ClaimOutcome Violated(string message) => new(ClaimStatus.Violated, message);
    public static ClaimOutcome NotApplicable(string message) => new(ClaimStatus.NotApplicable, message);
    public static ClaimOutcome Undecidable(string message) => new(ClaimStatus.Undecidable, message);
}
