namespace DispenseStation.Composition.Errors;

/// <summary>
/// Thrown when an input (catalog, recipe, channel map) is rejected. Carries every error found, not just the first,
/// and is thrown before anything is returned: callers never see a half-parsed object.
/// </summary>
public sealed class CompositionException : Exception
{
    public CompositionException(IReadOnlyList<InputError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<InputError> Errors { get; }

    private static string Describe(IReadOnlyList<InputError> errors) =>
        errors.Count == 1
            ? errors[0].ToString()
            : $"{errors.Count} input errors:{Environment.NewLine}" + string.Join(Environment.NewLine, errors);
}
