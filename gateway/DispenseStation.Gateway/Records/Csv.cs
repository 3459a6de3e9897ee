using System.Globalization;

namespace DispenseStation.Gateway.Records;

/// <summary>RFC 4180 fields, with text that a spreadsheet would run as a formula (=, +, -, @ first) made inert by a leading apostrophe.</summary>
public static class Csv
{
    public static string Text(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        if (s[0] is '=' or '+' or '-' or '@' or '\t' or '\r') s = "'" + s;
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    public static string Number(double? v) => v is { } d && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>UTC, ISO 8601 with milliseconds and a Z: one unambiguous time base in every export.</summary>
    public static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "";

    public static string Row(params string[] fields) => string.Join(',', fields) + "\r\n";
}
