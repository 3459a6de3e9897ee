using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DispenseStation.Gateway.Cli;

/// <summary>The CLI's view of a running gateway: JSON calls and the Server-Sent Events stream, with the stored API token (see <c>login</c>).</summary>
public sealed class GatewayClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public GatewayClient(string baseUrl, bool withToken = true)
    {
        _http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        if (withToken && TokenFile.TokenFor(baseUrl) is { } token)
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken ct)
    {
        using var response = await Send(() => _http.GetAsync(path.TrimStart('/'), ct));
        return await ReadAsync(response, ct);
    }

    public async Task<JsonElement> PostAsync(string path, object body, CancellationToken ct)
    {
        using var response = await Send(() => _http.PostAsJsonAsync(path.TrimStart('/'), body, Json, ct));
        return await ReadAsync(response, ct);
    }

    /// <summary>(event type, JSON data) pairs from /api/events until cancelled.</summary>
    public async IAsyncEnumerable<(string Type, JsonElement Data)> EventsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await Send(() => _http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, ct));
        if (!response.IsSuccessStatusCode) await ReadAsync(response, ct); // throws the refusal in words
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        string? type = null, data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            else if (line.Length == 0 && type is not null && data is not null)
            {
                yield return (type, JsonDocument.Parse(data).RootElement.Clone());
                type = data = null;
            }
        }
    }

    private async Task<HttpResponseMessage> Send(Func<Task<HttpResponseMessage>> call)
    {
        try { return await call(); }
        catch (HttpRequestException e)
        {
            throw new CliException($"--gateway: cannot reach {_http.BaseAddress} ({e.Message}). Is the gateway running? " +
                "It runs with 'serve'; another address is given with --gateway URL or DISPENSE_GATEWAY.");
        }
    }

    private async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonElement body = default;
        try { if (text.Length > 0) body = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) when (!response.IsSuccessStatusCode) { }
        catch (JsonException e) { throw new CliException($"--gateway: {_http.BaseAddress} did not answer like a DispenseStation gateway ({e.Message})"); }
        if (response.IsSuccessStatusCode) return body;
        throw new CliException(GatewayRefusal.Describe((int)response.StatusCode, body, _http.BaseAddress!.ToString().TrimEnd('/')));
    }

    public void Dispose() => _http.Dispose();
}
