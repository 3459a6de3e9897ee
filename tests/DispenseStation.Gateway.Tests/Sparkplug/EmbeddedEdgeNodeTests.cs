using System.Text.Json;
using DispenseStation.Gateway.Security;
using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Gateway.Sparkplug.Proto;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>
/// The whole gateway on its embedded broker with the Sparkplug view on, watched by a Sparkplug host that logs in as a
/// view client. Every payload the host receives is also decoded by Eclipse Tahu.
/// </summary>
public sealed class EmbeddedEdgeNodeTests : IAsyncLifetime
{
    public const string HostUser = "scada";
    public const string HostPassword = "scada-secret";
    private readonly TempDir _dir = new("ds-spb-");
    private AppHarness? _h;

    private AppHarness H => _h!;
    private SparkplugEdgeNode Node => H.Gateway.App.Services.GetRequiredService<SparkplugEdgeNode>();
    private string BdSeqFile => _dir.File("bdseq");

    public static Dictionary<string, string?> Settings(string bdSeqFile, string rebirthSeconds = "3600") => new()
    {
        ["Gateway:Sparkplug:Enabled"] = "true",
        ["Gateway:Sparkplug:GroupId"] = "Plant",
        ["Gateway:Sparkplug:EdgeNodeId"] = "gw1",
        ["Gateway:Sparkplug:BdSeqFile"] = bdSeqFile,
        ["Gateway:Sparkplug:AcceptDeviceCommands"] = "true",
        ["Gateway:Sparkplug:RebirthMinIntervalSeconds"] = rebirthSeconds,
        ["Gateway:Sparkplug:ReconnectDelayMilliseconds"] = "100",
        ["Gateway:Sparkplug:TemperatureDeadbandC"] = "0.25",
        ["Gateway:ViewClients:Clients:0:Username"] = HostUser,
        ["Gateway:ViewClients:Clients:0:PasswordHash"] = PasswordHash.Create(HostPassword, 10_000),
    };

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync(Settings(BdSeqFile));

    public async Task DisposeAsync()
    {
        if (_h is not null) await _h.DisposeAsync();
        _dir.Dispose();
    }

    private Task<HostClient> HostAsync() => HostClient.ConnectAsync(H.Gateway.MqttPort, HostUser, HostPassword, "ignition-1", "spBv1.0/#");

    private static Payload Decode((string Topic, byte[] Payload, bool Retain) m) => Payload.Parser.ParseFrom(m.Payload);

    [Fact]
    public async Task A_host_sees_births_data_and_death_in_order_with_consecutive_seq_and_Tahu_decodes_them_all()
    {
        await using var host = await HostAsync();
        // The session's own NBIRTH may reach the host too (if it subscribed first): the one to follow is the rebirth's.
        await AppHarness.WaitForAsync(() => Task.FromResult(Node.BdSeq is not null && Node.IsConnected && Node.IsBorn), "edge node born");
        var beforeRebirth = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while ((ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() == beforeRebirth) await Task.Yield();
        await host.PublishAsync("spBv1.0/Plant/NCMD/gw1", HostClient.Command("Node Control/Rebirth"));
        var nbirth = await host.WaitForAsync(m => m.Topic == "spBv1.0/Plant/NBIRTH/gw1" && Decode(m).Timestamp > beforeRebirth, "rebirth NBIRTH");
        Assert.Equal(0UL, Decode(nbirth).Seq);
        Assert.Equal((ulong)Node.BdSeq!.Value, Decode(nbirth).Metrics.Single(m => m.Name == "bdSeq").LongValue);

        var station = await ScriptedStation.ConnectAsync(H.Gateway.MqttPort, "ds-02", AppHarness.Password);
        var dbirth = await host.WaitForTopicAsync("spBv1.0/Plant/DBIRTH/gw1/ds-02");
        Assert.Equal("Idle", Decode(dbirth).Metrics.Single(m => m.Name == "State/PackML").StringValue);
        Assert.Equal("fw-2.1", Decode(dbirth).Metrics.Single(m => m.Name == "Properties/Firmware").StringValue);

        await station.TelemetryAsync(plateC: 90.0, grams: 1.5);
        var data = await host.WaitForAsync(m => m.Topic == "spBv1.0/Plant/DDATA/gw1/ds-02" && Decode(m).Metrics.Any(x => x.HasDoubleValue && x.DoubleValue == 90.0), "DDATA 90 °C");
        await station.TelemetryAsync(plateC: 90.125, grams: 1.5);   // inside the 0.25 °C deadband: not reported
        await station.TelemetryAsync(plateC: 91.0, grams: 1.5);
        await host.WaitForAsync(m => m.Topic == "spBv1.0/Plant/DDATA/gw1/ds-02" && Decode(m).Metrics.Any(x => x.HasDoubleValue && x.DoubleValue == 91.0), "DDATA 91 °C");
        Assert.DoesNotContain(host.Seen, m => m.Topic.Contains("DDATA") && Decode(m).Metrics.Any(x => x.HasDoubleValue && x.DoubleValue == 90.125));

        station.Crash();
        await host.WaitForTopicAsync("spBv1.0/Plant/DDEATH/gw1/ds-02");

        // From the NBIRTH on: seq 0, 1, 2, ... with no gap; a device's first message is its DBIRTH; nothing after its DDEATH.
        var session = host.Seen.SkipWhile(m => !ReferenceEquals(m.Payload, nbirth.Payload)).ToList();
        var seqs = session.Select(m => Decode(m).Seq).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => (ulong)(i % 256)), seqs);
        var ds02 = session.Where(m => m.Topic.EndsWith("/ds-02")).Select(m => m.Topic.Split('/')[2]).ToList();
        Assert.Equal("DBIRTH", ds02[0]);
        Assert.Equal("DDEATH", ds02[^1]);
        Assert.All(ds02.Skip(1).SkipLast(1), t => Assert.Equal("DDATA", t));

