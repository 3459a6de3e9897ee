namespace DispenseStation.Gateway.Editor;

/// <summary>
/// One saved version of a recipe. Version 0 is the shipped example file (read-only, never stored); saved versions count
/// from 1. A draft failed the claim check when it was saved: it is kept for editing and never run.
/// </summary>
public sealed record RecipeVersion(string RecipeId, int Version, string Yaml, string Sha256, string Author, string Note, DateTimeOffset At,
    string ClaimSet, string Verdict, bool Draft)
{
    public bool Shipped => Version == ShippedVersion;

    public const int ShippedVersion = 0;
    /// <summary>Author of the shipped version: the file, not a person.</summary>
    public const string ShippedAuthor = "shipped file";
}

/// <summary>Which stored recipe version a batch ran: id, version (0 = the shipped file) and SHA-256 of the text.</summary>
public sealed record RecipeSource(string RecipeId, int Version, string Sha256);

/// <summary>SHA-256 of the UTF-8 text, lower-case hex: the content hash of every saved version and of a batch's recipe.</summary>
public static class ContentHash
{
    public static string Of(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
