using DispenseStation.Gateway.Live;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Gateway.Sparkplug.Proto;
using DispenseStation.Gateway.Tests.App;
using DispenseStation.Gateway.Tests.Support;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Tests.Sparkplug;

/// <summary>
/// A view that stops (its loop blocked inside a publish) must not hold up ingestion: the registry's telemetry path,
/// which feeds the dashboard's event stream, goes on at full speed while the view's queue stays at one entry per
/// station; when the view resumes, it sends the station's latest values.
/// </summary>
public sealed class StalledViewTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("ds-stall-");
    private AppHarness? _h;
    private AppHarness H => _h!;

    public Task InitializeAsync() => Task.CompletedTask;   // each case starts its own gateway

    public async Task DisposeAsync()
    {
        if (_h is not null) await _h.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(0)]      // every change a DDATA at once: the slot is queued when it fills
    [InlineData(1000)]   // paced (the default): ingestion queues nothing, the view's ticker takes the slot
    public async Task Ingestion_and_the_event_stream_go_on_while_the_Sparkplug_view_is_stalled_and_the_view_then_sends_the_latest_values(int pacingMs)
    {
        var settings = EmbeddedEdgeNodeTests.Settings(_dir.File("bdseq"));
        settings["Gateway:Sparkplug:DataMinIntervalMilliseconds"] = pacingMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Gateway:HomeAssistant:Enabled"] = "true";
        _h = await AppHarness.StartAsync(settings);

        var node = H.Gateway.App.Services.GetRequiredService<SparkplugEdgeNode>();
        var registry = H.Gateway.App.Services.GetRequiredService<StationRegistry>();
        var feed = H.Gateway.App.Services.GetRequiredService<LiveFeed>();
        await using var host = await HostClient.ConnectAsync(H.Gateway.MqttPort, EmbeddedEdgeNodeTests.HostUser, EmbeddedEdgeNodeTests.HostPassword, "ignition-1", "spBv1.0/#");
        await using var station = await ScriptedStation.ConnectAsync(H.Gateway.MqttPort, "ds-02", AppHarness.Password);
        await host.WaitForTopicAsync("spBv1.0/Plant/DBIRTH/gw1/ds-02");

        // The view's loop blocks in the next DDATA's publish until the test lets it go.
        using var gate = new ManualResetEventSlim(false);
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.MessagePublished += m =>
        {
            if (m.Type != SparkplugMessageType.DDATA || gate.IsSet) return;
            stalled.TrySetResult();
            gate.Wait(TimeSpan.FromSeconds(60));
        };
        await station.TelemetryAsync(plateC: 90.0, grams: 1);
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(15));

        // 5000 samples through the ingestion path while the view is stalled; a reader of the live feed counts them.
        const int samples = 5000;
        using var subscription = feed.Open();
        var seen = 0;
        var reader = Task.Run(async () =>
        {
            while (Volatile.Read(ref seen) < samples && await subscription.Reader.WaitToReadAsync())
                while (subscription.Reader.TryRead(out var u))
                    if (u.Type == LiveFeed.TelemetryUpdate && u.Json.Contains("\"ds-02\"", StringComparison.Ordinal)) Interlocked.Increment(ref seen);
        });
        var coalesced0 = node.CoalescedSamples;
        // In chunks the reader can keep up with (the feed's own queue drops the oldest for a reader that cannot; that is
        // not what this test is about). Ingestion finishes while the gate is still shut: it never waits for the view.
        const int chunk = 500;
        for (var from = 1; from <= samples; from += chunk)
        {
            var first = from;
            await Task.Run(() =>
            {
                for (var i = first; i < first + chunk; i++) registry.OnTelemetry("ds-02", Telemetry(i, plateC: 100 + i * 0.5, grams: i));
            }).WaitAsync(TimeSpan.FromSeconds(30));
            await AppHarness.WaitForAsync(() => Task.FromResult(Volatile.Read(ref seen) >= first + chunk - 1), $"the feed's reader at {first + chunk - 1}", TimeSpan.FromSeconds(30));
        }
        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(gate.IsSet);
        Assert.Equal(samples, seen);
        Assert.Equal(0, feed.DroppedUpdates);
        Assert.True(node.QueuedInputs <= 1, $"{node.QueuedInputs} inputs queued for the stalled view");   // ds-02's slot, or one tick
        Assert.True(node.CoalescedSamples - coalesced0 >= samples - 1, $"{node.CoalescedSamples - coalesced0} samples merged");

        gate.Set();
        var last = 100 + samples * 0.5;
        var data = await host.WaitForAsync(m => m.Topic == "spBv1.0/Plant/DDATA/gw1/ds-02"
            && Payload.Parser.ParseFrom(m.Payload).Metrics.Any(x => x.HasDoubleValue && x.DoubleValue == last), "DDATA with the latest sample");
        Assert.Contains(Payload.Parser.ParseFrom(data.Payload).Metrics, x => x.HasDoubleValue && x.DoubleValue == samples);   // its weight too
    }

    private static TelemetryMessage Telemetry(int i, double plateC, double grams)
    {
        var m = new TelemetryMessage(1, 1) { Seq = 1000 + i, UptimeMs = 100_000 + i * 200L, SampleCount = 1 };
        var s = m.Samples[0];
        s.UptimeMs = m.UptimeMs;
        s.ScaleGrams = grams;
        s.ScaleStable = true;
        s.PlateC = plateC;
        s.SetpointC = 100;
        s.HeaterDuty = 0.4;
        return m;
    }
}
