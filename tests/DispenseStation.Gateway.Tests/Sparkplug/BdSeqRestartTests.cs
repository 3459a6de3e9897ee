using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Gateway.Sparkplug.Proto;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;
using MQTTnet.Server;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>bdSeq across gateway restarts: each run's NBIRTH carries one more than the last, and its NDEATH matches its NBIRTH.</summary>
public sealed class BdSeqRestartTests
{
    [Fact]
    public async Task A_restarted_gateway_continues_bdSeq_and_announces_its_death_with_the_same_number()
    {
        using var dir = new TempDir("ds-bdseq-restart-");
        var bdSeqFile = dir.File("bdseq");
        File.WriteAllText(bdSeqFile, "254");   // the previous run ended at 254: the next two runs use 255 and 0
        var births = new List<ulong>();
        var deaths = new List<ulong>();
        for (var run = 0; run < 2; run++)
        {
            var h = await AppHarness.StartAsync(EmbeddedEdgeNodeTests.Settings(bdSeqFile));
            await using var host = await HostClient.ConnectAsync(h.Gateway.MqttPort, EmbeddedEdgeNodeTests.HostUser, EmbeddedEdgeNodeTests.HostPassword, "host", "spBv1.0/#");
            var node = h.Gateway.App.Services.GetRequiredService<SparkplugEdgeNode>();
            await AppHarness.WaitForAsync(() => Task.FromResult(node.IsConnected), "edge node online");
            await host.PublishAsync("spBv1.0/Plant/NCMD/gw1", HostClient.Command("Node Control/Rebirth"));
            var birth = Payload.Parser.ParseFrom((await host.WaitForTopicAsync("spBv1.0/Plant/NBIRTH/gw1")).Payload);
            births.Add(birth.Metrics.Single(m => m.Name == EdgeNodeSession.BdSeqMetric).LongValue);
            // The host outlives the gateway here: it sees the NDEATH the gateway sends as it stops.
            var stopping = host.WaitForTopicAsync("spBv1.0/Plant/NDEATH/gw1");
            await h.DisposeAsync();
            var death = Payload.Parser.ParseFrom((await stopping).Payload);
            deaths.Add(death.Metrics.Single(m => m.Name == EdgeNodeSession.BdSeqMetric).LongValue);
            Assert.False(death.HasSeq);
        }
        Assert.Equal([255UL, 0UL], births);
        Assert.Equal(births, deaths);
    }

    [Fact]
    public async Task The_broker_sends_the_will_NDEATH_with_the_sessions_bdSeq_when_the_edge_node_link_dies()
    {
        using var dir = new TempDir("ds-bdseq-will-");
        await using var h = await AppHarness.StartAsync(EmbeddedEdgeNodeTests.Settings(dir.File("bdseq")));
        await using var host = await HostClient.ConnectAsync(h.Gateway.MqttPort, EmbeddedEdgeNodeTests.HostUser, EmbeddedEdgeNodeTests.HostPassword, "host", "spBv1.0/#");
        var node = h.Gateway.App.Services.GetRequiredService<SparkplugEdgeNode>();
        await AppHarness.WaitForAsync(() => Task.FromResult(node.IsConnected), "edge node online");
        var first = node.BdSeq!.Value;
        // Cut the edge node's session at the broker, as a network failure would: the broker publishes the will.
        var broker = h.Gateway.App.Services.GetRequiredService<DispenseStation.Gateway.Mqtt.EmbeddedBrokerService>();
        var session = (await broker.Server.GetClientsAsync()).Single(c => c.Id == node.ClientId);
        await session.DisconnectAsync();
        var will = Payload.Parser.ParseFrom((await host.WaitForTopicAsync("spBv1.0/Plant/NDEATH/gw1")).Payload);
        Assert.Equal((ulong)first, will.Metrics.Single(m => m.Name == EdgeNodeSession.BdSeqMetric).LongValue);
        // It reconnects with the next bdSeq and is born again.
        var rebirth = Payload.Parser.ParseFrom((await host.WaitForTopicAsync("spBv1.0/Plant/NBIRTH/gw1")).Payload);
        Assert.Equal((ulong)(first + 1), rebirth.Metrics.Single(m => m.Name == EdgeNodeSession.BdSeqMetric).LongValue);
    }
}
