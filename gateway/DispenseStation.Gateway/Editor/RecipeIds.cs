using System.Text.RegularExpressions;

namespace DispenseStation.Gateway.Editor;

/// <summary>
/// Recipe ids have the form of the shipped ones, "group/name" (the shipped group is the claim set's folder), lower-case
/// letters, digits and '-': the same id in the dashboard, the API and the CLI, never a path.
/// </summary>
public static partial class RecipeIds
{
    public const int MaxLength = 120;

    /// <summary>Null when <paramref name="id"/> is valid; otherwise the rule it breaks.</summary>
    public static string? Check(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return "required: the recipe id, group/name (for example dual-crosslinker-negative/my-recipe)";
        if (id.Length > MaxLength) return $"at most {MaxLength} characters";
        if (!Shape().IsMatch(id))
            return $"'{id}' is not group/name: two parts joined by one '/', each of lower-case letters, digits and '-', starting with a letter or digit";
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Shape();
}
