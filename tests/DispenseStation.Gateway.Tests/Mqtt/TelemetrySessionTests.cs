using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Tests.Support;
using DispenseStation.Protocol;

namespace DispenseStation.Gateway.Tests.Mqtt;

/// <summary>The gateway's telemetry session (GatewayMqttClient): which subscriptions it takes, and that it adds no copies.</summary>
public sealed class TelemetrySessionTests
{
    [Theory]
    [InlineData("dispense/v1/+/telemetry", true)]
    [InlineData("dispense/v1/st-1/telemetry", true)]
    [InlineData("dispense/v1/#", false)]
    [InlineData("dispense/v1/+/event", false)]
    [InlineData("dispense/v1/+/telemetry/more", false)]
    [InlineData("other/v1/+/telemetry", false)]
    public void Only_filters_for_telemetry_alone_go_to_the_telemetry_session(string filter, bool telemetry) =>
        Assert.Equal(telemetry, GatewayMqttClient.IsTelemetryFilter(filter));

    [Fact]
    public async Task On_the_embedded_broker_both_sessions_log_in_and_each_telemetry_message_is_handled_once()
    {
        var stations = new Dictionary<string, string> { ["st-1"] = "pw-one" };
        // "dispense/v1/#" on the events session matches telemetry as well: that copy must not reach the handlers.
        await using var gw = await RunningGateway.StartAsync(RunningGateway.StationSettings(stations), "dispense/v1/#");
        var credentials = gw.App.Services.GetRequiredService<GatewayCredentials>();
        var clients = await gw.App.Services.GetRequiredService<EmbeddedBrokerService>().Server.GetClientsAsync();
        Assert.Contains(clients, c => c.Id == credentials.ClientId);
        Assert.Contains(clients, c => c.Id == credentials.TelemetryClientId);
        Assert.True(gw.Mqtt.IsTelemetryConnected);

        await using var st = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-1", "pw-one");
        await st.PublishAsync(Topics.Telemetry("st-1"), "first");
        await st.PublishAsync(Topics.Telemetry("st-1"), "second");
        var seen = await MessageLog.ReadUntilAsync(gw.Seen, Topics.Telemetry("st-1"), "second");
        await st.PublishAsync(Topics.Event("st-1"), "after");
        seen.AddRange(await MessageLog.ReadUntilAsync(gw.Seen, Topics.Event("st-1"), "after"));
        await Task.Delay(300);
        while (gw.Seen.TryRead(out var late)) seen.Add(late);
        Assert.Single(seen, m => m.Topic == Topics.Telemetry("st-1") && m.Payload == "first");
        Assert.Single(seen, m => m.Topic == Topics.Telemetry("st-1") && m.Payload == "second");
    }
}
