using System.Text.Json;

namespace DispenseStation.Gateway.Cli;

/// <summary>
/// A refusal from the gateway's API told as the CLI user needs it: what happened in words (not "409 conflict"), each
/// field and rule the gateway named, and the command that shows or fixes it (not the HTTP path behind it).
/// </summary>
public static class GatewayRefusal
{
    public static string Describe(int status, JsonElement body, string gateway)
    {
        var title = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var errors = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => (Field: Str(e, "field"), Rule: Str(e, "rule"))).ToList()
            : [];
        // A 401 is either "who are you?" (no or a dead token: its rule explains the dashboard and bearer tokens, and the CLI
        // user needs only the login line) or a refused sign-in (wrong password: its rule says so and is shown).
        var notSignedIn = status == 401 && (errors.Count == 0 || errors.Any(e => e.Rule.Contains("Bearer", StringComparison.Ordinal)));
        var headline = status switch
        {
            401 when notSignedIn => $"not signed in to {gateway}: sign in with 'login --user NAME --gateway {gateway}' (password on standard input)",
            401 => "sign-in refused",
            403 => "not allowed for your roles",
            404 => "not found on the gateway",
            409 => "refused by the gateway",
            413 => "the request is too large for the gateway",
            429 => "the gateway is busy; try again shortly",
            >= 500 => $"the gateway failed to answer (server error {status}); its log says why",
            _ => title is null or "invalid request" ? "the gateway refused the request" : $"the gateway refused the request: {title}",
        };
        if (status == 409 && title is not null and not "conflict") headline += ": " + title;
        var lines = new List<string> { headline };
        if (!notSignedIn) lines.AddRange(errors.Select(e => $"  {e.Field}: {e.Rule}"));
        lines.AddRange(Hints(errors, gateway).Distinct().Select(h => "  -> " + h));
        return string.Join(Environment.NewLine, lines);
    }

    private static IEnumerable<string> Hints(List<(string Field, string Rule)> errors, string gateway)
    {
        var at = gateway == "http://127.0.0.1:5080" ? "" : $" --gateway {gateway}";
        foreach (var (field, rule) in errors)
        {
            if (field == "recipe" && rule.Contains("unknown example recipe", StringComparison.Ordinal)) yield return "'recipes' lists the example recipe ids";
            if (field == "station" && (rule.Contains("never connected", StringComparison.Ordinal) || rule.Contains("offline", StringComparison.Ordinal)))
                yield return $"'stations{at}' lists the stations the gateway knows and whether they are online";
            if (field == "station" && rule.Contains("busy", StringComparison.Ordinal)) yield return $"'batches --station ID{at}' shows what it is running";
            if (field == "station" && rule.Contains("interrupted", StringComparison.Ordinal)) yield return $"'stations{at}' shows the interrupted batch";
            if (field.StartsWith("claims[", StringComparison.Ordinal)) yield return "'validate RECIPE' prints the claim-by-claim report";
            if ((field.StartsWith("components[", StringComparison.Ordinal) || field.StartsWith("solvents[", StringComparison.Ordinal))
                && rule.Contains("not loaded", StringComparison.Ordinal))
                yield return "'plan RECIPE --station ID' shows which materials the station's channels hold";
        }
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
