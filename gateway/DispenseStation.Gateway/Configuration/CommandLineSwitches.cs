namespace DispenseStation.Gateway.Configuration;

/// <summary>Short command-line switches for the settings operators change most; any setting also works as --Gateway:Section:Key=value.</summary>
public static class CommandLineSwitches
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>
    {
        ["--broker"] = "Gateway:Mqtt:Mode",
        ["--broker-url"] = "Gateway:Mqtt:BrokerUrl",
        ["--mqtt-listen"] = "Gateway:Mqtt:ListenAddress",
        ["--mqtt-port"] = "Gateway:Mqtt:Port",
        ["--storage"] = "Gateway:Storage:Provider",
        ["--connection-string"] = "Gateway:Storage:ConnectionString",
        ["--retention-days"] = "Gateway:Telemetry:RetentionDays",
        ["--http-urls"] = "urls",
    };
}
