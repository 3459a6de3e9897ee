using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Mosquitto;

/// <summary>
/// deploy/mosquitto/acl on a real Mosquitto, with the gateway in External broker mode: the same
/// rules the embedded broker enforces.
/// </summary>
[Collection(MosquittoCollection.Name)]
public sealed class MosquittoAclTests(MosquittoServer mosquitto) : IAsyncLifetime
{
    private RunningGateway? _gw;

    private RunningGateway Gateway => _gw ?? throw new InvalidOperationException("gateway not started");
    private int Port => mosquitto.Port;

    public async Task InitializeAsync()
    {
        if (mosquitto.Unavailable is not null) return; // each test then skips or fails by the CI rule
        _gw = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Mqtt:Mode"] = "External",
            ["Gateway:Mqtt:BrokerUrl"] = $"mqtt://127.0.0.1:{mosquitto.Port}",
            ["Gateway:Mqtt:GatewayUsername"] = MosquittoServer.GatewayUser,
            ["Gateway:Mqtt:GatewayPassword"] = MosquittoServer.GatewayPassword,
        });
    }

    public async Task DisposeAsync()
    {
        if (_gw is not null) await _gw.DisposeAsync();
    }

    [SkippableFact]
    public async Task The_gateway_connects_in_external_mode_and_receives_a_stations_own_topics()
    {
        ExternalService.Require(mosquitto.Unavailable);
        Assert.True(Gateway.Mqtt.IsConnected);
        await using var st = await TestMqttClient.ConnectAsync(Port, "st-1", "pw-one");
        foreach (var leaf in new[] { "state", "telemetry", "event", "cmd-result" })
        {
            var payload = Guid.NewGuid().ToString();
            await st.PublishAsync($"dispense/v1/st-1/{leaf}", payload);
            await MessageLog.ReadUntilAsync(Gateway.Seen, $"dispense/v1/st-1/{leaf}", payload);
        }
    }

    [SkippableFact]
    public async Task A_wrong_password_is_refused()
    {
        ExternalService.Require(mosquitto.Unavailable);
        var result = await TestMqttClient.LoginResultAsync(Port, "st-1", "pw-two", "st-1");
        Assert.DoesNotContain("Success", result);
        Assert.Equal("Success", await TestMqttClient.LoginResultAsync(Port, "st-2", "pw-two", "st-2"));
    }

    [SkippableTheory]
    [InlineData("dispense/v1/st-2/state")]
    [InlineData("dispense/v1/st-2/cmd/start")]
    [InlineData("dispense/v1/st-1/cmd/start")]
    [InlineData("dispense/v1/st-1/other")]
    public async Task A_station_cannot_publish_outside_its_own_topics(string topic)
    {
        ExternalService.Require(mosquitto.Unavailable);
        await using var st = await TestMqttClient.ConnectAsync(Port, "st-1", "pw-one");
        await st.PublishAsync(topic, "forged");
        var probe = Guid.NewGuid().ToString();
        await st.PublishAsync("dispense/v1/st-1/event", probe);
        await MessageLog.AssertNotDeliveredBeforeProbeAsync(Gateway.Seen, topic, "dispense/v1/st-1/event", probe);
    }

    [SkippableFact]
    public async Task Commands_reach_only_the_addressed_station()
    {
        ExternalService.Require(mosquitto.Unavailable);
        await using var st1 = await TestMqttClient.ConnectAsync(Port, "st-1", "pw-one");
        await using var st2 = await TestMqttClient.ConnectAsync(Port, "st-2", "pw-two");
        await st1.SubscribeAsync("dispense/v1/st-1/cmd/+");
        await st2.SubscribeAsync("dispense/v1/st-1/cmd/+"); // not st-2's: Mosquitto grants nothing it delivers
        await st2.SubscribeAsync("dispense/v1/#");
        await st2.SubscribeAsync("dispense/v1/st-2/cmd/+");

        Assert.True(await Gateway.Mqtt.PublishAsync("dispense/v1/st-1/cmd/start", "{\"id\":\"c1\"}"u8.ToArray(), false, CancellationToken.None));
        Assert.True(await Gateway.Mqtt.PublishAsync("dispense/v1/st-2/cmd/hold", "{\"id\":\"c2\"}"u8.ToArray(), false, CancellationToken.None));

        Assert.Single(await MessageLog.ReadUntilAsync(st1.Received, "dispense/v1/st-1/cmd/start"));
        var at2 = await MessageLog.ReadUntilAsync(st2.Received, "dispense/v1/st-2/cmd/hold");
        Assert.Single(at2); // neither st-1's command nor anything else under dispense/v1/#
    }

    [SkippableFact]
    public async Task A_station_cannot_read_another_stations_telemetry()
    {
        ExternalService.Require(mosquitto.Unavailable);
        await using var spy = await TestMqttClient.ConnectAsync(Port, "st-2", "pw-two");
        await using var st1 = await TestMqttClient.ConnectAsync(Port, "st-1", "pw-one");
        await spy.SubscribeAsync("dispense/v1/st-1/#");
        await spy.SubscribeAsync("dispense/v1/st-2/cmd/+");
        await st1.PublishAsync("dispense/v1/st-1/telemetry", "{\"g\":12.5}");
        await MessageLog.ReadUntilAsync(Gateway.Seen, "dispense/v1/st-1/telemetry", "{\"g\":12.5}");
        // The gateway's marker after st-1's telemetry: the spy sees the marker and nothing before it.
        await Gateway.Mqtt.PublishAsync("dispense/v1/st-2/cmd/ping", "marker"u8.ToArray(), false, CancellationToken.None);
        Assert.Single(await MessageLog.ReadUntilAsync(spy.Received, "dispense/v1/st-2/cmd/ping", "marker"));
    }
}
