using DispenseStation.Gateway.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace DispenseStation.Gateway.Tests.Auth;

/// <summary>One endpoint of the route table as the authorization tests see it.</summary>
public sealed record RouteRule(string Method, string Pattern, bool Anonymous, IReadOnlyList<string> Policies)
{
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    /// <summary>The roles that pass: a role policy admits that role; "viewer" (read) admits every role.</summary>
    public IReadOnlyList<string> AllowedRoles => Policies.Contains(GatewayRoles.Viewer) ? GatewayRoles.All
        : GatewayRoles.All.Where(Policies.Contains).ToList();

    /// <summary>A concrete path for the pattern: route parameters get sample values that name nothing (a real id would let one role's call revoke or change what the next call uses).</summary>
    public string SamplePath() => System.Text.RegularExpressions.Regex.Replace(Pattern, @"\{\**([a-zA-Z]+)(:[a-z]+)?\}",
        m => m.Groups[2].Value == ":long" || m.Groups[2].Value == ":int" ? "999999" : "sample");
}

/// <summary>Reads the route table of a built gateway, so a new endpoint is covered the moment it is mapped.</summary>
public static class RouteRules
{
    /// <summary>Sign-in endpoints: anonymous by design (login cannot require being logged in).</summary>
    public static readonly string[] AnonymousWrites = ["POST /api/auth/login", "POST /api/auth/logout", "POST /api/auth/tokens"];
    public static readonly string[] AnonymousReads = ["GET /health", "GET /api/auth/me"];

    public static List<RouteRule> Of(IEndpointRouteBuilder app) =>
        app.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => new RouteRule(m,
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList())))
            .ToList();

    /// <summary>Write endpoints without a role rule, and anonymous ones not on the sign-in list: each one a reason the build fails.</summary>
    public static List<string> Unruled(IEnumerable<RouteRule> rules)
    {
        var problems = new List<string>();
        foreach (var r in rules.Where(r => r.IsWrite || r.Method == "*"))
        {
            var key = $"{r.Method} {r.Pattern}";
            if (r.Anonymous)
            {
                if (!AnonymousWrites.Contains(key)) problems.Add($"{key}: allows anonymous callers but is not a sign-in endpoint");
            }
            else if (!r.Policies.Any(GatewayRoles.IsKnown))
                problems.Add($"{key}: has no role rule; add .RequireAuthorization(GatewayRoles.Technician/Engineer/Supervisor/Viewer)");
        }
        return problems;
    }
}
