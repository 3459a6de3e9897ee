using System.Text;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>A plain MQTTnet client standing in for a station (or any other party) in broker tests.</summary>
public sealed class TestMqttClient : IAsyncDisposable
{
    private readonly Channel<(string Topic, string Payload)> _received = Channel.CreateUnbounded<(string, string)>();

    private TestMqttClient(IMqttClient client)
    {
        Client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Writer.TryWrite((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString()));
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }
    public ChannelReader<(string Topic, string Payload)> Received => _received.Reader;

    public static MqttClientOptionsBuilder Options(int port, string user, string password, string? clientId = null) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCredentials(user, password)
            .WithClientId(clientId ?? user)
            .WithTimeout(TimeSpan.FromSeconds(5));

    public static async Task<TestMqttClient> ConnectAsync(MqttClientOptionsBuilder options)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var wrapper = new TestMqttClient(client);
        await client.ConnectAsync(options.Build());
        return wrapper;
    }

    /// <summary>Attempts a login and returns the broker's CONNACK code (MQTTnet reports a refusal as an exception carrying it).</summary>
    public static async Task<string> LoginResultAsync(int port, string user, string password, string clientId)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var result = await client.ConnectAsync(Options(port, user, password, clientId).Build());
            return result.ResultCode.ToString();
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException e)
        {
            return e.Message;
        }
    }

    public static Task<TestMqttClient> ConnectAsync(int port, string user, string password, string? clientId = null) =>
        ConnectAsync(Options(port, user, password, clientId));

    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload, bool retain = false) =>
        Client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter)
    {
        var result = await Client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        return result.Items.Single().ResultCode;
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}
