using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Protocol;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.HomeAssistant;

/// <summary>
/// Start-up checks, naming the setting and the rule. The discovery prefix and the state root must be plain topic
/// paths that do not overlap the station contract (dispense/v1), the Sparkplug namespace or each other: a collision there
/// would let discovery configs land on station topics, or the gateway read its own state values as discovery.
/// </summary>
public sealed class HomeAssistantOptionsValidator : IValidateOptions<HomeAssistantOptions>
{
    public ValidateOptionsResult Validate(string? name, HomeAssistantOptions o)
    {
        if (!o.Enabled) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        Path(errors, "DiscoveryPrefix", o.DiscoveryPrefix);
        Path(errors, "StateTopicRoot", o.StateTopicRoot);
        if (string.IsNullOrEmpty(o.NodeId) || !o.NodeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            errors.Add($"{HomeAssistantOptions.Section}:NodeId: required, letters, digits, '_' and '-' only (Home Assistant's rule for discovery ids)");
        if (errors.Count == 0)
        {
            foreach (var (other, what) in new[] { (Topics.Root, "the station topics"), (SparkplugTopics.Namespace, "the Sparkplug namespace") })
            {
                if (Overlaps(o.DiscoveryPrefix, other)) errors.Add($"{HomeAssistantOptions.Section}:DiscoveryPrefix: '{o.DiscoveryPrefix}' collides with {what} ({other})");
                if (Overlaps(o.StateTopicRoot, other)) errors.Add($"{HomeAssistantOptions.Section}:StateTopicRoot: '{o.StateTopicRoot}' collides with {what} ({other})");
            }
            if (Overlaps(o.DiscoveryPrefix, o.StateTopicRoot))
                errors.Add($"{HomeAssistantOptions.Section}:StateTopicRoot: '{o.StateTopicRoot}' collides with DiscoveryPrefix '{o.DiscoveryPrefix}'; they must be separate topic trees");
        }
        if (o.TelemetryIntervalMilliseconds is < 0 or > 3_600_000)
            errors.Add($"{HomeAssistantOptions.Section}:TelemetryIntervalMilliseconds: must be between 0 and 3600000");
        if (o.RefusalLogIntervalSeconds is < 0 or > 86400)
            errors.Add($"{HomeAssistantOptions.Section}:RefusalLogIntervalSeconds: must be between 0 and 86400");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Path(List<string> errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) errors.Add($"{HomeAssistantOptions.Section}:{field}: required");
        else if (value.IndexOfAny(['+', '#']) >= 0 || value.StartsWith('/') || value.EndsWith('/') || value.Contains("//") || value.StartsWith('$'))
            errors.Add($"{HomeAssistantOptions.Section}:{field}: '{value}' must be a topic path without wildcards, '$', empty levels or leading/trailing '/'");
    }

    /// <summary>True when one topic tree contains the other (same path, or one is a parent level of the other).</summary>
    internal static bool Overlaps(string a, string b) =>
        a == b || a.StartsWith(b + "/", StringComparison.Ordinal) || b.StartsWith(a + "/", StringComparison.Ordinal);
}
