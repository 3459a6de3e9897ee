using DispenseStation.Composition.Claims;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>The one answer to a recipe that is not compliant, for a batch and for a saved recipe version alike: each violated or undecidable claim.</summary>
public static class ComplianceRefusal
{
    /// <summary>Null when the report is Compliant; otherwise a 400 naming claims[N] with status and finding.</summary>
    public static RequestRejectedException? Of(ValidationReport report, string title = "recipe is not compliant") =>
        report.Verdict == Verdict.Compliant ? null : new RequestRejectedException(400, title, report.Claims
            .Where(c => c.Status is ClaimStatus.Violated or ClaimStatus.Undecidable)
            .Select(c => new ApiError($"claims[{c.Claim}]", $"{c.Status}: {c.Message}"))
            .DefaultIfEmpty(new ApiError("claimSet", $"{report.Verdict} with {report.ClaimSetId}: no independent claim is met"))
            .ToList());
}
