using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Security;
using DispenseStation.Gateway.Tests.App;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Tests.Mqtt;

/// <summary>
/// The embedded broker drops a client's oldest queued messages when the client reads too slowly (more than
/// <see cref="EmbeddedBrokerService.MaxPendingMessagesPerClient"/> waiting); each drop is counted for that client, so
/// every message is either delivered or counted as dropped.
/// </summary>
public sealed class BrokerQueueDropTests : IAsyncLifetime
{
    private const string User = "scada";
    private const string Password = "scada-secret";
    private AppHarness? _h;
    private AppHarness H => _h!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Gateway:ViewClients:Clients:0:Username"] = User,
        ["Gateway:ViewClients:Clients:0:PasswordHash"] = PasswordHash.Create(Password, 10_000),
    });

    public async Task DisposeAsync()
    {
        if (_h is not null) await _h.DisposeAsync();
    }

    [Fact]
    public async Task A_subscriber_that_stops_reading_loses_its_oldest_messages_and_every_message_is_delivered_or_counted_as_dropped()
    {
        var broker = H.Gateway.App.Services.GetRequiredService<EmbeddedBrokerService>();
        // A host that stops reading its socket (an MQTTnet client would keep reading into its own unbounded queue).
        using var slow = await RawSubscriber.ConnectAsync(H.Gateway.MqttPort, "slow-host", User, Password, "spBv1.0/#");

        // Far more than the broker's queue and the socket buffers hold, 1 KB each.
        const int sent = 3 * EmbeddedBrokerService.MaxPendingMessagesPerClient;
        var payload = new byte[1024];
        for (var i = 0; i < sent; i++)
            Assert.True(await broker.InjectAsync(new MqttApplicationMessageBuilder().WithTopic("spBv1.0/T/DDATA/n/d").WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build(), CancellationToken.None));
        var dropped = broker.DroppedFor("slow-host");
        Assert.True(dropped > 0, "nothing dropped: the subscriber's queue never filled");
        Assert.Equal(dropped, broker.DroppedMessages);

        // Now it reads: what was not dropped arrives, and nothing more is dropped.
        var received = await slow.CountPublishesAsync(() => broker.DroppedFor("slow-host"), sent, TimeSpan.FromSeconds(60));
        Assert.Equal(sent, received + broker.DroppedFor("slow-host"));
    }

    /// <summary>MQTT 3.1.1 by hand over a socket with a small receive buffer: connects, subscribes at QoS 0, then reads only when told.</summary>
    private sealed class RawSubscriber : IDisposable
    {
        private readonly System.Net.Sockets.Socket _socket;
        private readonly System.Net.Sockets.NetworkStream _stream;

        private RawSubscriber(System.Net.Sockets.Socket socket)
        {
            _socket = socket;
            _stream = new System.Net.Sockets.NetworkStream(socket);
        }

        public static async Task<RawSubscriber> ConnectAsync(int port, string clientId, string user, string password, string filter)
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp)
            {
                ReceiveBufferSize = 4096,
            };
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
            var s = new RawSubscriber(socket);
            var connect = new List<byte> { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0xC2, 0x0E, 0x10 };   // 3.1.1, user+password+clean, keep-alive 3600 s
            foreach (var field in new[] { clientId, user, password }) connect.AddRange(Str(field));
            await s.SendAsync(0x10, connect);
            var connack = await s.ReadPacketAsync();
            Assert.Equal(0x20, connack.Type);
            Assert.Equal(0, connack.Body[1]);   // accepted
            var subscribe = new List<byte> { 0, 1 };
            subscribe.AddRange(Str(filter));
            subscribe.Add(0);
            await s.SendAsync(0x82, subscribe);
            var suback = await s.ReadPacketAsync();
            Assert.Equal(0x90, suback.Type);
            Assert.Equal(0, suback.Body[^1]);   // granted QoS 0
            return s;
        }

        /// <summary>Reads PUBLISH packets until they and the drops account for <paramref name="total"/>; returns how many arrived.</summary>
        public async Task<long> CountPublishesAsync(Func<long> dropped, long total, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            long count = 0;
            while (count + dropped() < total)
            {
                var p = await ReadPacketAsync(cts.Token);
                if ((p.Type & 0xF0) == 0x30) count++;
            }
            return count;
        }

        private static byte[] Str(string s)
        {
            var b = System.Text.Encoding.UTF8.GetBytes(s);
            return [(byte)(b.Length >> 8), (byte)b.Length, .. b];
        }

        private async Task SendAsync(byte type, List<byte> body)
        {
            var packet = new List<byte> { type };
            var n = body.Count;
            do
            {
                var digit = (byte)(n % 128);
                n /= 128;
                packet.Add(n > 0 ? (byte)(digit | 0x80) : digit);
            } while (n > 0);
            packet.AddRange(body);
            await _stream.WriteAsync(packet.ToArray());
        }

        private async Task<(int Type, byte[] Body)> ReadPacketAsync(CancellationToken ct = default)
        {
            var one = new byte[1];
            await _stream.ReadExactlyAsync(one, ct);
            var type = one[0];
            int length = 0, shift = 0;
            do
            {
                await _stream.ReadExactlyAsync(one, ct);
                length |= (one[0] & 0x7F) << shift;
                shift += 7;
            } while ((one[0] & 0x80) != 0);
            var body = new byte[length];
            await _stream.ReadExactlyAsync(body, ct);
            return (type, body);
        }

        public void Dispose()
        {
            _stream.Dispose();
            _socket.Dispose();
        }
    }
}
