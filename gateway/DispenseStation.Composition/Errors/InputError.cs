namespace DispenseStation.Composition.Errors;

/// <summary>One problem in an input file: where it is (file, 1-based line), which field, and which rule it breaks.</summary>
public sealed record InputError(string File, int Line, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Field}: {Message}";
}
