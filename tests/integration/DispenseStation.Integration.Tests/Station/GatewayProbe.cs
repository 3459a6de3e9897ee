using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Messages;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Integration.Tests.Station;

/// <summary>Plays the gateway: subscribes to everything a station publishes, sends commands, and
/// lets the test wait for what it expects.</summary>
internal sealed class GatewayProbe : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<Received> _all = new();
    private readonly string _station;

    public sealed record Received(string Topic, byte[] Payload, bool Retain)
    {
        public string Text => Encoding.UTF8.GetString(Payload);
    }

    private GatewayProbe(string station) => _station = station;

    public static async Task<GatewayProbe> ConnectAsync(int port, string station)
    {
        var probe = new GatewayProbe(station);
        probe._client.ApplicationMessageReceivedAsync += e =>
        {
            probe._all.Enqueue(new Received(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        await probe._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(InProcessBroker.GatewayClientId).Build());
        await probe._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(Topics.Root + "/" + station + "/#").WithAtLeastOnceQoS()).Build());
        return probe;
    }

    /// <summary>After a broker restart: connect to the new broker on <paramref name="port"/> and subscribe again.</summary>
    public async Task ReconnectAsync(int port)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                if (_client.IsConnected) await _client.DisconnectAsync();
                await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(InProcessBroker.GatewayClientId).Build());
                break;
            }
            catch (Exception) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(Topics.Root + "/" + _station + "/#").WithAtLeastOnceQoS()).Build());
    }

    public IReadOnlyList<Received> All => _all.ToList();

    public List<EventMessage> Events() => _all.Where(m => m.Topic == Topics.Event(_station)).Select(m =>
    {
        if (!EventMessage.TryParse(m.Payload, 0, m.Payload.Length, out var e, out var error)) throw new InvalidDataException(error + ": " + m.Text);
        return e;
    }).ToList();

    public List<StateMessage> States() => _all.Where(m => m.Topic == Topics.State(_station)).Select(m =>
    {
        if (!StateMessage.TryParse(m.Payload, 0, m.Payload.Length, out var s, out var error)) throw new InvalidDataException(error + ": " + m.Text);
        return s;
    }).ToList();

    public List<CommandResultMessage> Results() => _all.Where(m => m.Topic == Topics.CommandResult(_station)).Select(m =>
    {
        if (!CommandResultMessage.TryParse(m.Payload, 0, m.Payload.Length, out var r, out var error)) throw new InvalidDataException(error + ": " + m.Text);
        return r;
    }).ToList();

    public Task SendAsync(string command, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Command(_station, command)).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"waited {timeout.TotalSeconds:F0} s for {what}; last messages:\n"
                    + string.Join("\n", All.TakeLast(15).Select(m => m.Topic + " " + m.Text)));
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }
}