        var decoded = await TahuDecoder.DecodeAsync(session.Select(m => m.Payload));
        for (var i = 0; i < session.Count; i++)
            Assert.Equal(seqs[i].ToString(), decoded[i].GetProperty("decoded").GetProperty("seq").GetString());
    }

    [Fact]
    public async Task A_rebirth_storm_gets_one_rebirth_and_malformed_commands_are_refused_without_harm()
    {
        await using var host = await HostAsync();
        // Born, not only connected: the session's own NBIRTH (which the host may or may not see, depending on when it
        // subscribed) is built before the storm, and every NBIRTH the storm causes carries a later timestamp.
        await AppHarness.WaitForAsync(() => Task.FromResult(Node.IsConnected && Node.IsBorn), "edge node born");
        var beforeStorm = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while ((ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() == beforeStorm) await Task.Yield();
        for (var i = 0; i < 20; i++) await host.PublishAsync("spBv1.0/Plant/NCMD/gw1", HostClient.Command("Node Control/Rebirth"));
        await host.PublishAsync("spBv1.0/Plant/NCMD/gw1", [0x12, 0x7F, 0x00]);                               // truncated metric
        await host.PublishAsync("spBv1.0/Plant/DCMD/gw1/ds-99", HostClient.Command("Device Control/Hold")); // unknown device
        // 19 throttled rebirths + 2 malformed or unknown: wait for the refusals themselves.
        await AppHarness.WaitForAsync(() => Task.FromResult(Node.Refusals.Total == 21), "21 refusals");
        // A station coming online afterwards is a probe: its DBIRTH arrives after anything the storm could have caused.
        await using var station = await ScriptedStation.ConnectAsync(H.Gateway.MqttPort, "ds-03", AppHarness.Password);
        await host.WaitForTopicAsync("spBv1.0/Plant/DBIRTH/gw1/ds-03");
        Assert.Single(host.Seen, m => m.Topic == "spBv1.0/Plant/NBIRTH/gw1" && Decode(m).Timestamp > beforeStorm);
        Assert.True(Node.IsConnected);
    }

    [Fact]
    public async Task A_host_may_only_send_commands_to_this_edge_node_and_never_to_station_topics()
    {
        await using var host = await HostAsync();
        var denied = await host.PublishAsync("dispense/v1/ds-01/cmd/abort", "{}"u8.ToArray());
        Assert.False(denied.IsSuccess);
        Assert.False((await host.PublishAsync("spBv1.0/Plant/DDATA/gw1/ds-01", [1])).IsSuccess);   // only the edge node reports
        Assert.True((await host.PublishAsync("spBv1.0/STATE/ignition-1", "{\"online\":true,\"timestamp\":1}"u8.ToArray())).IsSuccess);
        await Assert.ThrowsAsync<InvalidOperationException>(() => HostClient.ConnectAsync(H.Gateway.MqttPort, HostUser, HostPassword, "x", "dispense/v1/#"));
    }

    [Fact]
    public async Task A_DCMD_abort_goes_through_the_orchestrator_to_the_station_and_is_audited()
    {
        await using var host = await HostAsync();
        var station = await H.ConnectStationAsync("ds-01");
        station.PauseBeforeStep = 2;
        var (status, created) = await H.PostAsync("/api/batches", new { recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head", station = "ds-01", @operator = "ana" });
        Assert.True(status == 201, created.ToString());
        var id = created.GetProperty("id").GetString()!;
        await H.WaitForBatchStateAsync(id, "Held");
        await AppHarness.WaitForAsync(() => Task.FromResult(Node.IsConnected), "edge node online");
        await host.PublishAsync("spBv1.0/Plant/DCMD/gw1/ds-01", HostClient.Command("Device Control/Abort"));
        await H.WaitForBatchStateAsync(id, "Aborted");
        Assert.Contains("abort", station.CommandsSeen);
        await AppHarness.WaitForAsync(async () => (await H.GetJsonAsync("/api/audit")).EnumerateArray()
            .Any(a => a.GetProperty("actor").GetString() == SparkplugDeviceCommands.Actor && a.GetProperty("entityId").GetString() == id), "audit row");
    }
}
