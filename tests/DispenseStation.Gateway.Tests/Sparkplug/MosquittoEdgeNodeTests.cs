using System.Text;
using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Gateway.Sparkplug.Proto;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>
/// Both views on a real Mosquitto with the shipped ACL (deploy/mosquitto/acl): the edge node on its own user,
/// a Sparkplug host and Home Assistant on theirs.
/// </summary>
[Collection(MosquittoCollection.Name)]
public sealed class MosquittoEdgeNodeTests(MosquittoServer mosquitto) : IAsyncLifetime
{
    private readonly TempDir _dir = new("ds-spb-mosq-");
    private RunningGateway? _gw;

    public async Task InitializeAsync()
    {
        if (mosquitto.Unavailable is not null) return;
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Mqtt:Mode"] = "External",
            ["Gateway:Mqtt:BrokerUrl"] = $"mqtt://127.0.0.1:{mosquitto.Port}",
            ["Gateway:Mqtt:GatewayUsername"] = MosquittoServer.GatewayUser,
            ["Gateway:Mqtt:GatewayPassword"] = MosquittoServer.GatewayPassword,
            ["Gateway:Sparkplug:Enabled"] = "true",
            ["Gateway:Sparkplug:Username"] = "dispense-sparkplug",
            ["Gateway:Sparkplug:Password"] = MosquittoServer.ViewUsers["dispense-sparkplug"],
            ["Gateway:Sparkplug:BdSeqFile"] = _dir.File("bdseq"),
            ["Gateway:Sparkplug:ReconnectDelayMilliseconds"] = "100",
            ["Gateway:HomeAssistant:Enabled"] = "true",
        };
        _gw = await RunningGateway.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        if (_gw is not null) await _gw.DisposeAsync();
        _dir.Dispose();
    }

    [SkippableFact]
    public async Task A_host_and_Home_Assistant_see_a_station_born_reported_and_dead_through_Mosquitto()
    {
        ExternalService.Require(mosquitto.Unavailable);
        var node = _gw!.App.Services.GetRequiredService<SparkplugEdgeNode>();
        await using var host = await HostClient.ConnectAsync(mosquitto.Port, "scada", MosquittoServer.ViewUsers["scada"], "scada", "spBv1.0/#");
        await using var ha = await HostClient.ConnectAsync(mosquitto.Port, "homeassistant", MosquittoServer.ViewUsers["homeassistant"], "homeassistant",
            "homeassistant/#", "dispense-ha/#");
        await AppHarness.WaitForAsync(() => Task.FromResult(node.IsConnected && _gw.Mqtt.IsConnected), "both sessions up");
        await host.PublishAsync("spBv1.0/DispenseStation/NCMD/gateway", HostClient.Command("Node Control/Rebirth"));
        var nbirth = await host.WaitForTopicAsync("spBv1.0/DispenseStation/NBIRTH/gateway");

        var station = await ScriptedStation.ConnectAsync(mosquitto.Port, "st-1", MosquittoServer.Stations["st-1"]);
        var dbirth = await host.WaitForTopicAsync("spBv1.0/DispenseStation/DBIRTH/gateway/st-1");
        await station.TelemetryAsync(plateC: 110.5, grams: 0.25);
        var ddata = await host.WaitForTopicAsync("spBv1.0/DispenseStation/DDATA/gateway/st-1");
        Assert.Contains(Payload.Parser.ParseFrom(ddata.Payload).Metrics, m => m.HasDoubleValue && m.DoubleValue == 110.5);
        await ha.FindTopicAsync("homeassistant/sensor/dispense_gateway/st-1_plate_temperature/config");
        Assert.Equal("online", Encoding.UTF8.GetString((await ha.FindTopicAsync("dispense-ha/st-1/availability")).Payload));

        station.Crash();
        var ddeath = await host.WaitForTopicAsync("spBv1.0/DispenseStation/DDEATH/gateway/st-1");
        await ha.WaitForAsync(m => m.Topic == "dispense-ha/st-1/availability" && Encoding.UTF8.GetString(m.Payload) == "offline", "offline");

        var session = new[] { nbirth, dbirth, ddata, ddeath };
        var decoded = await TahuDecoder.DecodeAsync(session.Select(m => m.Payload));
        Assert.Equal(["0", "1", "2", "3"], decoded.Select(d => d.GetProperty("decoded").GetProperty("seq").GetString()));
        Assert.Equal(node.BdSeq.ToString(), decoded[0].GetProperty("decoded").GetProperty("metrics")[0].GetProperty("value").GetString());
    }

    [SkippableFact]
    public async Task The_shipped_ACL_keeps_hosts_off_station_topics_and_other_publishers_off_the_edge_nodes_messages()
    {
        ExternalService.Require(mosquitto.Unavailable);
        // The spy logs in as the gateway user, and Mosquitto names sessions after the user: the running gateway
        // would take the spy's session over on its next reconnect (and back), so it goes first.
        if (_gw is not null) await _gw.DisposeAsync();
        _gw = null;
        await using var host = await HostClient.ConnectAsync(mosquitto.Port, "scada", MosquittoServer.ViewUsers["scada"], "scada", "spBv1.0/#");
        await using var spy = await HostClient.ConnectAsync(mosquitto.Port, MosquittoServer.GatewayUser, MosquittoServer.GatewayPassword, MosquittoServer.GatewayUser, "dispense/v1/#");
        // Mosquitto accepts a denied QoS 1 publish and drops it: the gateway's subscriber never sees it, while an allowed probe arrives.
        await host.PublishAsync("dispense/v1/st-2/cmd/abort", "{}"u8.ToArray());
        await host.PublishAsync("spBv1.0/DispenseStation/DDATA/gateway/st-2", [1]);
        await using var st = await TestMqttClient.ConnectAsync(mosquitto.Port, "st-2", MosquittoServer.Stations["st-2"]);
        await st.PublishAsync("dispense/v1/st-2/event", "probe");
        await spy.WaitForTopicAsync("dispense/v1/st-2/event");
        await host.PublishAsync("spBv1.0/STATE/scada", "{\"online\":true,\"timestamp\":1}"u8.ToArray());   // allowed: the host's probe
        await host.WaitForTopicAsync("spBv1.0/STATE/scada");
        Assert.DoesNotContain(spy.Seen, m => m.Topic.Contains("/cmd/"));
        Assert.DoesNotContain(host.Seen, m => m.Topic.Contains("DDATA/gateway/st-2"));
    }
}
