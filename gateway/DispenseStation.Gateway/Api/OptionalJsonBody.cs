namespace DispenseStation.Gateway.Api;

/// <summary>Bodies that may be left out (commands and alarm actions without arguments).</summary>
public static class OptionalJsonBody
{
    /// <summary>
    /// The JSON body, or null when the request has none. Decided by content type, not length: a chunked JSON body
    /// (HttpClient's JsonContent) has no Content-Length, and reading by length once lost confirm's stepIndex.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest http, CancellationToken ct) where T : class =>
        http.HasJsonContentType() ? await http.ReadFromJsonAsync<T>(ct) : null;
}
