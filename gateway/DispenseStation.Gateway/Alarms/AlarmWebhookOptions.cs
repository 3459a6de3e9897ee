using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Alarms;

/// <summary>Section "Gateway:Alarms": the optional webhook told of alarms as they are raised and cleared.</summary>
public sealed class AlarmWebhookOptions
{
    public const string Section = "Gateway:Alarms";

    /// <summary>Absolute http(s) URL that receives a JSON POST per alarm raised or cleared; empty = no webhook.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The lowest severity sent: critical (default), warning or info.</summary>
    public string WebhookMinimumSeverity { get; set; } = Severities.Critical;

    /// <summary>How long one POST may take, seconds.</summary>
    public int WebhookTimeoutSeconds { get; set; } = 5;

    /// <summary>Attempts per alarm before it is given up (and logged).</summary>
    public int WebhookAttempts { get; set; } = 3;

    /// <summary>Every problem, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!string.IsNullOrEmpty(WebhookUrl)
            && (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            problems.Add($"{Section}:WebhookUrl: '{WebhookUrl}' is not an absolute http or https URL");
        if (SeverityRank(WebhookMinimumSeverity) < 0)
            problems.Add($"{Section}:WebhookMinimumSeverity: '{WebhookMinimumSeverity}' is not one of critical, warning, info");
        if (WebhookTimeoutSeconds is < 1 or > 60) problems.Add($"{Section}:WebhookTimeoutSeconds: must be between 1 and 60");
        if (WebhookAttempts is < 1 or > 10) problems.Add($"{Section}:WebhookAttempts: must be between 1 and 10");
        return problems;
    }

    /// <summary>info 0, warning 1, critical 2; -1 for anything else.</summary>
    public static int SeverityRank(string? severity) => severity switch
    {
        Severities.Info => 0, Severities.Warning => 1, Severities.Critical => 2, _ => -1,
    };
}
