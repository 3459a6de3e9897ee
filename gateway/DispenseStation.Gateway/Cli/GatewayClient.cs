using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DispenseStation.Gateway.Cli;

/// <summary>The CLI's view of a running gateway: JSON calls and the Server-Sent Events stream.</summary>
public sealed class GatewayClient(string baseUrl) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };

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
        response.EnsureSuccessStatusCode();
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
        catch (HttpRequestException e) { throw new CliException($"--gateway: cannot reach {_http.BaseAddress}: {e.Message}"); }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        if (response.IsSuccessStatusCode) return body;
        var errors = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("errors", out var list)
            ? string.Join(Environment.NewLine, list.EnumerateArray().Select(e => $"  {e.GetProperty("field").GetString()}: {e.GetProperty("rule").GetString()}"))
            : text;
        var title = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("title", out var t) ? t.GetString() : response.ReasonPhrase;
        throw new CliException($"{(int)response.StatusCode} {title}{Environment.NewLine}{errors}");
    }

    public void Dispose() => _http.Dispose();
}
