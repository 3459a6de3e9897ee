using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Net.Http.Headers;
using DispenseStation.Gateway;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Security;
using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Gateway.HomeAssistant;
using DispenseStation.Gateway.Live;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Protocol;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DispenseStation.Gateway.Bench.Fleet;

/// <summary>
/// A fleet of stations (default 1000 at 5 Hz) through the real gateway on its embedded broker, first with the Sparkplug
/// and Home Assistant views off, then on. Measures the delay from a station publishing a telemetry sample to the sample
/// arriving on the dashboard's event stream (GET /api/events, read over HTTP like a browser), lost samples, the DDATA rate
/// a Sparkplug host receives, and the CPU of the whole process (gateway, stations and readers alike).
/// Every sample moves the scale weight (it carries the sample's number), so every sample is a DDATA: the worst case for
/// report by exception. Writes bench/results/sparkplug-fleet.md.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class FleetViewsBench
{
    private const string Password = "pw";
    private const string SparkplugUser = "dispense-sparkplug", HostUser = "scada", HostClientId = "scada-host";

    public static async Task RunAsync(string[] args)
    {
        var stations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var hz = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var output = args.Length > 3 ? args[3] : Path.Combine(FindRepo(), "bench", "results", "sparkplug-fleet.md");
        // Fifth argument "off", "on" or "both" (default): which configurations; sixth: runs of each (default 3), alternated
        // off/on so a change in the machine's load falls on both sides.
        bool[] configurations = args.Length > 4 && args[4] != "both" ? [args[4] == "on"] : [false, true];
        var runs = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 3;
        // Seventh: Sparkplug DDATA pacing in ms (Gateway:Sparkplug:DataMinIntervalMilliseconds) for the views-on runs, a
        // comma-separated list runs each (e.g. "1000,0": the default, then every change at once); default: the gateway's default.
        var pacings = (args.Length > 6 ? args[6] : new SparkplugOptions().DataMinIntervalMilliseconds.ToString(CultureInfo.InvariantCulture))
            .Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        // Eighth: the broker, "embedded" (default: the gateway's own MQTTnet server) or "mosquitto" (a private Mosquitto with the
        // shipped acl and limits, the gateway and its views as its clients: the deployment deploy/README gives for big fleets).
        var mosquitto = args.Length > 7 && args[7] switch
        {
            "mosquitto" => true,
            "embedded" => false,
            _ => throw new ArgumentException($"broker (eighth argument) must be 'embedded' or 'mosquitto', got '{args[7]}'"),
        };
        var sides = configurations.SelectMany(on => on ? pacings.Select(p => (On: true, Pacing: p)) : [(On: false, Pacing: 0)]).ToArray();
        var results = new List<Result>();
        for (var run = 1; run <= runs; run++)
            foreach (var (viewsOn, pacing) in sides)
            {
                Console.WriteLine($"run {run}/{runs}: {stations} stations x {hz} Hz, views {(viewsOn ? $"on, DDATA pacing {pacing} ms" : "off")}, {seconds} s measured ...");
                var r = await RunOnceAsync(stations, hz, seconds, viewsOn, pacing, mosquitto) with { Run = run, Pacing = pacing };
                Console.WriteLine(r);
                results.Add(r);
            }
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, Report(stations, hz, seconds, runs, args.Length > 4 ? args[4] : "both", string.Join(",", pacings), mosquitto, results));
        Console.WriteLine($"written {output}");
    }

    private sealed record Result(bool ViewsOn, long Sent, long Received, double P50Ms, double P99Ms, double MaxMs, double DdataPerSecond,
        double SparkplugPublishedPerSecond, double CoalescedPerSecond, double CpuPercentOfOneCore, double SentPerSecond,
        double HaStatesPerSecond, long BrokerDropsGateway, long BrokerDropsHost, long BrokerDropsOther, long StreamDrops, long BrokerRefused, string LoadAverage,
        Runtime Runtime)
    {
        public int Run { get; init; }
        public int Pacing { get; init; }
        /// <summary>Mosquitto's own CPU (a process of its own); NaN on the embedded broker, whose CPU is the process's.</summary>
        public double BrokerCpuPercentOfOneCore { get; init; } = double.NaN;
        public string Views => ViewsOn ? $"Sparkplug + HA on, DDATA pacing {Pacing} ms" : "off";
    }

    /// <summary>
    /// What the runtime did in the process during the measurement: bytes allocated, collections per generation, the time
    /// the collector paused every thread, and the time spent compiling (tiered JIT still promoting methods means the
    /// warm-up was too short for the figures to describe a gateway that has been running for a while).
    /// </summary>
    private sealed record Runtime(double AllocatedMBPerSecond, int Gen0, int Gen1, int Gen2, double GcPauseMsPerSecond, double JitMs, bool ServerGc)
    {
        public static (long Bytes, int G0, int G1, int G2, TimeSpan Pause, TimeSpan Jit) Now() =>
            (GC.GetTotalAllocatedBytes(false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
                System.Runtime.JitInfo.GetCompilationTime(false));

        public static Runtime Since((long Bytes, int G0, int G1, int G2, TimeSpan Pause, TimeSpan Jit) start, double seconds)
        {
            var end = Now();
            // Collections of a higher generation include the lower ones: each column counts only its own.
            var g2 = end.G2 - start.G2;
            var g1 = end.G1 - start.G1 - g2;
            var g0 = end.G0 - start.G0 - g1 - g2;
            return new Runtime((end.Bytes - start.Bytes) / 1e6 / seconds, g0, g1, g2, (end.Pause - start.Pause).TotalMilliseconds / seconds,
                (end.Jit - start.Jit).TotalMilliseconds, System.Runtime.GCSettings.IsServerGC);
        }
    }

    private static async Task<Result> RunOnceAsync(int stationCount, double hz, int seconds, bool viewsOn, int pacing, bool mosquitto)
    {
        var dir = Directory.CreateTempSubdirectory("ds-fleet-");
        var ids = Enumerable.Range(1, stationCount).Select(i => $"fl-{i:D4}").ToArray();
        await using var servers = mosquitto
            ? await FleetServers.StartAsync(ids, FindRepo(), postgres: false, otherUsers: [SparkplugUser, HostUser])
            : null;
        var port = servers?.MqttPort ?? BenchGateway.FreePort();
        var hash = PasswordHash.Create(Password, 10_000);
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Gateway:Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Storage:ConnectionString"] = $"Data Source={Path.Combine(dir.FullName, "gw.db")}",
            ["Gateway:Sparkplug:Enabled"] = viewsOn ? "true" : "false",
            ["Gateway:Sparkplug:BdSeqFile"] = Path.Combine(dir.FullName, "bdseq"),
            ["Gateway:HomeAssistant:Enabled"] = viewsOn ? "true" : "false",
            ["Gateway:Sparkplug:DataMinIntervalMilliseconds"] = pacing.ToString(CultureInfo.InvariantCulture),
            ["Gateway:ViewClients:Clients:0:Username"] = "scada",
            ["Gateway:ViewClients:Clients:0:PasswordHash"] = hash,
        };
        if (servers is not null)
        {
            settings["Gateway:Mqtt:Mode"] = "External";
            settings["Gateway:Mqtt:BrokerUrl"] = $"mqtt://127.0.0.1:{port}";
            settings["Gateway:Mqtt:GatewayUsername"] = FleetServers.GatewayUser;
            settings["Gateway:Mqtt:GatewayPassword"] = FleetServers.Password;
            // Its own broker user: with use_username_as_clientid the gateway's user would take over the gateway's session.
            settings["Gateway:Sparkplug:Username"] = SparkplugUser;
            settings["Gateway:Sparkplug:Password"] = FleetServers.Password;
        }
        for (var i = 0; i < ids.Length; i++)
        {
            settings[$"Gateway:Stations:{i}:Id"] = ids[i];
            settings[$"Gateway:Stations:{i}:PasswordHash"] = hash;
        }
        var app = GatewayApp.Create([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.ClearProviders();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        // Sparkplug host counting DDATA.
        long ddata = 0;
        using var host = new MqttClientFactory().CreateMqttClient();
        if (viewsOn)
        {
            host.ApplicationMessageReceivedAsync += e =>
            {
                if (e.ApplicationMessage.Topic.Contains("/DDATA/", StringComparison.Ordinal)) Interlocked.Increment(ref ddata);
                return Task.CompletedTask;
            };
            await host.ConnectAsync(Options(port, HostUser, HostClientId));
            await host.SubscribeAsync("spBv1.0/#", MqttQualityOfServiceLevel.AtMostOnce);
        }

        var clients = new IMqttClient[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            clients[i] = new MqttClientFactory().CreateMqttClient();
            var will = new StateMessage { Online = false, StationId = ids[i] };
            var o = Options(port, ids[i], ids[i]);
            o.WillTopic = Topics.State(ids[i]);
            o.WillPayload = Json(w => will.WriteTo(w));
            o.WillRetain = true;
            o.WillQualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
            await clients[i].ConnectAsync(o);
            // As every station does (VirtualStation's link, the ESP32's MqttLink): its commands, at QoS 1. The broker checks
            // each subscribed session for every message it routes, so a fleet that did not subscribe would flatter it.
            await clients[i].SubscribeAsync(Topics.CommandFilter(ids[i]), MqttQualityOfServiceLevel.AtLeastOnce);
            var state = new StateMessage { Seq = 1, UptimeMs = 1, Online = true, StationId = ids[i], Firmware = "bench", PackMlState = PackMlStates.Idle, ActiveAlarms = [] };
            await clients[i].PublishAsync(Message(Topics.State(ids[i]), Json(w => state.WriteTo(w)), retain: true, MqttQualityOfServiceLevel.AtLeastOnce));
        }

        // The dashboard's event stream, read over HTTP.
        var total = (long)(stationCount * hz * (seconds + 8)) + 10;
        var sentAt = new long[total + 1];
        var latencies = new List<double>((int)Math.Min(total, int.MaxValue / 2));
        long received = 0;
        long measureFrom = long.MaxValue;
        // The event stream needs a signed-in reader: a viewer's API token, as a monitoring client would hold.
        var accounts = app.Services.GetRequiredService<Accounts>();
        var viewer = await accounts.CreateAsync("fleet-watch", Password + "-viewer", [GatewayRoles.Viewer]);
        var (_, token, _) = await accounts.IssueTokenAsync(viewer, "fleet bench", TimeSpan.FromDays(1));
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            using var response = await http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            response.EnsureSuccessStatusCode();   // a refused stream must fail the bench, not report 0 received
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            string? evt = null;
            while (!stop.IsCancellationRequested && await stream.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) evt = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && evt == "telemetry")
                {
                    var now = Stopwatch.GetTimestamp();
                    using var doc = JsonDocument.Parse(line.AsMemory(6));
                    var grams = doc.RootElement.GetProperty("sample").GetProperty("scaleGrams").GetDouble();
                    var seq = (long)Math.Round(grams * 1000);
                    if (seq <= 0 || seq > total || sentAt[seq] == 0) continue;
                    if (seq >= Volatile.Read(ref measureFrom))
                    {
                        lock (latencies) latencies.Add(Stopwatch.GetElapsedTime(sentAt[seq], now).TotalMilliseconds);
                        Interlocked.Increment(ref received);
                    }
                }
            }
        });
        await Task.Delay(2000);   // births, discovery and the event stream settle
        if (reader.IsFaulted) await reader;   // throws the reader's reason (refused, unreachable)
        if (viewsOn)
        {
            // Discovery of a whole fleet (9 retained configs, availability and 5 plain values per station, through the gateway's client) is a
            // start-up burst; the measurement is of the steady state after it.
            var discovery = Stopwatch.StartNew();
            var publisher = app.Services.GetRequiredService<HomeAssistantPublisher>();
            while (publisher.ConfiguredStations < stationCount && discovery.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(100);
            Console.WriteLine($"Home Assistant discovery of {publisher.ConfiguredStations} stations done {discovery.Elapsed.TotalSeconds:F1} s after the settling pause");
        }

        var edge = viewsOn ? app.Services.GetRequiredService<SparkplugEdgeNode>() : null;
        var ha = viewsOn ? app.Services.GetRequiredService<HomeAssistantPublisher>() : null;
        // Mosquitto's queues are not counted here: its runs report them as n/a (lost samples are still sent minus received).
        var broker = servers is null ? app.Services.GetRequiredService<EmbeddedBrokerService>() : null;
        var feed = app.Services.GetRequiredService<LiveFeed>();
        var gatewayClient = app.Services.GetRequiredService<GatewayCredentials>().ClientId;
        var load = "";
        long ha0 = 0, refused0 = 0, drops0 = 0, gatewayDrops0 = 0, hostDrops0 = 0, streamDrops0 = 0;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan brokerCpuStart = default;
        var wall = Stopwatch.StartNew();
        long seqNo = 0, sent = 0, firstMeasured = 0;
        long ddata0 = 0, published0 = 0, coalesced0 = 0;
        TimeSpan cpuStart = default;
        var runtime0 = Runtime.Now();
        var tick = TimeSpan.FromMilliseconds(20);
        var perTick = stationCount * hz * tick.TotalSeconds;
        double owed = 0;
        var next = 0;
        var warmup = TimeSpan.FromSeconds(3);
        var end = warmup + TimeSpan.FromSeconds(seconds);
        var measuring = false;
        using var timer = new PeriodicTimer(tick);
        var uptime = new long[ids.Length];
        // A station builds its message in a buffer it keeps (as the firmware does); only the payload the client sends is
        // allocated here, so the simulated fleet's own garbage does not land on the gateway's collector.
        var stationWriter = new JsonWriter(8 * 1024);
        var telemetryTopics = ids.Select(Topics.Telemetry).ToArray();
        while (wall.Elapsed < end && await timer.WaitForNextTickAsync())
        {
            if (!measuring && wall.Elapsed >= warmup)
            {
                measuring = true;
                firstMeasured = seqNo + 1;
                Volatile.Write(ref measureFrom, firstMeasured);
                cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                brokerCpuStart = ProcessCpu(servers?.MosquittoPid ?? 0);
                runtime0 = Runtime.Now();
                wall.Restart();
                end = TimeSpan.FromSeconds(seconds);
                ddata0 = Interlocked.Read(ref ddata);
                published0 = edge?.Published ?? 0;
                coalesced0 = edge?.CoalescedSamples ?? 0;
                ha0 = ha?.StatesPublished ?? 0;
                drops0 = broker?.DroppedMessages ?? 0;
                refused0 = broker?.Refusals.Total ?? 0;
                gatewayDrops0 = broker?.DroppedFor(gatewayClient) ?? 0;
                hostDrops0 = broker?.DroppedFor(HostClientId) ?? 0;
                streamDrops0 = feed.DroppedUpdates;
                load = LoadAverage();
            }
            owed += perTick;
            var batch = new List<Task>();
            while (owed >= 1 && seqNo < total)
            {
                owed -= 1;
                var i = next;
                next = (next + 1) % ids.Length;
                var seq = ++seqNo;
                var t = new TelemetryMessage(1, 1) { Seq = seq, UptimeMs = uptime[i] += (long)(1000 / hz), SampleCount = 1 };
                var s = t.Samples[0];
                s.UptimeMs = uptime[i];
                s.ScaleGrams = seq * 0.001;
                s.ScaleStable = true;
                s.PlateC = 100 + 2 * Math.Sin(seq * 0.01);
                s.SetpointC = 100;
                s.HeaterDuty = 0.4;
                sentAt[seq] = Stopwatch.GetTimestamp();
                stationWriter.Reset();
                if (t.WriteTo(stationWriter) < 0) throw new InvalidOperationException("telemetry does not fit");
                batch.Add(clients[i].PublishAsync(Message(telemetryTopics[i], stationWriter.ToArray(), retain: false, MqttQualityOfServiceLevel.AtMostOnce)));
                if (measuring) sent++;
            }
            await Task.WhenAll(batch);
        }
        var elapsed = wall.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds / elapsed * 100;
        var brokerCpu = servers is null ? double.NaN : (ProcessCpu(servers.MosquittoPid) - brokerCpuStart).TotalSeconds / elapsed * 100;
        var runtime = Runtime.Since(runtime0, elapsed);
        var ddataRate = (Interlocked.Read(ref ddata) - ddata0) / elapsed;
        var publishedRate = ((edge?.Published ?? 0) - published0) / elapsed;
        var coalescedRate = ((edge?.CoalescedSamples ?? 0) - coalesced0) / elapsed;
        var haRate = ((ha?.StatesPublished ?? 0) - ha0) / elapsed;
        await Task.Delay(1000);   // stragglers: a sample later than this counts as lost
        // Losses where the broker or the event stream dropped, counted until the stragglers are in.
        var gatewayDrops = broker is null ? -1 : broker.DroppedFor(gatewayClient) - gatewayDrops0;
        var hostDrops = broker is null ? -1 : broker.DroppedFor(HostClientId) - hostDrops0;
        var otherDrops = broker is null ? -1 : broker.DroppedMessages - drops0 - gatewayDrops - hostDrops;
        var streamDrops = feed.DroppedUpdates - streamDrops0;
        var refused = broker is null ? -1 : broker.Refusals.Total - refused0;
        stop.Cancel();
        try { await reader; } catch (OperationCanceledException) { } catch (IOException) { }
        foreach (var c in clients) c.Dispose();
        // The telemetry recorder's final flush of a 5000 samples/s backlog can outlast the host's stop timeout; the
        // figures are taken already, so a slow stop only costs the temp database.
        try { await app.StopAsync(); } catch (OperationCanceledException) { Console.WriteLine("(gateway stop timed out while flushing telemetry)"); }
        try { await app.DisposeAsync(); } catch (OperationCanceledException) { }
        try { dir.Delete(true); } catch (IOException) { }

        double[] sorted;
        lock (latencies) sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        _ = cpu0;
        return new Result(viewsOn, sent, Interlocked.Read(ref received), P(0.50), P(0.99), sorted.Length == 0 ? double.NaN : sorted[^1],
            ddataRate, publishedRate, coalescedRate, cpu, sent / elapsed, haRate, gatewayDrops, hostDrops, otherDrops, streamDrops, refused, load, runtime)
        {
            BrokerCpuPercentOfOneCore = brokerCpu,
        };
    }

    private static string Report(int stations, double hz, int seconds, int runs, string which, string pacing, bool mosquitto, List<Result> results)
    {
        var sb = new StringBuilder();
        string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);
        static string N(long v) => v < 0 ? "n/a" : v.ToString(CultureInfo.InvariantCulture);
        sb.AppendLine("# Sparkplug B and Home Assistant views: fleet load" + (mosquitto ? " on Mosquitto" : ""));
        sb.AppendLine();
        sb.AppendLine("Written by `dotnet run -c Release --project bench/DispenseStation.Gateway.Bench -- fleet " +
            $"{stations} {hz.ToString(CultureInfo.InvariantCulture)} {seconds} <report> {which} {runs} {pacing}{(mosquitto ? " mosquitto" : "")}` (bench/DispenseStation.Gateway.Bench/Fleet/FleetViewsBench.cs).");
        if (mosquitto)
        {
            sb.AppendLine($"{stations} stations at {hz.ToString(CultureInfo.InvariantCulture)} Hz publish telemetry (QoS 0) to a private Mosquitto (Debian's, the shipped acl and limits, one plain loopback");
            sb.AppendLine("listener) that the real gateway (SQLite) and its Sparkplug edge node use as their external broker, each station subscribed to its own commands");
            sb.AppendLine("(cmd/+, QoS 1) as the firmware is;");
        }
        else
        {
            sb.AppendLine($"{stations} stations at {hz.ToString(CultureInfo.InvariantCulture)} Hz publish telemetry (QoS 0) to the real gateway on its embedded broker with SQLite,");
            sb.AppendLine("each subscribed to its own commands (cmd/+, QoS 1) as the firmware is: MQTTnet checks every subscribed session for each message it routes (see `dispatchcost`);");
        }
        sb.AppendLine($"{seconds} s measured after 3 s of warm-up, {runs} run(s) per configuration, off and on alternated. Latency: station publish to the sample's arrival on `GET /api/events`, read over HTTP.");
        sb.AppendLine("Every sample changes the scale weight by far more than its deadband (the worst case for report by exception), so what");
        sb.AppendLine("limits the views' traffic is their minimum publish interval per device (Sparkplug DDATA) and per station (Home Assistant");
        sb.AppendLine($"telemetry topic): Sparkplug DataMinIntervalMilliseconds as in the 'views' column (the default is {new SparkplugOptions().DataMinIntervalMilliseconds}; 0 sends every change), Home Assistant TelemetryIntervalMilliseconds " +
            $"{new HomeAssistantOptions().TelemetryIntervalMilliseconds} (default); the latest values go out at the end of each interval.");
        sb.AppendLine("Lost samples are counted where they are dropped: the broker's queue towards the gateway's own client (the ingestion path)");
        sb.AppendLine("or towards the Sparkplug host, and the event stream's queue towards the reader; 'lost' is sent minus received on the stream.");
        sb.AppendLine("CPU is the whole process: gateway, the simulated stations, the Sparkplug host and the event reader" +
            (mosquitto ? "; Mosquitto's own is its own column, and its queues are not counted (n/a): a sample it dropped still shows as lost." : "."));
        sb.AppendLine($"Garbage collector: {(results.Count > 0 && results[0].Runtime.ServerGc ? "server" : "workstation")}, as the gateway ships (Microsoft.NET.Sdk.Web turns server GC on); " +
            "allocation, collections and pauses are the whole process's during the measurement; 'JIT ms' is compilation during it (warm-up left over).");
        sb.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; the load average (1, 5, 15 min) was read as each run started its measurement.");
        sb.AppendLine();
        sb.AppendLine("| run | views | load average | samples sent/s | received on the stream | lost | dropped by broker → gateway / → host / other | dropped by the stream queue | refused by the broker (rate limit, access) | p50 ms | p99 ms | max ms | DDATA received by a host /s | Sparkplug messages published /s | samples merged into a later DDATA /s | HA telemetry messages /s | CPU % of one core | broker CPU % of one core | allocated MB/s | collections gen0 / gen1 / gen2 | GC pause ms/s | JIT ms |");
        sb.AppendLine("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
            sb.AppendLine($"| {r.Run} | {r.Views} | {r.LoadAverage} | {F(r.SentPerSecond, "F0")} | {r.Received} of {r.Sent} | {r.Sent - r.Received} | " +
                $"{N(r.BrokerDropsGateway)} / {N(r.BrokerDropsHost)} / {N(r.BrokerDropsOther)} | {r.StreamDrops} | {N(r.BrokerRefused)} | {F(r.P50Ms)} | {F(r.P99Ms)} | {F(r.MaxMs)} | " +
                $"{(r.ViewsOn ? F(r.DdataPerSecond, "F0") : "–")} | {(r.ViewsOn ? F(r.SparkplugPublishedPerSecond, "F0") : "–")} | {(r.ViewsOn ? F(r.CoalescedPerSecond, "F0") : "–")} | " +
                $"{(r.ViewsOn ? F(r.HaStatesPerSecond, "F0") : "–")} | {F(r.CpuPercentOfOneCore, "F0")} | {(double.IsNaN(r.BrokerCpuPercentOfOneCore) ? "in the process" : F(r.BrokerCpuPercentOfOneCore, "F0"))} | " +
                $"{F(r.Runtime.AllocatedMBPerSecond)} | {r.Runtime.Gen0} / {r.Runtime.Gen1} / {r.Runtime.Gen2} | {F(r.Runtime.GcPauseMsPerSecond)} | {F(r.Runtime.JitMs, "F0")} |");
        sb.AppendLine();
        foreach (var views in results.Select(r => r.Views).Distinct())
        {
            var side = results.Where(r => r.Views == views).ToList();
            var on = side[0].ViewsOn;
            static double Median(IEnumerable<double> xs) { var a = xs.Order().ToArray(); return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2; }
            var p99 = side.Select(r => r.P99Ms).ToList();
            var lost = side.Sum(r => r.Sent - r.Received);
            sb.AppendLine($"- views {views}: p99 median {F(Median(p99))} ms (range {F(p99.Min())}–{F(p99.Max())}) over {side.Count} run(s); " +
                $"p50 median {F(Median(side.Select(r => r.P50Ms)))} ms; {lost} of {side.Sum(r => r.Sent)} samples lost; CPU median {F(Median(side.Select(r => r.CpuPercentOfOneCore)), "F0")} % of one core" +
                (on ? $"; DDATA received by the host median {F(Median(side.Select(r => r.DdataPerSecond)), "F0")}/s, HA telemetry messages median {F(Median(side.Select(r => r.HaStatesPerSecond)), "F0")}/s." : "."));
            var under = side.Count(r => r.P99Ms < 50);
            sb.AppendLine($"  p99 under 50 ms in {under} of {side.Count} run(s).");
        }
        // Where the views' time goes: the process CPU they add over views off, per message they publish.
        var off = results.Where(r => !r.ViewsOn).Select(r => r.CpuPercentOfOneCore).ToList();
        var saturated = results.Any(r => r.SentPerSecond < 0.95 * stations * hz);
        if (off.Count > 0 && saturated)
            sb.AppendLine().AppendLine("The views' CPU per message is not worked out: in some runs the stations fell short of their rate, so the process got what the machine had left, not what it needed.");
        else if (off.Count > 0)
        {
            static double Med(IEnumerable<double> xs) { var a = xs.Order().ToArray(); return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2; }
            sb.AppendLine();
            foreach (var views in results.Where(r => r.ViewsOn).Select(r => r.Views).Distinct())
            {
                var side = results.Where(r => r.Views == views).ToList();
                var messages = Med(side.Select(r => r.SparkplugPublishedPerSecond + r.HaStatesPerSecond));
                var extra = Med(side.Select(r => r.CpuPercentOfOneCore)) - Med(off);
                sb.AppendLine($"- {views}: {F(extra, "F0")} % of one core over views off (medians) for {F(messages, "F0")} view messages/s (Sparkplug published + HA telemetry messages): " +
                    $"{F(messages > 0 ? extra / 100 / messages * 1e6 : double.NaN, "F0")} µs of CPU per view message, publishing included" + (mosquitto ? " (Mosquitto's dispatch is in its own column); " : " and the broker's dispatch to every session; ") +
                    $"{F(messages > 0 ? (Med(side.Select(r => r.Runtime.AllocatedMBPerSecond)) - Med(results.Where(r => !r.ViewsOn).Select(r => r.Runtime.AllocatedMBPerSecond))) * 1e6 / messages : double.NaN, "F0")} bytes allocated per view message.");
            }
        }
        var target = stations * hz;
        if (results.Any(r => r.SentPerSecond < 0.95 * target))
            sb.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"The simulated stations fell short of the target {target:F0} samples/s in some runs (see 'samples sent/s'): the machine was saturated, so those latencies measure its load, not the gateway's limit."));
        return sb.ToString();
    }

    /// <summary>User + system CPU of another process from /proc (clock ticks of 1/100 s); zero when there is none.</summary>
    private static TimeSpan ProcessCpu(int pid)
    {
        if (pid == 0) return TimeSpan.Zero;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');   // after "pid (comm) ": state is field 3, utime 14, stime 15
        return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b); }
        catch (IOException) { return "unknown"; }
    }

    private static MqttClientOptions Options(int port, string user, string clientId) =>
        new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCredentials(user, Password).WithClientId(clientId).WithTimeout(TimeSpan.FromSeconds(30)).WithKeepAlivePeriod(TimeSpan.FromSeconds(60)).Build();

    private static MqttApplicationMessage Message(string topic, byte[] payload, bool retain, MqttQualityOfServiceLevel qos) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).WithRetainFlag(retain).Build();

    private static byte[] Json(Func<JsonWriter, int> write)
    {
        var w = new JsonWriter(8 * 1024);
        if (write(w) < 0) throw new InvalidOperationException("message does not fit");
        return w.ToArray();
    }

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "DispenseStation.sln"))) return d.FullName;
        return Directory.GetCurrentDirectory();
    }
}
