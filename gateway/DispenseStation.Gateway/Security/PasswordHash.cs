using System.Security.Cryptography;

namespace DispenseStation.Gateway.Security;

/// <summary>PBKDF2-SHA256 password hashes in the text form "pbkdf2-sha256$iterations$salt-b64$hash-b64".</summary>
public static class PasswordHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    public const int DefaultIterations = 100_000;

    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Null when <paramref name="encoded"/> is well-formed, otherwise what is wrong with it.</summary>
    public static string? FormatError(string? encoded)
    {
        if (string.IsNullOrWhiteSpace(encoded)) return "is empty";
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme) return $"must have the form {Scheme}$iterations$salt$hash";
        if (!int.TryParse(parts[1], out var iterations) || iterations < 10_000) return "iteration count must be an integer >= 10000";
        try
        {
            if (Convert.FromBase64String(parts[2]).Length < 8) return "salt is shorter than 8 bytes";
            if (Convert.FromBase64String(parts[3]).Length != HashBytes) return $"hash must be {HashBytes} bytes";
        }
        catch (FormatException)
        {
            return "salt and hash must be base64";
        }
        return null;
    }

    public static bool Verify(string password, string encoded)
    {
        if (password is null || FormatError(encoded) is not null) return false;
        var parts = encoded.Split('$');
        var iterations = int.Parse(parts[1]);
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
