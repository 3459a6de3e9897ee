using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Tests.Support;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Tests.Mqtt;

/// <summary>The embedded broker's hooks, exercised by real MQTT clients against the running gateway.</summary>
public sealed class EmbeddedBrokerTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Stations = new() { ["st-1"] = "pw-one", ["st-2"] = "pw-two" };
    private RunningGateway _gw = null!;

    public async Task InitializeAsync() => _gw = await RunningGateway.StartAsync(RunningGateway.StationSettings(Stations));
    public async Task DisposeAsync() => await _gw.DisposeAsync();

    [Theory]
    [InlineData("st-1", "wrong", "st-1")]
    [InlineData("st-9", "pw-one", "st-9")]
    [InlineData("st-1", "pw-one", "st-2")] // right password, but another station's client id (session takeover)
    [InlineData("dispense-gateway", "guess", "dispense-gateway-x")]
    public async Task Bad_logins_are_refused(string user, string password, string clientId)
    {
        var result = await TestMqttClient.LoginResultAsync(_gw.MqttPort, user, password, clientId);
        Assert.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), result);
    }

    [Fact]
    public async Task Station_publishes_its_own_topics_and_the_gateway_receives_them()
    {
        await using var st = await TestMqttClient.ConnectAsync(_gw.MqttPort, "st-1", "pw-one");
        foreach (var leaf in new[] { "state", "telemetry", "event", "cmd-result" })
        {
            var result = await st.PublishAsync($"dispense/v1/st-1/{leaf}", $"{{\"leaf\":\"{leaf}\"}}");
            Assert.True(result.IsSuccess, $"{leaf}: {result.ReasonCode}");
            await MessageLog.ReadUntilAsync(_gw.Seen, $"dispense/v1/st-1/{leaf}");
        }
    }

    [Theory]
    [InlineData("dispense/v1/st-2/state")]      // another station's topic
    [InlineData("dispense/v1/st-2/cmd/start")]  // commanding another station
    [InlineData("dispense/v1/st-1/cmd/start")]  // commanding itself: only the gateway commands
    [InlineData("dispense/v1/st-1/other")]      // not a station topic
    [InlineData("elsewhere/st-1")]
    public async Task Station_publish_outside_its_own_topics_is_refused_and_not_delivered(string topic)
    {
        await using var st = await TestMqttClient.ConnectAsync(_gw.MqttPort, "st-1", "pw-one");
        await _gw.Mqtt.SubscribeAsync("elsewhere/#", CancellationToken.None);

        var result = await st.PublishAsync(topic, "forged");
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);

        var probe = Guid.NewGuid().ToString();
        await st.PublishAsync("dispense/v1/st-1/event", probe);
        await MessageLog.AssertNotDeliveredBeforeProbeAsync(_gw.Seen, topic, "dispense/v1/st-1/event", probe);
    }

    [Theory]
    [InlineData("dispense/v1/st-1/cmd/+", true)]
    [InlineData("dispense/v1/st-1/cmd/start", true)]
    [InlineData("dispense/v1/st-2/cmd/+", false)]
    [InlineData("dispense/v1/+/cmd/+", false)]
    [InlineData("dispense/v1/#", false)]
    [InlineData("#", false)]
    [InlineData("dispense/v1/st-1/cmd/#", false)]
    [InlineData("dispense/v1/st-2/state", false)]
    public async Task Station_subscribes_only_to_its_own_commands(string filter, bool allowed)
    {
        await using var st = await TestMqttClient.ConnectAsync(_gw.MqttPort, "st-1", "pw-one");
        var code = await st.SubscribeAsync(filter);
        if (allowed) Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, code);
        else Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, code);
    }

    [Fact]
    public async Task Only_the_addressed_station_receives_the_gateways_command()
    {
        await using var st1 = await TestMqttClient.ConnectAsync(_gw.MqttPort, "st-1", "pw-one");
        await using var st2 = await TestMqttClient.ConnectAsync(_gw.MqttPort, "st-2", "pw-two");
        await st1.SubscribeAsync("dispense/v1/st-1/cmd/+");
        await st2.SubscribeAsync("dispense/v1/st-1/cmd/+"); // refused
        await st2.SubscribeAsync("dispense/v1/st-2/cmd/+");

        Assert.True(await _gw.Mqtt.PublishAsync("dispense/v1/st-1/cmd/start", "{\"id\":\"c1\"}"u8.ToArray(), false, CancellationToken.None));
        Assert.True(await _gw.Mqtt.PublishAsync("dispense/v1/st-2/cmd/hold", "{\"id\":\"c2\"}"u8.ToArray(), false, CancellationToken.None));

        var at1 = await MessageLog.ReadUntilAsync(st1.Received, "dispense/v1/st-1/cmd/start");
        Assert.Single(at1);
        var at2 = await MessageLog.ReadUntilAsync(st2.Received, "dispense/v1/st-2/cmd/hold");
        Assert.DoesNotContain(at2, m => m.Topic == "dispense/v1/st-1/cmd/start");
    }

    [Fact]
    public async Task A_will_message_is_delivered_only_on_the_stations_own_topic()
    {
        var forged = await TestMqttClient.ConnectAsync(TestMqttClient.Options(_gw.MqttPort, "st-2", "pw-two")
            .WithWillTopic("dispense/v1/st-1/state").WithWillPayload("{\"online\":false}"));
        var honest = await TestMqttClient.ConnectAsync(TestMqttClient.Options(_gw.MqttPort, "st-1", "pw-one")
            .WithWillTopic("dispense/v1/st-1/state").WithWillPayload("{\"online\":false,\"honest\":true}"));

        // Both links drop without DISCONNECT, as on power loss: the broker sends the wills.
        // The forged one goes first and its session is gone before the honest link drops.
        await forged.DisposeAsync();
        var broker = _gw.App.Services.GetRequiredService<EmbeddedBrokerService>().Server;
        using (var cts = new CancellationTokenSource(MessageLog.Timeout))
            while ((await broker.GetClientsAsync()).Any(c => c.Id == "st-2")) await Task.Delay(10, cts.Token);
        await honest.DisposeAsync();

        var seen = await MessageLog.ReadUntilAsync(_gw.Seen, "dispense/v1/st-1/state", "{\"online\":false,\"honest\":true}");
        Assert.DoesNotContain(seen, m => m.Payload == "{\"online\":false}");
    }
}
