namespace DispenseStation.Gateway.Auth;

/// <summary>A person who signs in to the gateway. Name is the login and the name written into records.</summary>
public sealed record GatewayUser(string Name, string PasswordHash, IReadOnlyList<string> Roles, bool Disabled, DateTimeOffset CreatedAt)
{
    public bool IsIn(string role) => Roles.Contains(role, StringComparer.Ordinal);
}

/// <summary>An API token as stored: only its SHA-256 is kept, never the token itself.</summary>
public sealed record ApiTokenRecord(long Id, string UserName, string Label, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);
