using System.Threading.Channels;
using DispenseStation.Gateway.Sparkplug.Proto;
using Google.Protobuf;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>A Sparkplug host (or Home Assistant) stand-in: an MQTT client that keeps payloads as bytes, in arrival order.</summary>
public sealed class HostClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<(string Topic, byte[] Payload, bool Retain)> _received = Channel.CreateUnbounded<(string, byte[], bool)>();

    public List<(string Topic, byte[] Payload, bool Retain)> Seen { get; } = new();

    public static async Task<HostClient> ConnectAsync(int port, string user, string password, string clientId, params string[] filters)
    {
        var h = new HostClient();
        h._client.ApplicationMessageReceivedAsync += e =>
        {
            h._received.Writer.TryWrite((e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        await h._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCredentials(user, password).WithClientId(clientId).WithTimeout(TimeSpan.FromSeconds(5)).Build());
        foreach (var f in filters)
        {
            var r = await h._client.SubscribeAsync(f, MqttQualityOfServiceLevel.AtLeastOnce);
            if (r.Items.Single().ResultCode > MqttClientSubscribeResultCode.GrantedQoS2) throw new InvalidOperationException($"subscription {f} refused: {r.Items.Single().ResultCode}");
        }
        return h;
    }

    /// <summary>Reads messages until one matches; everything read is kept in <see cref="Seen"/>.</summary>
    public async Task<(string Topic, byte[] Payload, bool Retain)> WaitForAsync(Func<(string Topic, byte[] Payload, bool Retain), bool> match, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            while (true)
            {
                var m = await _received.Reader.ReadAsync(cts.Token);
                Seen.Add(m);
                if (match(m)) return m;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"timed out waiting for {what}; seen: {string.Join(", ", Seen.Select(s => s.Topic))}");
        }
    }

    /// <summary>The first message on <paramref name="topic"/>, already read or still to come (retained messages arrive in any order).</summary>
    public Task<(string Topic, byte[] Payload, bool Retain)> FindTopicAsync(string topic)
    {
        foreach (var m in Seen) if (m.Topic == topic) return Task.FromResult(m);
        return WaitForTopicAsync(topic);
    }

    public Task<(string Topic, byte[] Payload, bool Retain)> WaitForTopicAsync(string topic, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.Topic == topic, topic, timeout);

    public async Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain = false) =>
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    public static byte[] Command(string name, bool value = true)
    {
        var p = new Payload { Timestamp = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        p.Metrics.Add(new Payload.Types.Metric { Name = name, Datatype = (uint)DataType.Boolean, BooleanValue = value });
        return p.ToByteArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}
