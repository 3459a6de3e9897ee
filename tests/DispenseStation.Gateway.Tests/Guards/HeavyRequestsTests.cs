using System.Net;
using System.Text;
using System.Text.Json;
using DispenseStation.Gateway.Guards;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;

namespace DispenseStation.Gateway.Tests.Guards;

/// <summary>
/// The concurrency limit on recipe, profile, plan, diff and record-check endpoints (<see cref="HeavyRequests"/>):
/// places are held by requests whose body is still on its way, so every step waits on the limiter's own count, never
/// on time.
/// </summary>
public sealed class HeavyRequestsTests
{
    private const string Recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head";

    /// <summary>A JSON body sent in two parts: the second only once <see cref="Release"/> is called, so the request holds its place until then.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldBody() => Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("{\"recipe\": "));
            await stream.FlushAsync();
            await _release.Task;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Recipe) + "}"));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static async Task<AppHarness> StartAsync(int parallel, int queued) => await AppHarness.StartAsync(new()
    {
        ["Gateway:Limits:HeavyRequestsInParallel"] = parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:Limits:HeavyRequestsQueued"] = queued.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static (HeldBody Body, Task<HttpResponseMessage> Response) Hold(AppHarness h)
    {
        var body = new HeldBody();
        return (body, h.Http.PostAsync("/api/recipes/validate", body));
    }

    [Fact]
    public async Task With_every_place_held_the_next_heavy_request_is_429_naming_the_limit_while_health_and_reads_answer()
    {
        await using var h = await StartAsync(parallel: 2, queued: 0);
        var heavy = h.Gateway.App.Services.GetRequiredService<HeavyRequests>();

        // Two at once is the limit: both are admitted and wait for the rest of their body.
        var held = new[] { Hold(h), Hold(h) };
        await AppHarness.WaitForAsync(() => Task.FromResult(heavy.AvailablePermits == 0), "both places taken");

        // The third is one over: refused before its body is read, in the API's error shape, with Retry-After.
        foreach (var path in new[] { "/api/recipes/validate", "/api/plan", "/api/recipes/validate-all" })
        {
            using var refused = await h.Http.PostAsync(path, JsonContent(new { recipe = Recipe, station = "ds-01" }));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("too many requests", body.GetProperty("title").GetString());
            var error = Assert.Single(JsonAssert.Errors(body));
            Assert.Equal("limits", error.Field);
            Assert.StartsWith("at most 2 recipe, profile, plan, diff or record-check requests at once (Gateway:Limits:HeavyRequestsInParallel) and 0 waiting (Gateway:Limits:HeavyRequestsQueued)", error.Rule);
        }

        // /health and reads of stored data are never limited.
        using (var health = await h.Http.GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var batches = await h.Http.GetAsync("/api/batches")) Assert.Equal(HttpStatusCode.OK, batches.StatusCode);

        // The held requests were admitted, not refused: released, both are answered in full.
        foreach (var (body, _) in held) body.Release();
        foreach (var (_, response) in held)
        {
            using var r = await response;
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        await AppHarness.WaitForAsync(() => Task.FromResult(heavy.AvailablePermits == 2), "both places free again");
        var (status, _) = await h.PostAsync("/api/recipes/validate", new { recipe = Recipe });
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task A_request_beyond_the_places_waits_while_the_queue_has_room_and_one_more_is_refused()
    {
        await using var h = await StartAsync(parallel: 1, queued: 1);
        var heavy = h.Gateway.App.Services.GetRequiredService<HeavyRequests>();
        var first = Hold(h);
        await AppHarness.WaitForAsync(() => Task.FromResult(heavy.AvailablePermits == 0), "the place taken");

        // The queue's one place: this request waits instead of being refused.
        var waiting = h.Http.PostAsync("/api/plan", JsonContent(new { recipe = Recipe, station = "ds-01" }));
        await AppHarness.WaitForAsync(() => Task.FromResult(heavy.Queued == 1), "one request queued");

        // Place and queue full: the next one is refused at once.
        using (var refused = await h.Http.PostAsync("/api/recipes/validate", JsonContent(new { recipe = Recipe })))
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.False(waiting.IsCompleted);

        first.Body.Release();
        using (var r = await first.Response) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await waiting) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Every_endpoint_that_parses_recipe_or_profile_text_is_limited_and_health_is_not()
    {
        await using var h = await AppHarness.StartAsync();
        var limited = ((IEndpointRouteBuilder)h.Gateway.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == HeavyRequests.Policy)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[]
        {
            "GET /api/bake-profiles/{name}/diff",
            "GET /api/recipe-versions/{group}/{name}/diff",
            "POST /api/bake-profiles",
            "POST /api/bake-profiles/validate",
            "POST /api/batches",
            "POST /api/plan",
            "POST /api/recipe-versions/{group}/{name}",
            "POST /api/recipes/validate",
            "POST /api/recipes/validate-all",
            "POST /api/records/verify",
        }, limited);
        var health = RouteRules.Of(h.Gateway.App).Single(r => r.Pattern == "/health");
        var endpoint = ((IEndpointRouteBuilder)h.Gateway.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Single(e => e.RoutePattern.RawText == "/health");
        Assert.Null(endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>());
        Assert.True(health.Anonymous);
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
