using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Security;

namespace DispenseStation.Gateway.Tests.Configuration;

public sealed class GatewayOptionsValidatorTests
{
    private static readonly string GoodHash = PasswordHash.Create("pw", 10_000);

    /// <summary>The validator's failures for the defaults with one station, changed by <paramref name="change"/>.</summary>
    internal static IReadOnlyList<string> Errors(Action<GatewayOptions> change)
    {
        var o = new GatewayOptions { Stations = [new StationCredential { Id = "st-1", PasswordHash = GoodHash }] };
        change(o);
        var result = new GatewayOptionsValidator().Validate(null, o);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void Defaults_with_one_station_are_valid() => Assert.Empty(Errors(_ => { }));

    [Theory]
    [InlineData("Gateway:Mqtt:Port", "between 1 and 65535")]
    [InlineData("Gateway:Mqtt:ListenAddress", "IP address")]
    [InlineData("Gateway:Mqtt:KeepAliveSeconds", "between 1 and 3600")]
    [InlineData("Gateway:Mqtt:ReconnectDelayMilliseconds", "between 50 and 600000")]
    [InlineData("Gateway:Mqtt:GatewayUsername", "station id rule")]
    [InlineData("Gateway:Mqtt:TelemetryUsername", "station id rule")]
    [InlineData("Gateway:Telemetry:RetentionDays", "at least 1")]
    [InlineData("Gateway:Telemetry:PruneIntervalMinutes", "at least 1")]
    [InlineData("Gateway:Telemetry:DownsampleMilliseconds", "between 10 and 60000")]
    [InlineData("Gateway:Storage:ConnectionString", "is required")]
    public void Each_bad_setting_is_named_with_its_rule(string setting, string rule)
    {
        var errors = Errors(o =>
        {
            switch (setting)
            {
                case "Gateway:Mqtt:Port": o.Mqtt.Port = 70000; break;
                case "Gateway:Mqtt:ListenAddress": o.Mqtt.ListenAddress = "localhost:1883"; break;
                case "Gateway:Mqtt:KeepAliveSeconds": o.Mqtt.KeepAliveSeconds = 0; break;
                case "Gateway:Mqtt:ReconnectDelayMilliseconds": o.Mqtt.ReconnectDelayMilliseconds = 1; break;
                case "Gateway:Mqtt:GatewayUsername": o.Mqtt.GatewayUsername = "gate/way"; break;
                case "Gateway:Mqtt:TelemetryUsername": o.Mqtt.TelemetryUsername = "tele/metry"; break;
                case "Gateway:Telemetry:RetentionDays": o.Telemetry.RetentionDays = 0; break;
                case "Gateway:Telemetry:PruneIntervalMinutes": o.Telemetry.PruneIntervalMinutes = -5; break;
                case "Gateway:Telemetry:DownsampleMilliseconds": o.Telemetry.DownsampleMilliseconds = 5; break;
                case "Gateway:Storage:ConnectionString": o.Storage.ConnectionString = " "; break;
            }
        });
        var error = Assert.Single(errors);
        Assert.StartsWith(setting + ":", error);
        Assert.Contains(rule, error);
    }

    [Fact]
    public void The_telemetry_sessions_user_must_not_be_the_gateways_own()
    {
        var error = Assert.Single(Errors(o => o.Mqtt.TelemetryUsername = o.Mqtt.GatewayUsername));
        Assert.StartsWith("Gateway:Mqtt:TelemetryUsername:", error);
        Assert.Empty(Errors(o => o.Mqtt.TelemetryUsername = o.Mqtt.GatewayUsername + "-t"));
    }

    [Fact]
    public void External_mode_needs_a_broker_url_and_the_gateway_password()
    {
        var errors = Errors(o => { o.Mqtt.Mode = BrokerMode.External; o.Mqtt.BrokerUrl = "http://broker"; });
        Assert.Contains(errors, e => e.StartsWith("Gateway:Mqtt:BrokerUrl:") && e.Contains("mqtts://"));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Mqtt:GatewayPassword:"));
        Assert.Empty(Errors(o => { o.Mqtt.Mode = BrokerMode.External; o.Mqtt.BrokerUrl = "mqtts://broker.lab:8883"; o.Mqtt.GatewayPassword = "x"; }));
    }

    [Fact]
    public void External_mode_checks_the_ca_file_exists() =>
        Assert.Contains(Errors(o =>
        {
            o.Mqtt.Mode = BrokerMode.External; o.Mqtt.BrokerUrl = "mqtts://b"; o.Mqtt.GatewayPassword = "x";
            o.Mqtt.CaCertificateFile = "/nonexistent/ca.pem";
        }), e => e.StartsWith("Gateway:Mqtt:CaCertificateFile:"));

    [Fact]
    public void Station_entries_are_checked_one_by_one()
    {
        var errors = Errors(o => o.Stations =
        [
            new() { Id = "st-1", PasswordHash = GoodHash },
            new() { Id = "st-1", PasswordHash = GoodHash },
            new() { Id = "bad id", PasswordHash = GoodHash },
            new() { Id = "st-3", PasswordHash = "hunter2" },
            new() { Id = "dispense-gateway-2", PasswordHash = GoodHash },
        ]);
        Assert.Contains(errors, e => e.StartsWith("Gateway:Stations:1:Id:") && e.Contains("listed twice"));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Stations:2:Id:") && e.Contains("only lowercase letters"));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Stations:3:PasswordHash:") && e.Contains("hash-password"));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Stations:4:Id:") && e.Contains("GatewayUsername"));
        Assert.Equal(4, errors.Count);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, "Data Source=x.db;Bogus Key=1", "not a valid Sqlite connection string")]
    [InlineData(StorageProvider.Postgres, "Username=dispense;Database=fleet", "Host=")]
    [InlineData(StorageProvider.Postgres, "Host=db;Port=notanumber", "not a valid Postgres connection string")]
    public void Connection_strings_are_parsed_by_their_provider(StorageProvider provider, string cs, string rule)
    {
        var error = Assert.Single(Errors(o => { o.Storage.Provider = provider; o.Storage.ConnectionString = cs; }));
        Assert.StartsWith("Gateway:Storage:ConnectionString:", error);
        Assert.Contains(rule, error);
    }
}
