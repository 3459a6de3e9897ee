using System.Security.Claims;
using System.Text.Json;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Auth;

/// <summary>Body of POST /api/auth/login and /api/auth/tokens.</summary>
public sealed record LoginRequest(string? Name, string? Password, string? Label);

/// <summary>
/// POST /api/auth/login (session cookie), /api/auth/logout, GET /api/auth/me (who, roles, antiforgery token),
/// POST /api/auth/tokens (API token for the CLI), GET /api/auth/tokens, POST /api/auth/tokens/{id}/revoke.
/// Logins are rate-limited per address and audited, failed ones too.
/// </summary>
public static class AuthApi
{
    public const int MaxLabelLength = 64;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/login", async (HttpContext http, Accounts accounts, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            var request = await ReadLoginAsync(http, ct);
            var user = await CheckLoginAsync(request, "session", http, accounts, repo, time, ct);
            await http.SignInAsync(AuthSetup.CookieScheme, new ClaimsPrincipal(AuthSetup.Identity(user, AuthSetup.CookieScheme)));
            return Results.Ok(new { name = user.Name, roles = user.Roles });
        }).AllowAnonymous().RequireRateLimiting(AuthSetup.LoginRateLimit);

        api.MapPost("/auth/logout", async (HttpContext http, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            if (http.User.Identity is { IsAuthenticated: true, Name: { } name })
                await repo.AppendAuditAsync(time.GetUtcNow(), name, AuditEntity.Session, name, "logout", "{}", ct);
            await http.SignOutAsync(AuthSetup.CookieScheme);
            return Results.NoContent();
        }).AllowAnonymous();

        // The dashboard asks first: who am I, and the token its writes must carry.
        api.MapGet("/auth/me", (HttpContext http, IAntiforgery antiforgery, IOptions<AuthOptions> options) =>
        {
            var signedIn = http.User.Identity?.IsAuthenticated == true;
            var csrf = signedIn ? antiforgery.GetAndStoreTokens(http).RequestToken : null;
            return Results.Ok(new
            {
                signedIn, name = http.User.Identity?.Name,
                roles = http.User.FindAll(ClaimTypes.Role).Select(c => c.Value),
                csrf, anonymousRead = options.Value.AnonymousRead,
            });
        }).AllowAnonymous();

        api.MapPost("/auth/tokens", async (LoginRequest? request, HttpContext http, Accounts accounts, IGatewayRepository repo, TimeProvider time,
            IOptions<AuthOptions> options, CancellationToken ct) =>
        {
            var label = request?.Label?.Trim() is { Length: > 0 } l ? l : "cli";
            if (label.Length > MaxLabelLength) throw RequestRejectedException.BadRequest("label", $"at most {MaxLabelLength} characters");
            var user = await CheckLoginAsync(request, "token", http, accounts, repo, time, ct);
            var (id, token, expires) = await accounts.IssueTokenAsync(user, label, TimeSpan.FromDays(options.Value.TokenDays), ct);
            await repo.AppendAuditAsync(time.GetUtcNow(), user.Name, AuditEntity.Session, user.Name, "token-issued",
                JsonSerializer.Serialize(new { tokenId = id, label, expires }), ct);
            return Results.Ok(new { id, token, name = user.Name, roles = user.Roles, expiresAt = expires });
        }).AllowAnonymous().RequireRateLimiting(AuthSetup.LoginRateLimit);

        api.MapGet("/auth/tokens", async (HttpContext http, Accounts accounts, CancellationToken ct) =>
            (await accounts.Store.ListTokensAsync(http.User.Name(), ct)).Select(t => new { t.Id, t.Label, t.CreatedAt, t.ExpiresAt, t.RevokedAt }))
            .RequireAuthorization(GatewayRoles.Viewer);

        // A user revokes their own tokens; 'logout' in the CLI revokes the one it holds.
        api.MapPost("/auth/tokens/{id:long}/revoke", async (long id, HttpContext http, Accounts accounts, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            var name = http.User.Name();
            if (!await accounts.Store.RevokeTokenAsync(id, name, time.GetUtcNow(), ct))
                throw RequestRejectedException.NotFound("id", $"no active token {id} of {name}");
            await repo.AppendAuditAsync(time.GetUtcNow(), name, AuditEntity.Session, name, "token-revoked", JsonSerializer.Serialize(new { tokenId = id }), ct);
            return Results.NoContent();
        }).RequireAuthorization(GatewayRoles.Viewer);
    }

    /// <summary>Accepts a JSON body or the login page's form post.</summary>
    private static async Task<LoginRequest?> ReadLoginAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            return new LoginRequest(form["name"], form["password"], null);
        }
        return http.Request.ContentLength is 0 ? null : await http.Request.ReadFromJsonAsync<LoginRequest>(ct);
    }

    private static async Task<GatewayUser> CheckLoginAsync(LoginRequest? request, string kind, HttpContext http, Accounts accounts, IGatewayRepository repo,
        TimeProvider time, CancellationToken ct)
    {
        if (request is null || string.IsNullOrEmpty(request.Name) || string.IsNullOrEmpty(request.Password))
            throw RequestRejectedException.BadRequest("name", "name and password are required");
        var user = await accounts.VerifyAsync(request.Name, request.Password, ct);
        var who = Accounts.NameError(request.Name) is null ? request.Name : "(invalid name)";
        var details = JsonSerializer.Serialize(new { kind, address = http.Connection.RemoteIpAddress?.ToString() });
        if (user is null)
        {
            await repo.AppendAuditAsync(time.GetUtcNow(), who, AuditEntity.Session, who, "login-failed", details, ct);
            throw new RequestRejectedException(401, "login failed", [new ApiError("password", "unknown user, wrong password or disabled account")]);
        }
        await repo.AppendAuditAsync(time.GetUtcNow(), user.Name, AuditEntity.Session, user.Name, "login", details, ct);
        return user;
    }
}
