using DispenseStation.Gateway.Api;
using DispenseStation.Gateway.Orchestration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace DispenseStation.Gateway.Auth;

/// <summary>Refusals in the API's error shape: 401 says how to sign in, 403 names the role the endpoint needs.</summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var why = context.Items[AuthSetup.FailureKey] as string
                ?? "sign in on the dashboard (/login.html) or send 'Authorization: Bearer <token>' (the CLI's 'login' stores one)";
            return ApiErrorMiddleware.WriteAsync(context, new ApiErrorBody("authentication required", 401, [new ApiError("authorization", why)]));
        }
        if (result.Forbidden)
        {
            var roles = result.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToList() ?? [];
            var user = context.User.Identity?.Name ?? "this caller";
            var rule = roles.Count > 0 ? $"needs role {string.Join(" or ", roles)}; {user} has {string.Join(", ", context.User.Claims.Where(c => c.Type == System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).DefaultIfEmpty("none"))}"
                : $"{user} may not do this";
            return ApiErrorMiddleware.WriteAsync(context, new ApiErrorBody("forbidden", 403, [new ApiError("role", rule)]));
        }
        return _default.HandleAsync(next, context, policy, result);
    }
}
