using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DispenseStation.Gateway.Bench.BadRequests;

/// <summary>
/// The flooding side of <see cref="BadRequestFloodBench"/>, run in its own process (so that its sockets and CPU are not
/// the gateway's): <c>requests</c> bad requests, <c>concurrency</c> of them open at once, cycling through the kinds of
/// input the gateway must refuse. Prints one JSON line: status counts per kind, transport failures and the wall time.
/// </summary>
public static class BadRequestFlood
{
    /// <summary>
    /// One kind of bad request and the statuses the gateway owes it. Kinds sent to an endpoint under the concurrency limit
    /// on recipe requests (HeavyRequests) may also be refused with 429 before their body is read, once every place is taken.
    /// </summary>
    private sealed record Kind(string Name, int[] Owed, Func<HttpClient, string, Task<HttpResponseMessage>> Send);

    public sealed record Outcome(Dictionary<string, Dictionary<string, int>> Statuses, int TransportFailures, double Seconds, int Requests, int Concurrency);

    private static readonly string Nested = JsonSerializer.Serialize(new { recipeYaml = "name: deep\nx: " + new string('[', 35_000) + new string(']', 35_000) });
    private static readonly string Bomb = JsonSerializer.Serialize(new { recipeYaml = AliasBomb(11) });
    private static readonly string Traversal = JsonSerializer.Serialize(new { recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "../../etc/passwd" });
    private static readonly byte[] Oversized = Encoding.ASCII.GetBytes("{\"recipeYaml\":\"" + new string('x', 1 << 20) + "\"}");

    private static readonly Kind[] Kinds =
    [
        new("nested YAML, no login", [401], (c, _) => c.PostAsync("/api/recipes/validate", Json(Nested))),
        new("nested YAML (70 KB, 35 000 levels)", [400, 429], (c, t) => c.SendAsync(WithToken(HttpMethod.Post, "/api/recipes/validate", t, Json(Nested)))),
        new("alias bomb as mapping keys (11 levels)", [400, 429], (c, t) => c.SendAsync(WithToken(HttpMethod.Post, "/api/recipes/validate", t, Json(Bomb)))),
        new("path as station id on /api/plan", [400, 429], (c, t) => c.SendAsync(WithToken(HttpMethod.Post, "/api/plan", t, Json(Traversal)))),
        new("malformed JSON on /api/batches", [400, 429], (c, t) => c.SendAsync(WithToken(HttpMethod.Post, "/api/batches", t, Json("{\"recipe\": [")))),
        new("wrong token", [401], (c, _) => c.SendAsync(WithToken(HttpMethod.Get, "/api/batches", "not-a-token", null))),
    ];

    /// <summary>Every this-many requests one carries a 1 MiB body (over the 1 MiB limit): 413 before it is read.</summary>
    private const int OversizedEvery = 60;

    public static async Task<Outcome> RunAsync(string baseUrl, string token, int requests, int concurrency)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var statuses = new Dictionary<string, Dictionary<string, int>>();
        int failures = 0, next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var (name, send) = i % OversizedEvery == OversizedEvery - 1
                    ? ("1 MiB body over the limit", (Func<Task<HttpResponseMessage>>)(() => client.SendAsync(WithToken(HttpMethod.Post, "/api/recipes/validate", token, new ByteArrayContent(Oversized) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }))))
                    : (Kinds[i % Kinds.Length].Name, () => Kinds[i % Kinds.Length].Send(client, token));
                string status;
                try
                {
                    using var response = await send();
                    status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref failures);
                    status = "transport: " + e.GetType().Name;
                }
                lock (statuses)
                {
                    if (!statuses.TryGetValue(name, out var byStatus)) statuses[name] = byStatus = new();
                    byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        return new Outcome(statuses, failures, watch.Elapsed.TotalSeconds, requests, concurrency);
    }

    /// <summary>What each kind may be answered with, for the report's check. The size limit comes before the concurrency limit: 413 only.</summary>
    public static IReadOnlyDictionary<string, int[]> Owed() =>
        Kinds.ToDictionary(k => k.Name, k => k.Owed).Append(new("1 MiB body over the limit", [413])).ToDictionary(p => p.Key, p => p.Value);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpRequestMessage WithToken(HttpMethod method, string path, string token, HttpContent? content) =>
        new(method, path) { Content = content, Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    /// <summary>Nine copies per level, each level's anchor used as mapping keys of the next (9^levels nodes if expanded).</summary>
    private static string AliasBomb(int levels)
    {
        var b = new StringBuilder("l0: &l0 [x,x,x,x,x,x,x,x,x]\n");
        for (var i = 1; i <= levels; i++)
            b.Append($"l{i}: &l{i} ").Append("{" + string.Join(", ", Enumerable.Range(0, 9).Select(k => $"? *l{i - 1} : {k}")) + "}").Append('\n');
        return b.ToString();
    }
}
