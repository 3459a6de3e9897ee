using System.Security.Claims;
using System.Threading.RateLimiting;
using DispenseStation.Gateway.Api;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Auth;

/// <summary>
/// People's authentication and authorization: session cookies for the dashboard, bearer tokens for the CLI,
/// one policy per role (<see cref="GatewayRoles"/>), antiforgery on cookie-authenticated writes, login rate limit.
/// </summary>
public static class AuthSetup
{
    public const string Scheme = "gateway";
    public const string CookieScheme = "cookie";
    public const string TokenScheme = "token";
    public const string CookieName = "ds.session";
    public const string CsrfHeader = "X-CSRF-TOKEN";
    public const string LoginRateLimit = "login";
    internal const string FailureKey = "ds:auth-failure";

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section))
            .Validate(o => o.SessionMinutes is >= 1 and <= 7 * 24 * 60, $"{AuthOptions.Section}:SessionMinutes: must be between 1 and 10080")
            .Validate(o => o.TokenDays is >= 1 and <= 366, $"{AuthOptions.Section}:TokenDays: must be between 1 and 366")
            .Validate(o => o.LoginAttemptsPerMinute is >= 1 and <= 10_000, $"{AuthOptions.Section}:LoginAttemptsPerMinute: must be between 1 and 10000")
            .ValidateOnStart();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<StorageSetup>();
            return new UserStore(storage.Dialect, storage.ConnectionString);
        });
        services.AddSingleton<Accounts>();
        services.AddOptions<CredentialSchemeOptions>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "session cookie or API token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(auth.SessionMinutes);
                o.SlidingExpiration = true;
                o.LoginPath = "/login.html";
                o.Events.OnValidatePrincipal = RefreshFromStoreAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenScheme, null);

        services.AddAuthorization(o =>
        {
            foreach (var role in GatewayRoles.All.Where(r => r != GatewayRoles.Viewer))
                o.AddPolicy(role, p => p.RequireAuthenticatedUser().RequireRole(role));
            // Every role reads: a technician sees the batches they run.
            o.AddPolicy(GatewayRoles.Viewer, p => p.RequireAuthenticatedUser().RequireRole(GatewayRoles.All));
            o.FallbackPolicy = auth.AnonymousRead ? null : o.GetPolicy(GatewayRoles.Viewer);
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = "ds.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => new ValueTask(ApiErrorMiddleware.WriteAsync(context.HttpContext, new ApiErrorBody("too many login attempts", 429,
                [new ApiError("login", $"at most {auth.LoginAttemptsPerMinute} attempts per minute from one address; wait and try again")])));
            o.AddPolicy(LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    /// <summary>Authentication, the write guard (origin and antiforgery), authorization, then rate limits (sign-in and signing).</summary>
    public static void Use(WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<WriteGuardMiddleware>();
        app.UseAuthorization();
        app.UseRateLimiter();
    }

    public static ClaimsIdentity Identity(GatewayUser user, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, user.Name) };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role);
    }

    /// <summary>Bearer token when one is sent, the session cookie when present, else the configured scheme for callers without credentials.</summary>
    private static string SelectScheme(HttpContext http)
    {
        string? header = http.Request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return TokenScheme;
        if (http.Request.Cookies.ContainsKey(CookieName)) return CookieScheme;
        return http.RequestServices.GetRequiredService<IOptions<CredentialSchemeOptions>>().Value.WithoutCredentials;
    }

    /// <summary>A session ends when its user is disabled or deleted, and follows role changes on the next request.</summary>
    private static async Task RefreshFromStoreAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var store = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var user = name is null ? null : await store.FindAsync(name, context.HttpContext.RequestAborted);
        if (user is null || user.Disabled)
        {
            context.HttpContext.Items[FailureKey] = "the session's user is disabled: sign in again";
            context.RejectPrincipal();
            return;
        }
        var roles = context.Principal!.FindAll(ClaimTypes.Role).Select(c => c.Value).Order().ToList();
        if (!roles.SequenceEqual(user.Roles.Order()))
        {
            context.ReplacePrincipal(new ClaimsPrincipal(Identity(user, CookieScheme)));
            context.ShouldRenew = true;
        }
    }
}
