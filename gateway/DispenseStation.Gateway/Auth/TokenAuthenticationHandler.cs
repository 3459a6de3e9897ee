using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Auth;

/// <summary>Authenticates "Authorization: Bearer dst_..." against the stored API tokens (the CLI's login).</summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Accounts accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string TokenIdClaim = "ds:token-id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var resolved = await accounts.ResolveTokenAsync(header[7..].Trim(), Context.RequestAborted);
        if (resolved is not { } found)
        {
            Context.Items[AuthSetup.FailureKey] = "the API token is unknown, revoked or expired: run 'login' again";
            return AuthenticateResult.Fail("unknown, revoked or expired token");
        }
        var identity = AuthSetup.Identity(found.User, Scheme.Name);
        identity.AddClaim(new Claim(TokenIdClaim, found.Token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
