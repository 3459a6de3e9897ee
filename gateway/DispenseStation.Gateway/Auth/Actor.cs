using System.Security.Claims;

namespace DispenseStation.Gateway.Auth;

/// <summary>The name written into records for the caller of an endpoint that requires a role.</summary>
public static class Actor
{
    /// <summary>The signed-in user's name; endpoints that write require a role, so there always is one there.</summary>
    public static string Name(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name
            : throw new InvalidOperationException("an attributed action reached the endpoint without a signed-in user");
}
