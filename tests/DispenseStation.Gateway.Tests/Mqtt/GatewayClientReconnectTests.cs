using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Mqtt;

public sealed class GatewayClientReconnectTests
{
    [Fact]
    public async Task After_a_broker_restart_the_client_reconnects_and_resubscribes()
    {
        var stations = new Dictionary<string, string> { ["st-1"] = "pw-one" };
        await using var gw = await RunningGateway.StartAsync(RunningGateway.StationSettings(stations));
        var broker = gw.App.Services.GetRequiredService<EmbeddedBrokerService>();
        Assert.Equal(1, gw.Mqtt.ConnectCount);

        await broker.StopAsync(CancellationToken.None);
        await broker.StartAsync(CancellationToken.None);

        // A message that only reaches the gateway through a subscription renewed after the reconnect.
        await using var st = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-1", "pw-one");
        using var cts = new CancellationTokenSource(MessageLog.Timeout);
        while (gw.Mqtt.ConnectCount < 2) await Task.Delay(20, cts.Token);
        await gw.Mqtt.WaitUntilConnectedAsync(cts.Token);
        await st.PublishAsync("dispense/v1/st-1/state", "{\"online\":true}");
        await MessageLog.ReadUntilAsync(gw.Seen, "dispense/v1/st-1/state", "{\"online\":true}");
        Assert.Equal(2, gw.Mqtt.ConnectCount);
    }

    [Fact]
    public async Task Publishing_while_the_broker_is_down_reports_failure_instead_of_throwing()
    {
        await using var gw = await RunningGateway.StartAsync(new Dictionary<string, string?>());
        var broker = gw.App.Services.GetRequiredService<EmbeddedBrokerService>();
        await broker.StopAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource(MessageLog.Timeout);
        while (gw.Mqtt.IsConnected) await Task.Delay(20, cts.Token);

        Assert.False(await gw.Mqtt.PublishAsync("dispense/v1/st-1/cmd/start", [1], false, CancellationToken.None));
        await broker.StartAsync(CancellationToken.None);
    }
}

public sealed class GatewaySessionTests
{
    [Fact]
    public async Task Station_events_sent_while_the_gateways_link_is_down_arrive_after_the_reconnect()
    {
        var stations = new Dictionary<string, string> { ["st-1"] = "pw-one" };
        await using var gw = await RunningGateway.StartAsync(RunningGateway.StationSettings(stations));
        var broker = gw.App.Services.GetRequiredService<EmbeddedBrokerService>().Server;
        var credentials = gw.App.Services.GetRequiredService<GatewayCredentials>();
        await using var st = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-1", "pw-one");

        // The broker drops the gateway's connection (as a network fault would); its session stays.
        int connects = gw.Mqtt.ConnectCount;
        await broker.DisconnectClientAsync(credentials.ClientId, new MQTTnet.Server.MqttServerFactory().CreateMqttServerClientDisconnectOptionsBuilder().Build());
        using var cts = new CancellationTokenSource(MessageLog.Timeout);
        // The client reconnects after 100 ms: a poll that missed that window on a busy machine sees a new connect instead.
        while (gw.Mqtt.IsConnected && gw.Mqtt.ConnectCount == connects) await Task.Delay(10, cts.Token);
        var result = await st.PublishAsync("dispense/v1/st-1/event", "{\"kind\":\"dose-result\",\"while\":\"offline\"}");
        Assert.True(result.IsSuccess);

        // Published while the gateway had no connection: only the resumed session can deliver it.
        await MessageLog.ReadUntilAsync(gw.Seen, "dispense/v1/st-1/event", "{\"kind\":\"dose-result\",\"while\":\"offline\"}");
        while (gw.Mqtt.ConnectCount < 2) await Task.Delay(10, cts.Token);
    }
}
