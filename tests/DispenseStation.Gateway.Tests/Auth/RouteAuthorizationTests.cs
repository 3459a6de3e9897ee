using System.Net;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Tests.App;
using Microsoft.AspNetCore.Authorization;

namespace DispenseStation.Gateway.Tests.Auth;

/// <summary>
/// Every endpoint of the real route table, called anonymously and as each single-role user: writes refuse anonymous
/// (401) and wrong-role (403) callers and admit the right role; reads refuse anonymous callers unless configured.
/// </summary>
public sealed class RouteAuthorizationTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static HttpRequestMessage Request(RouteRule r)
    {
        var m = new HttpRequestMessage(new HttpMethod(r.Method == "*" ? "POST" : r.Method), r.SamplePath());
        if (r.IsWrite || r.Method == "*") m.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        return m;
    }

    [Fact]
    public async Task Every_write_refuses_anonymous_and_wrong_role_callers_and_admits_its_role()
    {
        var rules = RouteRules.Of(_h.Gateway.App);
        Assert.Empty(RouteRules.Unruled(rules));
        var writes = rules.Where(r => (r.IsWrite || r.Method == "*") && !r.Anonymous).ToList();
        Assert.True(writes.Count >= 8, $"expected the write endpoints in the route table, found {writes.Count}");

        using var anonymous = _h.AnonymousClient();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in GatewayRoles.All) clients[role] = await _h.ClientAsAsync("only-" + role, role);
        var failures = new List<string>();
        foreach (var r in writes)
        {
            using (var response = await anonymous.SendAsync(Request(r)))
                if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{r.Method} {r.Pattern} anonymous: {(int)response.StatusCode}, expected 401");
            foreach (var role in GatewayRoles.All)
            {
                using var response = await clients[role].SendAsync(Request(r));
                var allowed = r.AllowedRoles.Contains(role);
                if (!allowed && response.StatusCode != HttpStatusCode.Forbidden)
                    failures.Add($"{r.Method} {r.Pattern} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}, expected 403");
                if (allowed && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    failures.Add($"{r.Method} {r.Pattern} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}, expected the role to pass");
            }
        }
        foreach (var c in clients.Values) c.Dispose();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_read_refuses_anonymous_callers_except_health_and_who_am_i()
    {
        using var anonymous = _h.AnonymousClient();
        var failures = new List<string>();
        foreach (var r in RouteRules.Of(_h.Gateway.App).Where(r => r.Method == "GET"))
        {
            using var response = await anonymous.SendAsync(Request(r));
            var open = RouteRules.AnonymousReads.Contains($"GET {r.Pattern}");
            if (open != (response.StatusCode != HttpStatusCode.Unauthorized))
                failures.Add($"GET {r.Pattern} anonymous: {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void A_write_endpoint_without_a_rule_is_caught()
    {
        var app = WebApplication.CreateBuilder().Build();
        app.MapPost("/api/new-feature", () => "ok");
        app.MapPost("/api/ruled", () => "ok").RequireAuthorization(GatewayRoles.Engineer);
        app.MapPost("/api/open", () => "ok").AllowAnonymous();
        app.MapGet("/api/read", () => "ok");
        var problems = RouteRules.Unruled(RouteRules.Of(app));
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("POST /api/new-feature: has no role rule", problems[0]);
        Assert.StartsWith("POST /api/open: allows anonymous callers", problems[1]);
    }
}
