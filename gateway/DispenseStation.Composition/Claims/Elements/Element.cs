using DispenseStation.Composition.Recipes;

namespace DispenseStation.Composition.Claims.Elements;

/// <summary>Builds element findings and combines them into a claim outcome, the same way in every pack.</summary>
public static class Element
{
    /// <summary>
    /// An open element: met when at least one candidate meets it. Not met gives <paramref name="whenNotMet"/>
    /// (Violated for an element the claim requires, NotApplicable for an optional feature); a candidate whose figure
    /// is missing makes the element Undecidable only when no other candidate meets it.
    /// </summary>
    public static ElementFinding AnyOf(string element, IEnumerable<RecipeComponent> candidates, Func<RecipeComponent, Judgement> judge,
        ClaimStatus whenNotMet, string whenNone)
    {
        var judged = candidates.Select(c => (Id: c.Material.Id, J: judge(c))).ToList();
        var meeting = judged.Where(x => x.J.Meets == true).ToList();
        var others = judged.Where(x => x.J.Meets != true).ToList();
        if (meeting.Count > 0)
            return new ElementFinding(element, ClaimStatus.Satisfied, Ids(meeting), Ids(others),
                "met by " + Describe(meeting) + (others.Count > 0 ? "; also present: " + Describe(others) : ""));
        if (judged.Count == 0)
            return new ElementFinding(element, whenNotMet, Array.Empty<string>(), Array.Empty<string>(), whenNone);
        var unknown = others.Where(x => x.J.Meets is null).ToList();
        if (unknown.Count > 0)
        {
            var no = others.Where(x => x.J.Meets == false).ToList();
            return new ElementFinding(element, ClaimStatus.Undecidable, Array.Empty<string>(), Ids(others),
                "undecidable: " + Describe(unknown) + (no.Count > 0 ? "; not met by " + Describe(no) : ""));
        }
        return new ElementFinding(element, whenNotMet, Array.Empty<string>(), Ids(others), "not met: " + Describe(others));
    }

    /// <summary>An element that is a fact of the recipe rather than of a component (exposure, stated use).</summary>
    public static ElementFinding Fact(string element, ClaimStatus status, string detail, string? basis = null) =>
        new(element, status, Array.Empty<string>(), Array.Empty<string>(), detail, basis);

    /// <summary>An element decided over several components together (a sum, a ratio, a blend); Basis says how.</summary>
    public static ElementFinding Whole(string element, ClaimStatus status, IEnumerable<RecipeComponent> over, string detail, string basis) =>
        new(element, status, status == ClaimStatus.Satisfied ? over.Select(c => c.Material.Id).ToList() : Array.Empty<string>(),
            Array.Empty<string>(), $"{detail} (basis: {basis})", basis);

    /// <summary>All elements met: Satisfied. Otherwise the worst: Violated, then Undecidable, then NotApplicable.</summary>
    public static ClaimOutcome Combine(params ElementFinding[] elements)
    {
        var status = elements.Any(e => e.Status == ClaimStatus.Violated) ? ClaimStatus.Violated
            : elements.Any(e => e.Status == ClaimStatus.Undecidable) ? ClaimStatus.Undecidable
            : elements.Any(e => e.Status == ClaimStatus.NotApplicable) ? ClaimStatus.NotApplicable
            : ClaimStatus.Satisfied;
        return new ClaimOutcome(status, string.Join(" | ", elements.Select(e => e.ToString()))) { Elements = elements };
    }

    private static List<string> Ids(IEnumerable<(string Id, Judgement J)> xs) => xs.Select(x => x.Id).ToList();

    private static string Describe(IEnumerable<(string Id, Judgement J)> xs) => string.Join(", ", xs.Select(x => $"{x.Id} ({x.J.Why})"));
}
