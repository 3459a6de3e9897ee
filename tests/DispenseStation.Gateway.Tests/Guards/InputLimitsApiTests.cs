using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DispenseStation.Gateway.Tests.App;

namespace DispenseStation.Gateway.Tests.Guards;

/// <summary>Hostile input over real HTTP: each refusal is a clear 400/413/429, and the gateway keeps answering /health.</summary>
public sealed class InputLimitsApiTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    // The flood test opens 256 connections: above the default connection limit, which has its own tests (ConnectionLimitTests).
    public async Task InitializeAsync() => _h = await AppHarness.StartAsync(new() { ["Gateway:Limits:MaxEventStreams"] = "2", ["Gateway:Limits:MaxConnections"] = "1024" });
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task AssertHealthyAsync()
    {
        using var r = await _h.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Deeply_nested_yaml_is_refused_before_parsing_and_the_gateway_keeps_serving()
    {
        // The payload: 70 KB of nesting that overflowed the YAML library's stack and killed the process.
        var nested = "name: deep\nx: " + new string('[', 35_000) + new string(']', 35_000);
        var (status, body) = await _h.PostAsync("/api/recipes/validate", new { recipeYaml = nested });
        Assert.Equal(400, status);
        Assert.Equal("nested deeper than 32 levels", JsonAssert.Errors(body).Single().Rule);
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task An_alias_bomb_is_refused_on_validate_plan_and_batch()
    {
        var bomb = YamlGuardTests.AliasBomb(11, asKeys: true);
        foreach (var path in new[] { "/api/recipes/validate", "/api/plan", "/api/batches" })
        {
            var (status, body) = await _h.PostAsync(path, new { recipeYaml = bomb, station = "ds-01" });
            Assert.True(status == 400, $"{path}: {status} {body}");
            Assert.Contains("aliases count as copies", JsonAssert.Errors(body).Single().Rule);
        }
        Assert.Empty((await _h.GetJsonAsync("/api/batches")).EnumerateArray());
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task A_50_MB_body_is_413_naming_the_limit_and_a_streamed_one_is_cut_off()
    {
        // Declared 50 MB: Kestrel answers from the Content-Length before the body arrives (raw socket, so the
        // client can read the answer after the server stops reading).
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(_h.Http.BaseAddress!.Host, _h.Http.BaseAddress.Port);
            var stream = tcp.GetStream();
            var head = $"POST /api/recipes/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {50 * 1024 * 1024}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "{\"recipeYaml\":\"" + new string('x', 60_000)));
            var answer = new byte[8192];
            var text = "";
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            // Headers and body may arrive in separate packets: read until the error body is complete or the server closes.
            while (!text.EndsWith('}'))
            {
                var n = await stream.ReadAsync(answer, patience.Token);
                if (n == 0) break;
                text += Encoding.UTF8.GetString(answer, 0, n);
            }
            Assert.StartsWith("HTTP/1.1 413", text);
            Assert.Contains("at most 1048576 bytes (Gateway:Limits:MaxRequestBodyBytes)", text);
        }
        // Streamed 50 MB without a length: the server stops reading at the limit; the sender sees the connection end.
        var chunk = Encoding.ASCII.GetBytes(new string('x', 1 << 20));
        using var streamed = new PushStreamContentOf50MB(chunk);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _h.Http.PostAsync("/api/recipes/validate", streamed));
        await AssertHealthyAsync();
    }

    private sealed class PushStreamContentOf50MB(byte[] chunk) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var i = 0; i < 50; i++) await stream.WriteAsync(chunk);
        }
        protected override bool TryComputeLength(out long length) { length = 0; return false; }
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/hosts")]
    [InlineData("..")]
    public async Task A_station_id_is_an_identifier_never_a_path(string station)
    {
        var (status, body) = await _h.PostAsync("/api/plan", new { recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station });
        Assert.Equal(400, status);
        Assert.Equal("station", JsonAssert.Errors(body).Single().Field);
    }

    [Fact]
    public async Task A_foreign_host_header_is_refused()
    {
        using var m = new HttpRequestMessage(HttpMethod.Get, "/api/stations");
        m.Headers.Host = "rebound.attacker.example";
        using var r = await _h.Http.SendAsync(m);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task Errors_beyond_fifty_are_summarised_in_one_entry()
    {
        // Sixty unknown lot materials: sixty errors of the same request.
        var lots = Enumerable.Range(0, 60).ToDictionary(i => $"unknown-{i}", _ => "L1");
        var (status, body) = await _h.PostAsync("/api/batches", new { recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "ds-01", lots });
        Assert.Equal(400, status);
        var errors = JsonAssert.Errors(body);
        Assert.Equal(51, errors.Count);
        Assert.Equal(("errors", "10 more not shown (first 50 of 60)"), (errors[50].Field, errors[50].Rule));
    }

    [Fact]
    public async Task Event_streams_beyond_the_limit_get_429_and_a_closed_stream_frees_its_place()
    {
        async Task<HttpResponseMessage> Open() => await _h.Http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        var first = await Open();
        using var second = await Open();
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using (var third = await Open())
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.Contains("at most 2 open /api/events streams", await third.Content.ReadAsStringAsync());
        }
        first.Dispose();
        await AppHarness.WaitForAsync(async () =>
        {
            using var again = await Open();
            return again.StatusCode == HttpStatusCode.OK;
        }, "a stream place after one closed");
    }

    [Fact]
    public async Task Ten_thousand_concurrent_bad_requests_leave_health_answering()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256 };
        using var flood = new HttpClient(handler) { BaseAddress = _h.Http.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var statuses = new int[10_000];
        var health = new List<double>();
        using var stop = new CancellationTokenSource();
        var probe = Task.Run(async () =>
        {
            using var c = new HttpClient { BaseAddress = _h.Http.BaseAddress };
            while (!stop.IsCancellationRequested)
            {
                var sw = Stopwatch.StartNew();
                using var r = await c.GetAsync("/health");
                if (r.StatusCode == HttpStatusCode.OK) lock (health) health.Add(sw.Elapsed.TotalMilliseconds);
                await Task.Delay(50);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, statuses.Length).Select(async i =>
        {
            using var content = new StringContent("{\"recipeYaml\": [", Encoding.UTF8, "application/json");
            using var r = await flood.PostAsync("/api/recipes/validate", content);
            statuses[i] = (int)r.StatusCode;
        }));
        stop.Cancel();
        await probe;
        // Refused as malformed (400), or before being read when every place for recipe requests is taken (429, HeavyRequests).
        Assert.All(statuses, s => Assert.True(s is 400 or 429, $"status {s}"));
        Assert.Contains(400, statuses);
        Assert.NotEmpty(health);
        await AssertHealthyAsync();
        health.Sort();
        // Latency is measured, not asserted (timing belongs in benchmarks): printed for the closing note.
        Console.WriteLine($"health during flood: n={health.Count} median={health[health.Count / 2]:F1} ms max={health[^1]:F1} ms");
    }
}
