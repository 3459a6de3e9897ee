namespace DispenseStation.Composition.Claims;

/// <summary>A patent claim set as a rule pack. Rules are ordered by claim number; parents precede dependents.</summary>
public sealed record ClaimSet(string Id, string Title, string SeedFile, IReadOnlyList<ClaimRule> Rules)
{
    public ClaimRule Rule(int number) => Rules.Single(r => r.Number == number);
}
