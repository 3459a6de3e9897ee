using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DispenseStation.Gateway.Orchestration;
using Microsoft.AspNetCore.Identity;

namespace DispenseStation.Gateway.Auth;

/// <summary>
/// Creating users, checking passwords and issuing API tokens. Passwords are hashed with ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, salted); tokens are 32 random bytes, stored as SHA-256.
/// </summary>
public sealed partial class Accounts(UserStore store, TimeProvider time)
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    public const string TokenPrefix = "dst_";

    private static readonly PasswordHasher<GatewayUser> Hasher = new();

    [GeneratedRegex("^[a-z][a-z0-9._-]{1,31}$")]
    private static partial Regex NameRule();

    public UserStore Store => store;

    public static string? NameError(string? name) =>
        name is not null && NameRule().IsMatch(name) ? null : "must be 2 to 32 characters: a lower-case letter, then lower-case letters, digits, '.', '_' or '-'";

    public static string? PasswordError(string? password) =>
        password is { Length: >= MinPasswordLength and <= MaxPasswordLength } ? null : $"must be {MinPasswordLength} to {MaxPasswordLength} characters";

    /// <summary>Checks name, password and roles together; every problem names its field.</summary>
    public static List<ApiError> Check(string? name, string? password, IReadOnlyList<string>? roles)
    {
        var errors = new List<ApiError>();
        if (NameError(name) is { } n) errors.Add(new ApiError("name", n));
        if (PasswordError(password) is { } p) errors.Add(new ApiError("password", p));
        errors.AddRange(CheckRoles(roles));
        return errors;
    }

    public static List<ApiError> CheckRoles(IReadOnlyList<string>? roles)
    {
        var errors = new List<ApiError>();
        if (roles is null || roles.Count == 0) errors.Add(new ApiError("roles", $"at least one of {string.Join(", ", GatewayRoles.All)}"));
        else
            for (var i = 0; i < roles.Count; i++)
                if (!GatewayRoles.IsKnown(roles[i])) errors.Add(new ApiError($"roles[{i}]", $"'{roles[i]}' is not one of {string.Join(", ", GatewayRoles.All)}"));
        return errors;
    }

    /// <summary>Creates a user; throws <see cref="RequestRejectedException"/> for bad fields (400) or an existing name (409).</summary>
    public async Task<GatewayUser> CreateAsync(string? name, string? password, IReadOnlyList<string>? roles, CancellationToken ct = default)
    {
        var errors = Check(name, password, roles);
        if (errors.Count > 0) throw new RequestRejectedException(400, "invalid user", errors);
        var placeholder = new GatewayUser(name!, "", roles!.Distinct().ToList(), false, time.GetUtcNow());
        var user = placeholder with { PasswordHash = Hasher.HashPassword(placeholder, password!) };
        if (!await store.CreateAsync(user, ct)) throw RequestRejectedException.Conflict("name", $"user '{name}' exists");
        return user;
    }

    /// <summary>The user when the name exists, is enabled and the password matches; otherwise null (the caller does not learn which).</summary>
    public async Task<GatewayUser?> VerifyAsync(string? name, string? password, CancellationToken ct = default)
    {
        if (NameError(name) is not null || string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength) return null;
        var user = await store.FindAsync(name!, ct);
        if (user is null || user.Disabled) return null;
        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await store.SetPasswordHashAsync(user.Name, Hasher.HashPassword(user, password), ct);
        return result == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>Issues a token for <paramref name="user"/>; the plain token is returned once and never stored.</summary>
    public async Task<(long Id, string Token, DateTimeOffset ExpiresAt)> IssueTokenAsync(GatewayUser user, string label, TimeSpan lifetime, CancellationToken ct = default)
    {
        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var id = await store.AddTokenAsync(user.Name, Sha256(token), label, now, now + lifetime, ct);
        return (id, token, now + lifetime);
    }

    /// <summary>The token's user when the token is known, not revoked, not expired and its user enabled.</summary>
    public async Task<(GatewayUser User, ApiTokenRecord Token)?> ResolveTokenAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100) return null;
        if (await store.FindTokenAsync(Sha256(token), ct) is not { } found) return null;
        var (record, user) = found;
        if (record.RevokedAt is not null || record.ExpiresAt <= time.GetUtcNow()) return null;
        return user.Disabled ? null : (user, record);
    }

    public static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
