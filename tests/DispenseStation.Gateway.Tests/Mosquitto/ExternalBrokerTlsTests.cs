using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Options;
using MQTTnet;

namespace DispenseStation.Gateway.Tests.Mosquitto;

/// <summary>The gateway's client against Mosquitto's TLS listener, trusting only the configured CA file.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class ExternalBrokerTlsTests(MosquittoServer mosquitto)
{
    private Dictionary<string, string?> Settings(string? caFile) => new()
    {
        ["Gateway:Mqtt:Mode"] = "External",
        ["Gateway:Mqtt:BrokerUrl"] = $"mqtts://localhost:{mosquitto.TlsPort}",
        ["Gateway:Mqtt:GatewayUsername"] = MosquittoServer.GatewayUser,
        ["Gateway:Mqtt:GatewayPassword"] = MosquittoServer.GatewayPassword,
        ["Gateway:Mqtt:CaCertificateFile"] = caFile,
    };

    [SkippableFact]
    public async Task The_gateway_connects_over_TLS_with_the_configured_CA_and_receives_station_traffic()
    {
        ExternalService.Require(mosquitto.Unavailable);
        await using var gw = await RunningGateway.StartAsync(Settings(mosquitto.CaCertificateFile));
        await using var st = await TestMqttClient.ConnectAsync(mosquitto.Port, "st-2", "pw-two");
        var payload = Guid.NewGuid().ToString();
        await st.PublishAsync("dispense/v1/st-2/state", payload);
        await MessageLog.ReadUntilAsync(gw.Seen, "dispense/v1/st-2/state", payload);
    }

    [SkippableFact]
    public async Task Without_the_CA_the_brokers_certificate_is_not_trusted()
    {
        ExternalService.Require(mosquitto.Unavailable);
        var settings = Settings(null);
        var options = new GatewayOptions
        {
            Mqtt =
            {
                Mode = BrokerMode.External, BrokerUrl = settings["Gateway:Mqtt:BrokerUrl"],
                GatewayUsername = MosquittoServer.GatewayUser, GatewayPassword = MosquittoServer.GatewayPassword,
            },
        };
        var clientOptions = MqttClientOptionsFactory.Create(options.Mqtt, new GatewayCredentials(Options.Create(options)));
        using var client = new MqttClientFactory().CreateMqttClient();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(clientOptions));
        Assert.Contains("certificate", e.ToString(), StringComparison.OrdinalIgnoreCase);

        // The same options with the CA connect: the refusal above is about trust, not the listener.
        options.Mqtt.CaCertificateFile = mosquitto.CaCertificateFile;
        using var trusted = new MqttClientFactory().CreateMqttClient();
        var ok = await trusted.ConnectAsync(MqttClientOptionsFactory.Create(options.Mqtt, new GatewayCredentials(Options.Create(options))));
        Assert.Equal(MqttClientConnectResultCode.Success, ok.ResultCode);
    }
}
