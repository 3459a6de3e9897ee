using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>Names the setting and the rule for every bad value, at start-up.</summary>
public sealed class SparkplugOptionsValidator : IValidateOptions<SparkplugOptions>
{
    public ValidateOptionsResult Validate(string? name, SparkplugOptions o)
    {
        var errors = new List<string>();
        if (!o.Enabled) return ValidateOptionsResult.Success;
        Id(errors, "GroupId", o.GroupId);
        Id(errors, "EdgeNodeId", o.EdgeNodeId);
        if (string.IsNullOrWhiteSpace(o.BdSeqFile)) errors.Add($"{SparkplugOptions.Section}:BdSeqFile: required (a file the gateway may write)");
        if (o.RebirthMinIntervalSeconds is < 0 or > 3600) errors.Add($"{SparkplugOptions.Section}:RebirthMinIntervalSeconds: must be between 0 and 3600");
        if (o.RefusalLogIntervalSeconds is < 0 or > 86400) errors.Add($"{SparkplugOptions.Section}:RefusalLogIntervalSeconds: must be between 0 and 86400");
        if (!(o.TemperatureDeadbandC >= 0 && o.TemperatureDeadbandC <= 10)) errors.Add($"{SparkplugOptions.Section}:TemperatureDeadbandC: must be between 0 and 10");
        if (!(o.WeightDeadbandGrams >= 0 && o.WeightDeadbandGrams <= 100)) errors.Add($"{SparkplugOptions.Section}:WeightDeadbandGrams: must be between 0 and 100");
        if (!(o.DutyDeadband >= 0 && o.DutyDeadband <= 1)) errors.Add($"{SparkplugOptions.Section}:DutyDeadband: must be between 0 and 1");
        if (o.DataMinIntervalMilliseconds is < 0 or > 3_600_000) errors.Add($"{SparkplugOptions.Section}:DataMinIntervalMilliseconds: must be between 0 and 3600000");
        if (o.MaxCommandBytes is < 64 or > 1_000_000) errors.Add($"{SparkplugOptions.Section}:MaxCommandBytes: must be between 64 and 1000000");
        if (o.ReconnectDelayMilliseconds is < 10 or > 600_000) errors.Add($"{SparkplugOptions.Section}:ReconnectDelayMilliseconds: must be between 10 and 600000");
        if (o.Username is not null && (o.Username.Length == 0 || o.Password is null))
            errors.Add($"{SparkplugOptions.Section}:Username: when set, must be non-empty and come with Password");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Id(List<string> errors, string field, string? value)
    {
        var reason = SparkplugTopics.CheckId(value);
        if (reason is not null) errors.Add($"{SparkplugOptions.Section}:{field}: {reason}");
    }
}
