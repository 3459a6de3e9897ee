using System;
using System.Linq;
using System.Text;
using DispenseStation.Firmware.Esp32;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace DispenseStation.Firmware.Esp32.Tests;

// The M2Mqtt stand-in's hooks are static: classes that use them run one after the other.
[Collection("M2Mqtt stand-in")]
public class MqttLinkTests
{
    private readonly TestClock _clock = new() { UptimeMs = 10_000 };

    public MqttLinkTests()
    {
        lock (MqttClient.Created) MqttClient.Created.Clear();
        MqttClient.ConnectBehaviour = _ => MqttReasonCode.Success;
    }

    private MqttLink Make(int capacity = 4, bool tls = false, string caPem = null, int inflight = 8) =>
        new(new MqttSettings { Host = "broker.lab", Port = tls ? 8883 : 1883, UseTls = tls, CaCertificatePem = caPem, ClientId = "station-bench-01", KeepAliveSeconds = 30, InflightLimit = inflight },
            _clock, capacity, "dispense/v1/bench-01/state", "{\"online\":false}", new[] { "dispense/v1/bench-01/cmd/#" });

    private static string SelfSignedCaPem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return cert.ExportCertificatePem();
    }

    [Fact]
    public void TLS_connects_with_the_CA_from_the_settings_to_the_host_name()
    {
        var link = Make(tls: true, caPem: SelfSignedCaPem());
        link.Service();
        Assert.True(link.IsConnected);
        var c = Last;
        Assert.Equal(("broker.lab", 8883, true), (c.Host, c.Port, c.Secure));
        Assert.Equal(MqttSslProtocols.TLSv1_2, c.SslProtocol);
        Assert.Contains("CN=test-ca", c.CaCert.Subject);
        Assert.True(c.Settings.ValidateServerCertificate);
    }

    [Fact]
    public void TLS_without_a_CA_never_connects()
    {
        var link = Make(tls: true, caPem: null);
        link.Service();
        Assert.False(link.IsConnected);
        Assert.Equal(1, link.ConsecutiveFailures);
        Assert.Empty(MqttClient.Created); // refused before any socket was opened
    }

    [Fact]
    public void A_stalled_broker_fills_the_bounded_inflight_queue_and_further_publishes_are_refused()
    {
        var link = Make(inflight: 3);
        link.Service();
        Assert.Equal(3, Last.Settings.InflightQueueSize); // M2Mqtt's default is int.MaxValue
        Last.BrokerAcks = false;
        for (int i = 0; i < 3; i++) Assert.True(link.Publish("t", new byte[] { 1 }, 1, false));
        Assert.False(link.Publish("t", new byte[] { 1 }, 1, false));
        Assert.False(link.Publish("t", new byte[] { 1 }, 1, false));
        Assert.Equal(2, link.RefusedPublishes);
        Assert.Equal(3, Last.InFlight);
        Assert.True(link.IsConnected); // a full queue is back-pressure, not a lost connection
    }

    private static MqttClient Last => MqttClient.Created[^1];

    [Fact]
    public void Connects_with_a_retained_offline_will_and_subscribes_to_commands()
    {
        var link = Make();
        Assert.False(link.IsConnected);
        link.Service();
        Assert.True(link.IsConnected);
        Assert.Equal(1, link.ConnectionEpoch);
        var c = Last;
        Assert.Equal(("broker.lab", 1883, false), (c.Host, c.Port, c.Secure));
        Assert.Equal("station-bench-01", c.ClientId);
        Assert.True(c.WillFlag);
        Assert.True(c.WillRetain);
        Assert.Equal("dispense/v1/bench-01/state", c.WillTopic);
        Assert.Equal("{\"online\":false}", c.WillMessage);
        Assert.Equal(new[] { "dispense/v1/bench-01/cmd/#" }, c.Subscribed);
    }

    [Fact]
    public void Failed_connects_back_off_exponentially()
    {
        MqttClient.ConnectBehaviour = _ => MqttReasonCode.ServerUnavailable;
        var link = Make();
        link.Service();
        Assert.Single(MqttClient.Created);
        Assert.True(MqttClient.Created[0].Disposed);
        link.Service();
        Assert.Single(MqttClient.Created);

        // 1 s (+-20 % jitter), then 2 s, then 4 s.
        long[] gaps = new long[3];
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int before = MqttClient.Created.Count;
            long start = _clock.UptimeMs;
            while (MqttClient.Created.Count == before) { _clock.UptimeMs += 50; link.Service(); }
            gaps[attempt] = _clock.UptimeMs - start;
        }
        Assert.InRange(gaps[0], 800, 1250);
        Assert.InRange(gaps[1], 1600, 2450);
        Assert.InRange(gaps[2], 3200, 4850);
        Assert.Equal(4, link.ConsecutiveFailures);
        Assert.False(link.IsConnected);
        Assert.Equal(0, link.ConnectionEpoch);
    }

    [Fact]
    public void A_socket_error_counts_as_a_failed_connect()
    {
        MqttClient.ConnectBehaviour = _ => null;
        var link = Make();
        link.Service();
        Assert.False(link.IsConnected);
        Assert.Equal(1, link.ConsecutiveFailures);
    }

    [Fact]
    public void A_dropped_connection_is_noticed_and_reconnected_with_a_new_epoch()
    {
        var link = Make();
        link.Service();
        Last.Drop();
        Assert.False(link.IsConnected);
        Assert.False(link.Publish("t", new byte[] { 1 }, 1, false));
        link.Service();
        Assert.True(link.IsConnected);
        Assert.Equal(2, link.ConnectionEpoch);
        Assert.Equal(2, MqttClient.Created.Count);
        Assert.True(MqttClient.Created[0].Disposed);
    }

    [Fact]
    public void Publishes_the_given_length_with_the_retain_flag()
    {
        var link = Make();
        Assert.False(link.Publish("t", new byte[] { 1 }, 1, false));
        link.Service();
        byte[] buffer = Encoding.UTF8.GetBytes("{\"seq\":1}....");
        Assert.True(link.Publish("dispense/v1/bench-01/state", buffer, 9, true));
        var (topic, body, retain) = Last.Published.Single();
        Assert.Equal("dispense/v1/bench-01/state", topic);
        Assert.Equal("{\"seq\":1}", Encoding.UTF8.GetString(body));
        Assert.True(retain);
    }

    [Fact]
    public void Received_messages_are_queued_for_the_loop_in_order_and_bounded()
    {
        var link = Make(capacity: 2);
        link.Service();
        Last.Deliver("dispense/v1/bench-01/cmd/start", new byte[] { 1 });
        Last.Deliver("dispense/v1/bench-01/cmd/stop", new byte[] { 2 });
        Last.Deliver("dispense/v1/bench-01/cmd/abort", new byte[] { 3 });
        Assert.Equal(1, link.DroppedMessages);
        Assert.True(link.TryReceive(out string topic, out byte[] payload));
        Assert.Equal(("dispense/v1/bench-01/cmd/start", (byte)1), (topic, payload[0]));
        Assert.True(link.TryReceive(out topic, out _));
        Assert.Equal("dispense/v1/bench-01/cmd/stop", topic);
        Assert.False(link.TryReceive(out _, out _));
    }

    [Fact]
    public void Missing_host_or_client_id_is_rejected_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MqttLink(new MqttSettings { ClientId = "x" }, _clock, 4, "s", "w", new string[0]));
        Assert.Contains("host", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new MqttLink(new MqttSettings { Host = "h" }, _clock, 4, "s", "w", new string[0]));
        Assert.Contains("client id", ex.Message);
    }
}
