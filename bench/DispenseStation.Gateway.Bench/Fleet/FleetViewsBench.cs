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
public static class FleetViewsBench
{
    private const string Password = "pw";

    public static async Task RunAsync(string[] args)
    {
        var stations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var hz = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var output = args.Length > 3 ? args[3] : Path.Combine(FindRepo(), "bench", "results", "sparkplug-fleet.md");
        // Optional fifth argument "off" or "on" runs one configuration only (A/B runs of one side); default both.
        bool[] configurations = args.Length > 4 ? [args[4] == "on"] : [false, true];
        var results = new List<Result>();
        foreach (var viewsOn in configurations)
        {
            Console.WriteLine($"{stations} stations x {hz} Hz, views {(viewsOn ? "on" : "off")}, {seconds} s measured ...");
            var r = await RunOnceAsync(stations, hz, seconds, viewsOn);
            Console.WriteLine(r);
            results.Add(r);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, Report(stations, hz, seconds, results));
        Console.WriteLine($"written {output}");
    }

    private sealed record Result(bool ViewsOn, long Sent, long Received, double P50Ms, double P99Ms, double MaxMs, double DdataPerSecond,
        double SparkplugPublishedPerSecond, double CoalescedPerSecond, double CpuPercentOfOneCore, double SentPerSecond);

    private static async Task<Result> RunOnceAsync(int stationCount, double hz, int seconds, bool viewsOn)
    {
        var dir = Directory.CreateTempSubdirectory("ds-fleet-");
        var port = BenchGateway.FreePort();
        var ids = Enumerable.Range(1, stationCount).Select(i => $"fl-{i:D4}").ToArray();
        var hash = PasswordHash.Create(Password, 10_000);
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Gateway:Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Storage:ConnectionString"] = $"Data Source={Path.Combine(dir.FullName, "gw.db")}",
            ["Gateway:Sparkplug:Enabled"] = viewsOn ? "true" : "false",
            ["Gateway:Sparkplug:BdSeqFile"] = Path.Combine(dir.FullName, "bdseq"),
            ["Gateway:HomeAssistant:Enabled"] = viewsOn ? "true" : "false",
            ["Gateway:ViewClients:Clients:0:Username"] = "scada",
            ["Gateway:ViewClients:Clients:0:PasswordHash"] = hash,
        };
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
            await host.ConnectAsync(Options(port, "scada", "scada-host"));
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

        var edge = viewsOn ? app.Services.GetRequiredService<SparkplugEdgeNode>() : null;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long seqNo = 0, sent = 0, firstMeasured = 0;
        long ddata0 = 0, published0 = 0, coalesced0 = 0;
        TimeSpan cpuStart = default;
        var tick = TimeSpan.FromMilliseconds(20);
        var perTick = stationCount * hz * tick.TotalSeconds;
        double owed = 0;
        var next = 0;
        var warmup = TimeSpan.FromSeconds(3);
        var end = warmup + TimeSpan.FromSeconds(seconds);
        var measuring = false;
        using var timer = new PeriodicTimer(tick);
        var uptime = new long[ids.Length];
        while (wall.Elapsed < end && await timer.WaitForNextTickAsync())
        {
            if (!measuring && wall.Elapsed >= warmup)
            {
                measuring = true;
                firstMeasured = seqNo + 1;
                Volatile.Write(ref measureFrom, firstMeasured);
                cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                wall.Restart();
                end = TimeSpan.FromSeconds(seconds);
                ddata0 = Interlocked.Read(ref ddata);
                published0 = edge?.Published ?? 0;
                coalesced0 = edge?.CoalescedSamples ?? 0;
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
                batch.Add(clients[i].PublishAsync(Message(Topics.Telemetry(ids[i]), Json(w => t.WriteTo(w)), retain: false, MqttQualityOfServiceLevel.AtMostOnce)));
                if (measuring) sent++;
            }
            await Task.WhenAll(batch);
        }
        var elapsed = wall.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds / elapsed * 100;
        var ddataRate = (Interlocked.Read(ref ddata) - ddata0) / elapsed;
        var publishedRate = ((edge?.Published ?? 0) - published0) / elapsed;
        var coalescedRate = ((edge?.CoalescedSamples ?? 0) - coalesced0) / elapsed;
        await Task.Delay(1000);   // stragglers: a sample later than this counts as lost
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
            ddataRate, publishedRate, coalescedRate, cpu, sent / elapsed);
    }

    private static string Report(int stations, double hz, int seconds, List<Result> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Sparkplug B and Home Assistant views: fleet load");
        sb.AppendLine();
        sb.AppendLine("Written by `dotnet run -c Release --project bench/DispenseStation.Gateway.Bench -- fleet " +
            $"{stations} {hz.ToString(CultureInfo.InvariantCulture)} {seconds}` (bench/DispenseStation.Gateway.Bench/Fleet/FleetViewsBench.cs).");
        sb.AppendLine($"{stations} stations at {hz.ToString(CultureInfo.InvariantCulture)} Hz publish telemetry (QoS 0) to the real gateway on its embedded broker with SQLite;");
        sb.AppendLine($"{seconds} s measured after 3 s of warm-up. Latency: station publish to the sample's arrival on `GET /api/events`, read over HTTP.");
        sb.AppendLine("Every sample changes the scale weight, so every sample becomes a DDATA (the worst case for report by exception),");
        sb.AppendLine("unless the edge node falls behind: then a station's waiting sample is replaced by its next one and both go out as one DDATA");
        sb.AppendLine("with the latest values ('samples merged' counts the replaced ones).");
        sb.AppendLine("CPU is the whole process: gateway, the simulated stations, the Sparkplug host and the event reader.");
        sb.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load average before the run: {LoadAverage()}.");
        sb.AppendLine();
        sb.AppendLine("| views | samples sent/s | received on the stream | lost | p50 ms | p99 ms | max ms | DDATA received by a host /s | Sparkplug messages published /s | samples merged into a later DDATA /s | CPU % of one core |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(r.ViewsOn ? "Sparkplug + HA on" : "off")} | {r.SentPerSecond:F0} | {r.Received} of {r.Sent} | {r.Sent - r.Received} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.MaxMs:F1} | {(r.ViewsOn ? r.DdataPerSecond.ToString("F0", CultureInfo.InvariantCulture) : "–")} | {(r.ViewsOn ? r.SparkplugPublishedPerSecond.ToString("F0", CultureInfo.InvariantCulture) : "–")} | {(r.ViewsOn ? r.CoalescedPerSecond.ToString("F0", CultureInfo.InvariantCulture) : "–")} | {r.CpuPercentOfOneCore:F0} |"));
        var target = stations * hz;
        if (results.Any(r => r.SentPerSecond < 0.95 * target))
            sb.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"The simulated stations fell short of the target {target:F0} samples/s (see 'samples sent/s'): the machine was saturated, so these latencies measure its load, not the gateway's limit."));
        return sb.ToString();
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
