using System.Net;

namespace DispenseStation.Gateway.Auth;

/// <summary>
/// A gateway reachable beyond loopback must use HTTPS and must not serve anonymous readers. Checked at start-up
/// against the addresses Kestrel will bind ("urls" / ASPNETCORE_URLS and Kestrel:Endpoints:*:Url); each failure
/// names the setting to change.
/// </summary>
public static class ExposureRules
{
    public static List<string> Check(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => ("urls", u))
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => ($"Kestrel:Endpoints:{e.Key}:Url", e["Url"] ?? "")))
            .ToList();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var errors = new List<string>();
        foreach (var (setting, url) in urls)
        {
            if (!TryParse(url, out var scheme, out var host))
            {
                errors.Add($"{setting}: '{url}' is not an address such as http://127.0.0.1:5080 or https://0.0.0.0:5443");
                continue;
            }
            if (IsLoopback(host)) continue;
            if (scheme != "https" && !auth.AllowHttpBeyondLoopback)
                errors.Add($"{setting}: '{url}' listens beyond loopback over plain HTTP; use an https:// address with a certificate " +
                           $"(Kestrel:Certificates:Default:Path and :Password, or :KeyPath), or set {AuthOptions.Section}:AllowHttpBeyondLoopback=true " +
                           "only behind a TLS-terminating proxy on this host");
            if (auth.AnonymousRead)
                errors.Add($"{AuthOptions.Section}:AnonymousRead: must be false when {setting} '{url}' listens beyond loopback");
        }
        return errors;
    }

    private static bool TryParse(string url, out string scheme, out string host)
    {
        scheme = host = "";
        var sep = url.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0) return false;
        scheme = url[..sep].ToLowerInvariant();
        var rest = url[(sep + 3)..];
        var end = rest.StartsWith('[') ? rest.IndexOf(']') + 1 : rest.IndexOfAny([':', '/']);
        host = end <= 0 ? rest : rest[..end];
        return (scheme is "http" or "https") && host.Length > 0;
    }

    /// <summary>"*", "+", "0.0.0.0", "[::]" and any name other than localhost listen on every interface.</summary>
    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
