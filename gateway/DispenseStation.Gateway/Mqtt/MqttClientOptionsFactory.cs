using System.Net;
using System.Security.Cryptography.X509Certificates;
using DispenseStation.Gateway.Configuration;
using MQTTnet;
using MQTTnet.Formatter;

namespace DispenseStation.Gateway.Mqtt;

/// <summary>Connection options of the gateway's own client, for the embedded broker or an external one.</summary>
public static class MqttClientOptionsFactory
{
    public const uint SessionExpirySeconds = 600;

    /// <summary>The events session (GatewayMqttClient): states, events, command results and the gateway's publishes.</summary>
    public static MqttClientOptions Create(MqttOptions mqtt, GatewayCredentials credentials) =>
        Build(mqtt, new MqttClientOptionsBuilder()
            .WithClientId(credentials.ClientId)
            .WithCredentials(credentials.Username, credentials.Password)
            // The broker keeps the session and queues QoS 1 station events for a gateway whose link
            // drops briefly, so dose results and alarms are not lost across a reconnect.
            .WithCleanStart(false)
            .WithSessionExpiryInterval(SessionExpirySeconds));

    /// <summary>
    /// The telemetry session (GatewayMqttClient): a clean session on every connect, kept by the broker no longer than
    /// the link. Telemetry from while the gateway was away is stale, and at 5 Hz a fleet would fill the broker's queue
    /// for it within seconds.
    /// </summary>
    public static MqttClientOptions CreateTelemetry(MqttOptions mqtt, GatewayCredentials credentials) =>
        Build(mqtt, new MqttClientOptionsBuilder()
            .WithClientId(credentials.TelemetryClientId)
            .WithCredentials(credentials.TelemetryUsername, credentials.Password)
            .WithCleanStart(true)
            .WithSessionExpiryInterval(0));

    private static MqttClientOptions Build(MqttOptions mqtt, MqttClientOptionsBuilder builder)
    {
        builder
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(mqtt.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10));

        if (mqtt.Mode == BrokerMode.Embedded)
            return builder.WithTcpServer(LocalTarget(mqtt.ListenAddress), mqtt.Port).Build();

        var url = new Uri(mqtt.BrokerUrl!);
        var tls = url.Scheme == "mqtts";
        builder.WithTcpServer(url.Host, url.IsDefaultPort || url.Port < 0 ? (tls ? 8883 : 1883) : url.Port);
        if (tls)
        {
            builder.WithTlsOptions(o =>
            {
                o.UseTls().WithTargetHost(url.Host);
                if (!string.IsNullOrEmpty(mqtt.CaCertificateFile))
                {
                    var chain = new X509Certificate2Collection();
                    chain.ImportFromPemFile(mqtt.CaCertificateFile);
                    o.WithTrustChain(chain);
                }
            });
        }
        return builder.Build();
    }

    /// <summary>The embedded broker serves plain MQTT only on loopback (EmbeddedBrokerService.Listeners): any other listen address is reached there.</summary>
    internal static string LocalTarget(string listenAddress)
    {
        var ip = IPAddress.Parse(listenAddress);
        if (IPAddress.IsLoopback(ip)) return listenAddress;
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "::1" : "127.0.0.1";
    }
}
