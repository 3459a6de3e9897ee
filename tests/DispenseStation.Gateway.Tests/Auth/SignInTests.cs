using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Auth;

/// <summary>Sessions, tokens, antiforgery and the login rate limit, over real HTTP on a gateway without the default test user.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync(new() { [RunningGateway.DefaultUserSetting] = "false",
        ["Gateway:Auth:LoginAttemptsPerMinute"] = "6" });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Accounts Accounts => _h.Gateway.App.Services.GetRequiredService<Accounts>();

    private HttpClient CookieClient(CookieContainer jar) =>
        new(new HttpClientHandler { CookieContainer = jar, UseCookies = true }) { BaseAddress = _h.Http.BaseAddress };

    [Fact]
    public async Task Anonymous_callers_get_401_naming_how_to_sign_in_and_health_stays_open()
    {
        using var r = await _h.Http.GetAsync("/api/batches");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var body = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("login", JsonAssert.Errors(body).Single().Rule);
        Assert.Equal(HttpStatusCode.OK, (await _h.Http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _h.Http.PostAsJsonAsync("/api/batches", new { recipe = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_reads_and_writes_only_with_the_antiforgery_token()
    {
        await Accounts.CreateAsync("tess", "tess-password-1", [GatewayRoles.Supervisor]);
        var jar = new CookieContainer();
        using var c = CookieClient(jar);
        using var wrong = await c.PostAsJsonAsync("/api/auth/login", new { name = "tess", password = "not-her-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var login = await c.PostAsJsonAsync("/api/auth/login", new { name = "tess", password = "tess-password-1" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/users")).StatusCode);
        var newUser = new { name = "ned", password = "ned-password-1", roles = new[] { "engineer" } };
        // A cross-site form post carries the cookie but not the token.
        using var forged = await c.PostAsJsonAsync("/api/users", newUser);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(AuthSetup.CsrfHeader, await forged.Content.ReadAsStringAsync());
        using var fake = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(newUser) };
        fake.Headers.Add(AuthSetup.CsrfHeader, "forged-token");
        Assert.Equal(HttpStatusCode.BadRequest, (await c.SendAsync(fake)).StatusCode);
        Assert.Null(await Accounts.Store.FindAsync("ned")); // nothing half-applied

        var me = await c.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("tess", me.GetProperty("name").GetString());
        using var real = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(newUser) };
        real.Headers.Add(AuthSetup.CsrfHeader, me.GetProperty("csrf").GetString());
        Assert.Equal(HttpStatusCode.Created, (await c.SendAsync(real)).StatusCode);

        var audit = await c.GetFromJsonAsync<JsonElement>("/api/audit?entity=User&entityId=ned");
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal("tess", entry.GetProperty("actor").GetString());
        Assert.Contains("\"after\":{\"roles\":[\"engineer\"]", entry.GetProperty("details").GetString());
        var logins = await c.GetFromJsonAsync<JsonElement>("/api/audit?entity=Session&actor=tess");
        Assert.Equal(["login-failed", "login"], logins.EnumerateArray().Select(e => e.GetProperty("action").GetString()));

        // Disabling the user ends the session on its next request.
        await Accounts.Store.UpdateAsync("tess", [GatewayRoles.Supervisor], disabled: true, DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task A_token_works_until_revoked_and_a_wrong_role_gets_403_naming_the_role()
    {
        await Accounts.CreateAsync("vic", "vic-password-1", [GatewayRoles.Viewer]);
        using var anon = new HttpClient { BaseAddress = _h.Http.BaseAddress };
        using var issued = await anon.PostAsJsonAsync("/api/auth/tokens", new { name = "vic", password = "vic-password-1", label = "laptop" });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var t = await issued.Content.ReadFromJsonAsync<JsonElement>();
        using var c = new HttpClient { BaseAddress = _h.Http.BaseAddress };
        c.DefaultRequestHeaders.Authorization = new("Bearer", t.GetProperty("token").GetString());

        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/batches")).StatusCode);
        using var refused = await c.PostAsJsonAsync("/api/batches", new { recipe = "x", station = "ds-01" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("needs role technician; vic has viewer", await refused.Content.ReadAsStringAsync());

        // Bearer writes need no antiforgery token (no ambient credential), but a foreign Origin is refused.
        using var cross = new HttpRequestMessage(HttpMethod.Post, $"/api/auth/tokens/{t.GetProperty("id").GetInt64()}/revoke");
        cross.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await c.SendAsync(cross)).StatusCode);
        using var revoke = await c.PostAsync($"/api/auth/tokens/{t.GetProperty("id").GetInt64()}/revoke", null);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var after = await c.GetAsync("/api/batches");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_attempts_beyond_the_limit_get_429_even_with_the_right_password()
    {
        await Accounts.CreateAsync("rita", "rita-password-1", [GatewayRoles.Technician]);
        using var c = new HttpClient { BaseAddress = _h.Http.BaseAddress };
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await c.PostAsJsonAsync("/api/auth/tokens", new { name = "rita", password = "guess-" + i })).StatusCode);
        using var limited = await c.PostAsJsonAsync("/api/auth/tokens", new { name = "rita", password = "rita-password-1" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("at most 6 attempts per minute", await limited.Content.ReadAsStringAsync());
    }
}
