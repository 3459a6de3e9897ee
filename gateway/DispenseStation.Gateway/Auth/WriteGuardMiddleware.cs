using DispenseStation.Gateway.Api;
using DispenseStation.Gateway.Orchestration;
using Microsoft.AspNetCore.Antiforgery;

namespace DispenseStation.Gateway.Auth;

/// <summary>
/// Refuses cross-site writes: an Origin header that is not this gateway's own (403), and a write made with the
/// session cookie that lacks the antiforgery token the dashboard sends in X-CSRF-TOKEN (400). Bearer-token writes
/// carry no ambient credential, so only the origin rule applies to them.
/// </summary>
public sealed class WriteGuardMiddleware(RequestDelegate next, IAntiforgery antiforgery)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            await next(context);
            return;
        }
        string? origin = context.Request.Headers.Origin;
        if (origin is not null && !SameOrigin(origin, context.Request))
        {
            await ApiErrorMiddleware.WriteAsync(context, new ApiErrorBody("cross-origin write refused", 403,
                [new ApiError("Origin", $"'{origin}' is not this gateway ({context.Request.Scheme}://{context.Request.Host})")]));
            return;
        }
        // Sign-in endpoints (anonymous by design) are exempt: a stale session must not block signing in as someone else.
        var open = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;
        if (!open && context.User.Identity is { IsAuthenticated: true, AuthenticationType: AuthSetup.CookieScheme })
        {
            try { await antiforgery.ValidateRequestAsync(context); }
            catch (AntiforgeryValidationException)
            {
                await ApiErrorMiddleware.WriteAsync(context, new ApiErrorBody("antiforgery token missing or invalid", 400,
                    [new ApiError(AuthSetup.CsrfHeader, "a write with the session cookie needs the page's current token in the X-CSRF-TOKEN header; reload the page")]));
                return;
            }
        }
        await next(context);
    }

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o)
        && string.Equals(o.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
