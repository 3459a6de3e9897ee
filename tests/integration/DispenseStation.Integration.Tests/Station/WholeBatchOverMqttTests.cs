using System.Diagnostics;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using DispenseStation.VirtualStation.Hosting;
using Xunit.Abstractions;

namespace DispenseStation.Integration.Tests.Station;

/// <summary>
/// A virtual station (simulated plant, the firmware core, the MQTTnet link) against MQTTnet's broker
/// on loopback, watched and commanded by a gateway-like subscriber: one whole batch, five doses and
/// a two-step bake, checked only through what arrives over MQTT.
/// </summary>
public sealed class WholeBatchOverMqttTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Station = "it-1";
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "ds-it-" + Guid.NewGuid().ToString("N"));
    private InProcessBroker _broker = null!;
    private GatewayProbe _gateway = null!;

    public async Task InitializeAsync()
    {
        _broker = await InProcessBroker.StartAsync();
        _gateway = await GatewayProbe.ConnectAsync(_broker.Port, Station);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _broker.DisposeAsync();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }

    private VirtualStationHost Host(string password = InProcessBroker.StationPassword, double speed = 0) => new(new VirtualStationOptions
    {
        StationId = Station,
        Broker = "127.0.0.1:" + _broker.Port,
        Username = Station,
        Password = password,
        StateDir = _stateDir,
        Speed = speed, // 0: simulated time as fast as the CPU allows
    }, line => output.WriteLine(line));

    private static ControlRecipe Recipe() => new()
    {
        BatchId = "IT-100",
        RecipeName = "NR-A 100 g",
        MaxBottleGrams = 250,
        Steps =
        [
            new RecipeStep { Kind = StepKinds.Tare, Name = "tare bottle", TimeoutS = 30 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "resin", Channel = 0, TargetGrams = 40.0, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "solvent", Channel = 1, TargetGrams = 54.92, ToleranceGrams = 0.05, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "crosslinker", Channel = 2, TargetGrams = 3.0, ToleranceGrams = 0.01, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "pag", Channel = 3, TargetGrams = 2.0, ToleranceGrams = 0.01, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Dose, Name = "quencher", Channel = 4, TargetGrams = 0.08, ToleranceGrams = 0.005, TimeoutS = 300 },
            new RecipeStep { Kind = StepKinds.Prompt, Name = "load wafer", PromptText = "Place the coated wafer on the plate, then confirm." },
            new RecipeStep
            {
                Kind = StepKinds.Bake, Name = "PAB + PEB",
                Bake = [new BakeSegment(100, 0, 60, 0.5), new BakeSegment(110, 0, 60, 0.5)],
            },
        ],
    };

    private static byte[] Command(string id, ControlRecipe? recipe = null, int stepIndex = -1)
    {
        var w = new JsonWriter(16384);
        int n = new CommandMessage { Id = id, Recipe = recipe!, StepIndex = stepIndex }.WriteTo(w);
        return w.Buffer.AsSpan(0, n).ToArray();
    }

    [Fact]
    public async Task A_whole_batch_of_five_doses_and_a_two_step_bake_is_observed_over_mqtt()
    {
        await using var host = Host();
        using var cts = new CancellationTokenSource();
        var run = host.RunAsync(cts.Token);
        var wall = Stopwatch.StartNew();

        await _gateway.WaitForAsync(() => _gateway.States().Any(s => s.Online && s.PackMlState == PackMlStates.Idle), TimeSpan.FromSeconds(20), "station online and Idle");
        Assert.True(_gateway.All.First(m => m.Topic.EndsWith("/state")).Retain || _gateway.States().Count > 0);

        await _gateway.SendAsync(CommandNames.Start, Command("start-1", Recipe()));
        await _gateway.WaitForAsync(() => _gateway.Results().Any(r => r.Id == "start-1"), TimeSpan.FromSeconds(20), "start result");
        var started = _gateway.Results().Single(r => r.Id == "start-1");
        Assert.True(started.Accepted, started.Reason);

        // The same command delivered again is answered again and not applied twice.
        await _gateway.SendAsync(CommandNames.Start, Command("start-1", Recipe()));
        await _gateway.WaitForAsync(() => _gateway.Results().Count(r => r.Id == "start-1") == 2, TimeSpan.FromSeconds(20), "second start result");
        Assert.True(_gateway.Results().Last(r => r.Id == "start-1").Accepted);

        await _gateway.WaitForAsync(() => _gateway.Events().Any(e => e.Kind == EventKinds.Prompt), TimeSpan.FromSeconds(60), "the wafer prompt");
        var prompt = _gateway.Events().Single(e => e.Kind == EventKinds.Prompt);
        await _gateway.SendAsync(CommandNames.Confirm, Command("confirm-1", stepIndex: prompt.StepIndex));

        await _gateway.WaitForAsync(() => _gateway.Events().Any(e => e.Kind == EventKinds.BatchCompleted), TimeSpan.FromSeconds(90), "batch-completed");
        await _gateway.WaitForAsync(() => _gateway.States().LastOrDefault()?.PackMlState == PackMlStates.Complete, TimeSpan.FromSeconds(10), "state Complete");
        wall.Stop();
        long simMs = host.Simulation.Clock.UptimeMs;
        cts.Cancel();
        await run;

        var events = _gateway.Events();
        Assert.Single(events, e => e.Kind == EventKinds.BatchStarted);
        var doses = events.Where(e => e.Kind == EventKinds.DoseResult).ToList();
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, doses.Select(d => d.Channel));
        Assert.All(doses, d => Assert.True(d.Success && Math.Abs(d.ErrorGrams) <= Recipe().Steps[d.StepIndex].ToleranceGrams, $"dose on channel {d.Channel}: error {d.ErrorGrams} g"));
        Assert.Equal(new[] { 100.0, 110.0 }, events.Where(e => e.Kind == EventKinds.BakeSegment).Select(e => e.SetpointC));
        Assert.Equal(Enumerable.Range(0, 8), events.Where(e => e.Kind == EventKinds.StepCompleted).Select(e => e.StepIndex));
        Assert.Equal(EventKinds.BatchCompleted, events.Last(e => e.Kind != EventKinds.AlarmRaised && e.Kind != EventKinds.AlarmCleared).Kind);
        var seqs = events.Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order(), seqs); // events arrive in the order they were raised
        Assert.True(_gateway.Results().Single(r => r.Id == "confirm-1").Accepted);

        var final = _gateway.States().Last();
        Assert.Equal("IT-100", final.BatchId);
        Assert.False(final.Interrupted);
        Assert.Equal(0, _broker.RejectedPublishes);
        output.WriteLine($"batch over MQTT: {simMs / 1000.0:F1} s simulated (since boot) in {wall.Elapsed.TotalSeconds:F2} s wall");
        foreach (var d in doses) output.WriteLine($"  ch{d.Channel} target {d.TargetGrams:F4} actual {d.ActualGrams:F4} g ({d.DurationMs / 1000.0:F1} s)");
    }

    [Fact]
    public async Task A_station_with_wrong_credentials_is_refused_and_keeps_retrying()
    {
        await using var host = Host(password: "wrong");
        using var cts = new CancellationTokenSource();
        var run = host.RunAsync(cts.Token);
        await _gateway.WaitForAsync(() => _broker.RejectedLogins >= 2, TimeSpan.FromSeconds(20), "two refused logins");
        Assert.False(host.Link.IsConnected);
        Assert.Empty(_gateway.States());
        cts.Cancel();
        await run;
    }

    [Fact]
    public async Task A_clean_stop_leaves_the_retained_state_offline()
    {
        var host = Host();
        using var cts = new CancellationTokenSource();
        var run = host.RunAsync(cts.Token);
        await _gateway.WaitForAsync(() => _gateway.States().Any(s => s.Online), TimeSpan.FromSeconds(20), "online");
        cts.Cancel();
        await run;
        await host.DisposeAsync();
        await _gateway.WaitForAsync(() => _gateway.States().Last().Online == false, TimeSpan.FromSeconds(10), "offline state");
        var last = _gateway.All.Last(m => m.Topic.EndsWith("/state"));
        Assert.Contains("\"online\":false", last.Text);
    }

    [Fact]
    public async Task Broker_outage_suspends_dosing_and_events_raised_meanwhile_arrive_in_order_after_reconnect()
    {
        // 10x real time, not flat out: the outage must reach the station while it is still dosing
        // (about 4 s of wall time after the first dose result), not after it has run on to the prompt.
        await using var host = Host(speed: 10);
        using var cts = new CancellationTokenSource();
        var run = host.RunAsync(cts.Token);
        await _gateway.WaitForAsync(() => _gateway.States().Any(s => s.Online), TimeSpan.FromSeconds(20), "online");
        await _gateway.SendAsync(CommandNames.Start, Command("start-1", Recipe()));
        await _gateway.WaitForAsync(() => _gateway.Events().Any(e => e.Kind == EventKinds.DoseResult), TimeSpan.FromSeconds(60), "first dose");
        long lastSeqBefore = _gateway.Events().Max(e => e.Seq);

        // The broker goes away mid-batch.
        int port = _broker.Port;
        await _gateway.DisposeAsync();
        await _broker.DisposeAsync();
        await WaitAsync(() => host.Simulation.Station.State == DispenseStation.Firmware.Station.PackMlState.Suspended, "Suspended");
        await Task.Delay(500);
        Assert.Equal(DispenseStation.Firmware.Station.PackMlState.Suspended, host.Simulation.Station.State);
        Assert.False(host.Simulation.Dosing.IsDosing);

        // Back, with the gateway subscribed before the station may reconnect.
        _broker = await InProcessBroker.StartAsync(port, admitStations: false);
        _gateway = await GatewayProbe.ConnectAsync(port, Station);
        _broker.AdmitStations = true;
        await _gateway.WaitForAsync(() => _gateway.Events().Any(e => e.Kind == EventKinds.Prompt), TimeSpan.FromSeconds(60), "the wafer prompt");
        await _gateway.SendAsync(CommandNames.Confirm, Command("confirm-1", stepIndex: 6));
        await _gateway.WaitForAsync(() => _gateway.Events().Any(e => e.Kind == EventKinds.BatchCompleted), TimeSpan.FromSeconds(120), "batch-completed after reconnect");
        cts.Cancel();
        await run;

        var events = _gateway.Events();
        var seqs = events.Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.True(seqs[0] > lastSeqBefore);
        // Raised while the link was down, delivered after the reconnect, before the all-clear.
        int lost = events.FindIndex(e => e.Kind == EventKinds.AlarmRaised && e.AlarmCode == "link-lost");
        int cleared = events.FindIndex(e => e.Kind == EventKinds.AlarmCleared && e.AlarmCode == "link-lost");
        Assert.True(lost >= 0 && cleared > lost, "link-lost raised, then cleared");
        Assert.DoesNotContain(events.Take(lost), e => e.Kind == EventKinds.BatchResumed || e.Kind == EventKinds.Prompt);
        Assert.Equal(4, events.Count(e => e.Kind == EventKinds.DoseResult && e.Success));
        Assert.Equal(0, host.Simulation.Station.EventsLost);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("waited for " + what);
            await Task.Delay(10);
        }
    }
}
