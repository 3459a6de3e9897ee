using System.Data.Common;
using Dapper;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Auth;

/// <summary>Users and API tokens in the gateway's database (SQLite or PostgreSQL, migration 3).</summary>
public sealed class UserStore(SqlDialect dialect, string connectionString)
{
    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var conn = dialect.CreateConnection(connectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    /// <summary>False (and nothing stored) when a user of that name exists.</summary>
    public async Task<bool> CreateAsync(GatewayUser user, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var n = await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO users (name, password_hash, roles, disabled, created_ms) VALUES (@name, @hash, @roles, @disabled, @at)
            ON CONFLICT (name) DO NOTHING
            """, new { name = user.Name, hash = user.PasswordHash, roles = string.Join(',', user.Roles), disabled = user.Disabled ? 1 : 0, at = user.CreatedAt.ToUnixTimeMilliseconds() },
            cancellationToken: ct));
        return n == 1;
    }

    public async Task<GatewayUser?> FindAsync(string name, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            "SELECT name, password_hash, roles, disabled, created_ms FROM users WHERE name = @name", new { name }, cancellationToken: ct));
        return row?.ToUser();
    }

    public async Task<IReadOnlyList<GatewayUser>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<UserRow>(new CommandDefinition(
            "SELECT name, password_hash, roles, disabled, created_ms FROM users ORDER BY name", cancellationToken: ct));
        return rows.Select(r => r.ToUser()).ToList();
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: ct));
    }

    /// <summary>Changes roles and the disabled flag; disabling also revokes the user's tokens. False when unknown.</summary>
    public async Task<bool> UpdateAsync(string name, IReadOnlyList<string> roles, bool disabled, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var n = await c.ExecuteAsync(new CommandDefinition("UPDATE users SET roles = @roles, disabled = @disabled WHERE name = @name",
            new { name, roles = string.Join(',', roles), disabled = disabled ? 1 : 0 }, tx, cancellationToken: ct));
        if (disabled)
            await c.ExecuteAsync(new CommandDefinition("UPDATE api_tokens SET revoked_ms = @at WHERE user_name = @name AND revoked_ms IS NULL",
                new { name, at = at.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return n == 1;
    }

    public async Task<bool> SetPasswordHashAsync(string name, string hash, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("UPDATE users SET password_hash = @hash WHERE name = @name", new { name, hash }, cancellationToken: ct)) == 1;
    }

    public async Task<long> AddTokenAsync(string userName, string tokenSha256, string label, DateTimeOffset createdAt, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO api_tokens (user_name, token_sha256, label, created_ms, expires_ms) VALUES (@userName, @tokenSha256, @label, @created, @expires) RETURNING id
            """, new { userName, tokenSha256, label, created = createdAt.ToUnixTimeMilliseconds(), expires = expiresAt.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    /// <summary>
    /// The token with the user it belongs to, in one query: every request with a bearer token asks this, so it is one
    /// connection and one statement rather than two (a deleted user's token finds nothing).
    /// </summary>
    public async Task<(ApiTokenRecord Token, GatewayUser User)?> FindTokenAsync(string tokenSha256, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<TokenUserRow>(new CommandDefinition("""
            SELECT t.id, t.user_name, t.label, t.created_ms, t.expires_ms, t.revoked_ms,
                   u.password_hash, u.roles, u.disabled, u.created_ms AS user_created_ms
            FROM api_tokens t JOIN users u ON u.name = t.user_name
            WHERE t.token_sha256 = @tokenSha256
            """, new { tokenSha256 }, cancellationToken: ct));
        return row is null ? null : (row.ToRecord(), row.ToUser());
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(string userName, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var rows = await c.QueryAsync<TokenRow>(new CommandDefinition(
            "SELECT id, user_name, label, created_ms, expires_ms, revoked_ms FROM api_tokens WHERE user_name = @userName ORDER BY id",
            new { userName }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>False when the token is unknown, someone else's, or already revoked.</summary>
    public async Task<bool> RevokeTokenAsync(long id, string userName, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE api_tokens SET revoked_ms = @at WHERE id = @id AND user_name = @userName AND revoked_ms IS NULL",
            new { id, userName, at = at.ToUnixTimeMilliseconds() }, cancellationToken: ct)) == 1;
    }

    private sealed class UserRow
    {
        public string Name { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public string Roles { get; set; } = "";
        public long Disabled { get; set; }
        public long CreatedMs { get; set; }
        public GatewayUser ToUser() => new(Name, PasswordHash, Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), Disabled != 0,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs));
    }

    private class TokenRow
    {
        public long Id { get; set; }
        public string UserName { get; set; } = "";
        public string Label { get; set; } = "";
        public long CreatedMs { get; set; }
        public long ExpiresMs { get; set; }
        public long? RevokedMs { get; set; }
        public ApiTokenRecord ToRecord() => new(Id, UserName, Label, DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs),
            DateTimeOffset.FromUnixTimeMilliseconds(ExpiresMs), RevokedMs is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null);
    }

    // A token row joined with its user's columns (one query per request instead of two).
    private sealed class TokenUserRow : TokenRow
    {
        public string PasswordHash { get; set; } = "";
        public string Roles { get; set; } = "";
        public long Disabled { get; set; }
        public long UserCreatedMs { get; set; }
        public GatewayUser ToUser() => new UserRow { Name = UserName, PasswordHash = PasswordHash, Roles = Roles, Disabled = Disabled, CreatedMs = UserCreatedMs }.ToUser();
    }
}
