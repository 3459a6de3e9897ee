using System.Security.Claims;
using System.Text.Encodings.Web;
using DispenseStation.Gateway.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// The test host's default caller: a request without a token or session cookie is the user "test-admin" with every
/// role, so tests written before sign-in existed keep working. A request carrying <see cref="AnonymousHeader"/> stays
/// anonymous; tokens and cookies are checked for real.
/// </summary>
public sealed class TestUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "test-user";
    public const string Name = "test-admin";
    public const string AnonymousHeader = "X-Test-Anonymous";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.ContainsKey(AnonymousHeader)) return Task.FromResult(AuthenticateResult.NoResult());
        var user = new GatewayUser(Name, "", GatewayRoles.All, false, DateTimeOffset.UnixEpoch);
        var identity = AuthSetup.Identity(user, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Plugs the default user into a gateway being built.</summary>
    public static void Install(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestUserHandler>(SchemeName, null);
        builder.Services.Configure<CredentialSchemeOptions>(o => o.WithoutCredentials = SchemeName);
    }
}
