using DispenseStation.Composition.Errors;

namespace DispenseStation.Gateway.Orchestration;

/// <summary>One reason a request was refused: the field it concerns and the rule it breaks (line when from a YAML file).</summary>
public sealed record ApiError(string Field, string Rule, int? Line = null)
{
    public static ApiError From(InputError e) => new(e.Field, e.Message, e.Line);
}

/// <summary>Why a request cannot be carried out; <see cref="Status"/> is the HTTP status the API answers with.</summary>
public sealed class RequestRejectedException(int status, string title, IReadOnlyList<ApiError> errors) : Exception(Describe(title, errors))
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyList<ApiError> Errors { get; } = errors;

    public static RequestRejectedException BadRequest(string field, string rule) => new(400, "invalid request", [new ApiError(field, rule)]);
    public static RequestRejectedException NotFound(string field, string rule) => new(404, "not found", [new ApiError(field, rule)]);
    public static RequestRejectedException Conflict(string field, string rule) => new(409, "conflict", [new ApiError(field, rule)]);

    public static RequestRejectedException From(CompositionException e, string title = "invalid recipe") =>
        new(400, title, e.Errors.Select(ApiError.From).ToList());

    private static string Describe(string title, IReadOnlyList<ApiError> errors) =>
        title + ": " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Rule}"));
}
