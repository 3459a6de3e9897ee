using System.Net;
using System.Security.Cryptography.X509Certificates;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Security;
using DispenseStation.Gateway.Tests.Support;
using MQTTnet;

namespace DispenseStation.Gateway.Tests.Mqtt.Hardening;

/// <summary>The embedded broker's TLS listener (certificate from settings) and the rule "plain MQTT only on loopback".</summary>
public sealed class BrokerTlsTests : IDisposable
{
    private readonly TempDir _dir = new("ds-broker-tls-");
    private readonly TestCertificates.Files _tls;

    public BrokerTlsTests() => _tls = TestCertificates.Write(_dir);

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<string> Errors(Action<GatewayOptions> change)
    {
        var o = new GatewayOptions { Stations = [new StationCredential { Id = "st-1", PasswordHash = PasswordHash.Create("pw", 10_000) }] };
        change(o);
        var result = new GatewayOptionsValidator().Validate(null, o);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void A_network_listen_address_without_a_certificate_is_refused_naming_the_setting()
    {
        var error = Assert.Single(Errors(o => o.Mqtt.ListenAddress = "0.0.0.0"));
        Assert.StartsWith("Gateway:Mqtt:ListenAddress:", error);
        Assert.Contains("plain MQTT is served only on loopback", error);
        Assert.Empty(Errors(o => { o.Mqtt.ListenAddress = "0.0.0.0"; o.Mqtt.Tls.CertificateFile = _tls.ServerCertificate; o.Mqtt.Tls.KeyFile = _tls.ServerKey; }));
        Assert.Empty(Errors(o => o.Mqtt.ListenAddress = "::1"));
    }

    [Fact]
    public void A_missing_certificate_file_and_a_tls_port_equal_to_the_plain_port_are_named()
    {
        var errors = Errors(o => { o.Mqtt.Tls.CertificateFile = _dir.File("absent.crt"); o.Mqtt.Tls.Port = o.Mqtt.Port; });
        Assert.Contains(errors, e => e.StartsWith("Gateway:Mqtt:Tls:CertificateFile:") && e.Contains("does not exist"));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Mqtt:Tls:Port:") && e.Contains("differ from Mqtt:Port"));
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(1023, false)]
    public void The_packet_limit_has_a_floor(int bytes, bool valid)
    {
        var errors = Errors(o => o.Mqtt.Limits.MaxPacketBytes = bytes);
        if (valid) Assert.Empty(errors);
        else Assert.StartsWith("Gateway:Mqtt:Limits:MaxPacketBytes:", Assert.Single(errors));
    }

    [Fact]
    public void On_a_network_address_plain_mqtt_binds_loopback_and_tls_binds_the_address()
    {
        var mqtt = new MqttOptions { ListenAddress = "0.0.0.0", Port = 1883, Tls = { CertificateFile = _tls.ServerCertificate, KeyFile = _tls.ServerKey, Port = 8883 } };
        var listeners = EmbeddedBrokerService.Listeners(mqtt);
        Assert.Equal(
            ["127.0.0.1:1883 plain", "[::1]:1883 plain", "0.0.0.0:8883 tls", "[::]:8883 tls"],
            listeners.Select(l => $"{l.EndPoint} {(l.Certificate is null ? "plain" : "tls")}"));
        Assert.Equal("127.0.0.1", MqttClientOptionsFactory.LocalTarget("0.0.0.0"));
        Assert.Equal("127.0.0.1", MqttClientOptionsFactory.LocalTarget("192.168.7.2"));
    }

    [Fact]
    public async Task A_station_logs_in_over_tls_with_the_configured_certificate_and_plain_is_not_spoken_there()
    {
        var settings = RunningGateway.StationSettings(new Dictionary<string, string> { ["st-1"] = "pw-one" });
        var tlsPort = FreePort.Next();
        settings["Gateway:Mqtt:Tls:Port"] = tlsPort.ToString();
        settings["Gateway:Mqtt:Tls:CertificateFile"] = _tls.ServerCertificate;
        settings["Gateway:Mqtt:Tls:KeyFile"] = _tls.ServerKey;
        await using var gw = await RunningGateway.StartAsync(settings);

        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(_tls.CaCertificate);
        var options = TestMqttClient.Options(tlsPort, "st-1", "pw-one").WithTcpServer("localhost", tlsPort)
            .WithTlsOptions(o => o.UseTls().WithTargetHost("localhost").WithTrustChain(chain));
        await using (var st = await TestMqttClient.ConnectAsync(options))
        {
            await st.PublishAsync("dispense/v1/st-1/state", "{\"tls\":true}");
            await MessageLog.ReadUntilAsync(gw.Seen, "dispense/v1/st-1/state", "{\"tls\":true}");
        }
        // A plain CONNECT to the TLS port is not an MQTT session.
        Assert.NotEqual("Success", await TestMqttClient.LoginResultAsync(tlsPort, "st-1", "pw-one", "st-1"));
    }
}
