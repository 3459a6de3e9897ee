using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using DispenseStation.Gateway.Tests.Support;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Tests.Mosquitto;

/// <summary>
/// A gateway that falls behind on telemetry still receives every station event. Mosquitto as shipped holds at most
/// max_queued_messages (10000) behind max_inflight_messages (100) for one session and drops what comes on top, whatever
/// its topic, while the publishing station already has its PUBACK: events that shared the telemetry's session were lost
/// (bench/results/fleet-failover.md, 1000 stations). The gateway keeps telemetry on a session of its own
/// (Mqtt/GatewayMqttClient.cs). Its own Mosquitto: the backlog left in the broker must not reach another test's gateway.
/// </summary>
public sealed class TelemetryBacklogTests : IAsyncLifetime
{
    private readonly MosquittoServer _mosquitto = new();

    public Task InitializeAsync() => _mosquitto.InitializeAsync();

    public Task DisposeAsync() => _mosquitto.DisposeAsync();

    [SkippableFact]
    public async Task A_telemetry_backlog_beyond_the_brokers_queue_costs_no_station_event()
    {
        ExternalService.Require(_mosquitto.Unavailable);
        // Well over the shipped queue and in-flight window together (10100), with room for what the slowed gateway
        // handles while the flood is sent.
        const int telemetry = 15_000;
        const int events = 20;
        await using var gw = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Mqtt:Mode"] = "External",
            ["Gateway:Mqtt:BrokerUrl"] = $"mqtt://127.0.0.1:{_mosquitto.Port}",
            ["Gateway:Mqtt:GatewayUsername"] = MosquittoServer.GatewayUser,
            ["Gateway:Mqtt:GatewayPassword"] = MosquittoServer.GatewayPassword,
        }, Topics.AllEvents);

        // The gateway falls behind: each telemetry message costs its handlers 10 ms (about 100 a second at most).
        using var slow = new CancellationTokenSource();
        long handledTelemetry = 0;
        var arrived = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);   // event marker -> telemetry handled by then
        gw.Mqtt.MessageReceived += async m =>
        {
            if (m.Topic == Topics.Telemetry("st-1"))
            {
                Interlocked.Increment(ref handledTelemetry);
                if (!slow.IsCancellationRequested) await Task.Delay(10);
            }
            else if (m.Topic == Topics.Event("st-2") && EventMessage.TryParse(m.Payload, 0, m.Payload.Length, out var e, out _) && e.Message is { } marker)
                arrived.TryAdd(marker, Interlocked.Read(ref handledTelemetry));
        };

        await using var flooding = await TestMqttClient.ConnectAsync(_mosquitto.Port, "st-1", MosquittoServer.Stations["st-1"]);
        for (var from = 0; from < telemetry; from += 200)
            await Task.WhenAll(Enumerable.Range(from, Math.Min(200, telemetry - from)).Select(i => flooding.PublishAsync(Topics.Telemetry("st-1"), Telemetry(i))));

        // Events while the backlog stands, from another station: each acknowledged by the broker (the station's outbox
        // lets it go), so each must reach the gateway.
        await using var station = await TestMqttClient.ConnectAsync(_mosquitto.Port, "st-2", MosquittoServer.Stations["st-2"]);
        var markers = Enumerable.Range(1, events).Select(i => $"event-{i}-{Guid.NewGuid():N}").ToArray();
        for (var i = 0; i < events; i++)
        {
            var published = await station.PublishAsync(Topics.Event("st-2"), Event(i + 1, markers[i]));
            Assert.True(published.IsSuccess, $"broker refused event {i + 1}: {published.ReasonCode}");
        }

        var wait = Stopwatch.StartNew();
        while (arrived.Count < events && wait.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        var handledAtEnd = Interlocked.Read(ref handledTelemetry);
        slow.Cancel();
        var missing = markers.Where(m => !arrived.ContainsKey(m)).ToArray();
        Assert.True(missing.Length == 0,
            $"{missing.Length} of {events} acknowledged events never reached the gateway in {wait.Elapsed.TotalSeconds:F0} s " +
            $"({handledAtEnd} of {telemetry} telemetry messages handled by then). Mosquitto said:\n{Tail(_mosquitto.Log)}");
        // The events overtook a standing backlog: when the last one arrived, most of the telemetry was still unhandled.
        Assert.True(arrived.Values.Max() < telemetry / 2, $"the last event arrived after {arrived.Values.Max()} of {telemetry} telemetry messages: no backlog was standing");
    }

    private static string Telemetry(int i)
    {
        var m = new TelemetryMessage(1, 2) { Seq = i + 1, UptimeMs = 1000 + i * 200L, SampleCount = 1 };
        var s = m.Samples[0];
        s.UptimeMs = m.UptimeMs;
        s.ScaleGrams = i * 0.001;
        s.ScaleStable = true;
        s.PlateC = 21;
        s.SetpointC = double.NaN;
        s.HeaterDuty = 0;
        return Write(m.WriteTo);
    }

    private static string Event(int seq, string marker) =>
        Write(new EventMessage { Kind = EventKinds.StepStarted, Seq = seq, UptimeMs = 1000 + seq, StepIndex = 0, Message = marker }.WriteTo);

    private static string Write(Func<JsonWriter, int> write)
    {
        var w = new JsonWriter(4096);
        if (write(w) < 0) throw new InvalidOperationException("message does not fit");
        return Encoding.UTF8.GetString(w.ToArray());
    }

    private static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(15));
}
