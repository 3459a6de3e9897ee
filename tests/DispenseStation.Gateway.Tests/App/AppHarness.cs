using System.Net.Http.Json;
using System.Text.Json;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DispenseStation.Gateway.Tests.App;

/// <summary>The gateway with embedded broker and SQLite, an HTTP client on its API, and scripted stations ds-01..ds-03.</summary>
public sealed class AppHarness : IAsyncDisposable
{
    public const string Password = "station-secret";
    public static readonly string[] StationIds = ["ds-01", "ds-02", "ds-03"];
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<FakeStation> _stations = new();

    private AppHarness(RunningGateway gateway, HttpClient http)
    {
        Gateway = gateway;
        Http = http;
    }

    public RunningGateway Gateway { get; }
    public HttpClient Http { get; }

    public static async Task<AppHarness> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = RunningGateway.StationSettings(StationIds.ToDictionary(id => id, _ => Password));
        settings["Gateway:Orchestration:CommandTimeoutSeconds"] = "5";
        // Scripted batches last well under a second: store telemetry in 20 ms buckets so it lands while they run.
        settings["Gateway:Telemetry:DownsampleMilliseconds"] = "20";
        // Simulated stations run faster than real time: lift the telemetry rate limit meant for real ones.
        settings["Gateway:Mqtt:Limits:PublishesPerSecond"] = "100000";
        settings["Gateway:Mqtt:Limits:PublishBurst"] = "100000";
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var gateway = await RunningGateway.StartAsync(settings);
        var address = gateway.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AppHarness(gateway, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>A client that sends no credentials and is not the default test user: the gateway sees an anonymous caller.</summary>
    public HttpClient AnonymousClient()
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(TestUserHandler.AnonymousHeader, "1");
        return client;
    }

    /// <summary>Creates user <paramref name="name"/> with <paramref name="roles"/> (password <see cref="UserPassword"/>) and returns a client holding an API token of theirs.</summary>
    public async Task<HttpClient> ClientAsAsync(string name, params string[] roles)
    {
        var accounts = Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Auth.Accounts>();
        var user = await accounts.Store.FindAsync(name) ?? await accounts.CreateAsync(name, UserPassword, roles);
        var (_, token, _) = await accounts.IssueTokenAsync(user, "test", TimeSpan.FromHours(1));
        var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public const string UserPassword = "correct horse battery";

    public async Task<FakeStation> ConnectStationAsync(string id)
    {
        var station = await FakeStation.ConnectAsync(Gateway.MqttPort, id, Password);
        _stations.Add(station);
        // Asked of the registry, not the API: a harness without the default test user has an anonymous Http client.
        var registry = Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Registry.StationRegistry>();
        await WaitForAsync(() => Task.FromResult(registry.Find(id)?.Online == true), $"{id} online");
        return station;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<(int Status, JsonElement Body)> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after the timeout (15 s by default).</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    public async Task WaitForBatchStateAsync(string batchId, string state)
    {
        try
        {
            // 60 s, not the 15 s default: on a loaded run a scripted batch took ~0.45 s a message, ~26 s in all, still
            // advancing when the 15 s ran out (the quoted station and messages showed it). A wait that passes costs nothing.
            await WaitForAsync(async () =>
                (await GetJsonAsync($"/api/batches/{batchId}")).GetProperty("batch").GetProperty("state").GetString() == state, $"batch {batchId} {state}",
                TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            // Two loaded runs timed out here with nothing else to go on: say how far the record got (a stalled batch, a lost
            // event, or only a slow machine read differently).
            string record;
            try { record = (await GetJsonAsync($"/api/batches/{batchId}")).ToString(); }
            catch (Exception x) when (x is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException) { record = "unavailable: " + x.Message; }
            throw new TimeoutException(e.Message + "; the record shows: " + (record.Length > 3000 ? record[..3000] + "..." : record)
                + "\nstations: " + string.Join("; ", _stations.Select(s => s.Describe()))
                + "\ngateway warnings (last " + Gateway.Warnings.Snapshot().Count + "):\n  " + string.Join("\n  ", Gateway.Warnings.Snapshot())
                + "\nmessages the gateway received (last 60):\n  " + string.Join("\n  ", Gateway.Received.Snapshot()), e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _stations) await s.DisposeAsync();
        Http.Dispose();
        await Gateway.DisposeAsync();
    }
}

public static class JsonAssert
{
    /// <summary>The (field, rule, line) entries of an API error body.</summary>
    public static List<(string Field, string Rule, int? Line)> Errors(JsonElement body) =>
        body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("rule").GetString()!,
            e.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : (int?)null)).ToList();
}
