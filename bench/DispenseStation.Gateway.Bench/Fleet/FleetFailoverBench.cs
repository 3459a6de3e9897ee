using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DispenseStation.Gateway.Fleet;
using DispenseStation.Gateway.Live;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.App;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace DispenseStation.Gateway.Bench.Fleet;

/// <summary>
/// Two gateway instances (gw-a, gw-b: each its own host, connection pool and MQTT client) on one PostgreSQL and one
/// Mosquitto (<see cref="FleetServers"/>), and a fleet of scripted stations (the gateway tests' FakeStation) each
/// publishing telemetry at a fixed rate and running one batch started on gw-a. gw-a is killed mid-batch (disposed
/// without an orderly stop: its leases are not released); gw-b takes every station over. Reports the takeover time,
/// the batch events lost (dose results missing from the records, batches not Complete) and the delay from a station's
/// telemetry publish to its arrival on gw-b's event stream (GET /api/events read over HTTP), before, through and after
/// the failover. A record still missing at the deadline is waited for (until nothing new is recorded for
/// <see cref="QuietSeconds"/> s, at most <see cref="GraceSeconds"/> s), so the report tells late from never recorded;
/// Mosquitto's own drop counter ($SYS, every second here) and its per-client drop notices say where messages were lost.
/// Writes bench/results/fleet-failover.md.
/// Usage: fleet-failover [stations 1000] [hz 5] [seconds per batch step 4] [report]
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class FleetFailoverBench
{
    private const string Recipe = "silsesquioxane-negative/ok-terpolymer-magnetic-head";
    private const double QuietSeconds = 30, GraceSeconds = 120;

    public static async Task RunAsync(string[] args)
    {
        var stationCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var hz = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var stepSeconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        var repo = FindRepo();
        var output = args.Length > 3 ? args[3] : Path.Combine(repo, "bench", "results", "fleet-failover.md");
        var ids = Enumerable.Range(1, stationCount).Select(i => $"fo-{i:D4}").ToArray();
        var fleet = new FleetOptions();

        await using var servers = await FleetServers.StartAsync(ids, repo);
        await using var sys = await SysCounter.ConnectAsync(servers.MqttPort, FleetServers.DroppedTopic);
        var maps = Directory.CreateTempSubdirectory("ds-fleet-maps-");
        var ds01 = await File.ReadAllTextAsync(Path.Combine(repo, "gateway", "stations", "ds-01.yaml"));
        foreach (var id in ids) await File.WriteAllTextAsync(Path.Combine(maps.FullName, id + ".yaml"), ds01.Replace("station: ds-01", "station: " + id));

        var a = await StartGatewayAsync("gw-a", FleetServers.GatewayUser, servers, maps.FullName);
        var stations = new FakeStation[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            stations[i] = await FakeStation.ConnectAsync(servers.MqttPort, ids[i], FleetServers.Password);
            stations[i].StepDelay = TimeSpan.FromSeconds(stepSeconds);
            // Each station holds its batch before step 1 until every batch is started, so that they all run together
            // however long starting a thousand takes.
            stations[i].PauseBeforeStep = 1;
        }
        var keeperA = a.Services.GetRequiredService<StationLeaseKeeper>();
        await WaitAsync(() => keeperA.Owned.Count == ids.Length, TimeSpan.FromMinutes(2), "gw-a owning every station");
        var b = await StartGatewayAsync("gw-b", FleetServers.GatewayUser2, servers, maps.FullName);
        var keeperB = b.Services.GetRequiredService<StationLeaseKeeper>();
        await WaitAsync(() => ids.All(id => keeperB.OwnerOf(id) == "gw-a"), TimeSpan.FromMinutes(2), "gw-b seeing gw-a own every station");

        // Telemetry at hz from every station; the scale weight carries the sample's number (negative: a batch's own
        // telemetry reads positive grams), so the reader knows when it was sent.
        var clock = Stopwatch.StartNew();
        var total = (long)(stationCount * hz * 3600);
        var sentAt = new long[Math.Min(total, 50_000_000)];
        var arrived = new bool[sentAt.Length];   // which samples reached the stream: the missing are told by when they were sent
        var arrivals = new List<(double AtS, double DelayMs)>();
        long received = 0, sent = 0;
        using var stop = new CancellationTokenSource();
        using var stopPublishing = new CancellationTokenSource();
        var address = b.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var accounts = b.Services.GetRequiredService<Auth.Accounts>();
        var viewer = await accounts.CreateAsync("failover-watch", "failover-viewer-pw", [Auth.GatewayRoles.Viewer]);
        var (_, token, _) = await accounts.IssueTokenAsync(viewer, "fleet failover bench", TimeSpan.FromDays(1));
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        // The stream says ": connected" once its feed subscription is open; publishing starts after that, or the
        // first samples are counted as lost when they were sent before anybody listened.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            using var response = await http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            response.EnsureSuccessStatusCode();
            using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            string? evt = null;
            while (!stop.IsCancellationRequested && await stream.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.StartsWith(": connected", StringComparison.Ordinal)) listening.TrySetResult();
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) evt = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && evt == "telemetry")
                {
                    var now = Stopwatch.GetTimestamp();
                    using var doc = JsonDocument.Parse(line.AsMemory(6));
                    if (!doc.RootElement.GetProperty("sample").TryGetProperty("scaleGrams", out var g) || g.ValueKind != JsonValueKind.Number) continue;
                    var seq = (long)Math.Round(-g.GetDouble() * 1000);
                    if (seq <= 0 || seq >= sentAt.Length || sentAt[seq] == 0 || arrived[seq]) continue;
                    arrived[seq] = true;
                    lock (arrivals) arrivals.Add((clock.Elapsed.TotalSeconds, Stopwatch.GetElapsedTime(sentAt[seq], now).TotalMilliseconds));
                    Interlocked.Increment(ref received);
                }
            }
        });
        await Task.WhenAny(listening.Task, reader);
        if (reader.IsFaulted) await reader;
        var publisher = Task.Run(async () =>
        {
            var tick = TimeSpan.FromMilliseconds(20);
            var perTick = stationCount * hz * tick.TotalSeconds;
            double owed = 0;
            long seq = 0;
            var next = 0;
            using var timer = new PeriodicTimer(tick);
            while (!stopPublishing.IsCancellationRequested && await timer.WaitForNextTickAsync())
            {
                owed += perTick;
                var batch = new List<Task>();
                while (owed >= 1 && seq + 1 < sentAt.Length)
                {
                    owed -= 1;
                    var n = ++seq;
                    sentAt[n] = Stopwatch.GetTimestamp();
                    batch.Add(stations[next].ScaleReadingAsync(-n * 0.001, true));
                    next = (next + 1) % stations.Length;
                    Interlocked.Increment(ref sent);
                }
                await Task.WhenAll(batch);
            }
        });
        await Task.Delay(2000);
        if (reader.IsFaulted) await reader;

        // One batch per station, started on the owner (the orchestrator directly: the API's per-request limits are not
        // what this measures).
        var orchestrator = a.Services.GetRequiredService<BatchOrchestrator>();
        var batches = new List<(string Id, string Station, int Doses)>();
        var submitting = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            var summary = await orchestrator.SubmitAsync(new BatchRequest(Recipe, null, id, 100, "bench", null), CancellationToken.None);
            var detail = await orchestrator.DetailAsync(summary.Id, CancellationToken.None);
            batches.Add((summary.Id, id, detail!.Steps.Count(s => s.Kind == "dose")));
        }
        var submitSeconds = submitting.Elapsed.TotalSeconds;
        Console.WriteLine($"{batches.Count} batches started on gw-a in {submitSeconds:F1} s");
        foreach (var chunk in batches.Chunk(50))
            await Task.WhenAll(chunk.Select(async x =>
            {
                // The station holds once it reaches step 1: wait for that, then release it.
                var station = stations[Array.IndexOf(ids, x.Station)];
                for (var tries = 0; tries < 600; tries++)
                {
                    if (station.PauseBeforeStep is null) return;   // released (an unhold whose answer came late)
                    try
                    {
                        var outcome = await orchestrator.CommandAsync(x.Id, Protocol.Messages.CommandNames.Unhold, null, CancellationToken.None);
                        if (outcome.Accepted) return;
                    }
                    catch (RequestRejectedException e) when (e.Title == "no answer")
                    {
                        // A thousand stations and two gateways in one process: an answer can take longer than the command timeout.
                    }
                    await Task.Delay(100);
                }
                throw new TimeoutException($"batch {x.Id} did not take unhold");
            }));
        Console.WriteLine($"every batch released at {clock.Elapsed.TotalSeconds:F1} s");
        var batchSeconds = stepSeconds * ((await orchestrator.DetailAsync(batches[0].Id, CancellationToken.None))!.Steps.Count - 1);
        // Killed a quarter into the batches (from step 1, where they were released together): every batch is mid-way.
        await Task.Delay(TimeSpan.FromSeconds(batchSeconds / 4));
        var loadAtKill = LoadAverage();
        var droppedAtKill = sys.Value;
        var killedAt = clock.Elapsed.TotalSeconds;
        await a.DisposeAsync();
        Console.WriteLine($"gw-a killed at {killedAt:F1} s");
        var gate = b.Services.GetRequiredService<StationEventGate>();
        await WaitAsync(() => keeperB.Owned.Count == ids.Length, TimeSpan.FromSeconds(fleet.LeaseSeconds + fleet.RenewSeconds + 60), "gw-b owning every station");
        var ownedAllAt = clock.Elapsed.TotalSeconds;
        await gate.TakeoversSettledAsync();
        var replayedAt = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"gw-b owns every station {ownedAllAt - killedAt:F1} s after the kill, replays done {replayedAt - killedAt:F1} s after");

        var repository = b.Services.GetRequiredService<IGatewayRepository>();
        var deadline = Stopwatch.StartNew();
        var complete = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(batchSeconds * 2 + 60))
        {
            complete = await CountCompleteAsync(repository, batches);
            if (complete == batches.Count) break;
            await Task.Delay(1000);
        }
        var endAt = clock.Elapsed.TotalSeconds;
        long expectedDoses = batches.Sum(x => x.Doses);
        var (completeByDeadline, dosesByDeadline) = (complete, await CountDosesAsync(repository, batches));
        var droppedAtDeadline = sys.Value;
        await stopPublishing.CancelAsync();
        try { await publisher; } catch (OperationCanceledException) { }
        await Task.Delay(1000);   // stragglers: a sample later than this counts as late
        var receivedBy1s = Interlocked.Read(ref received);

        // Late or lost: keep looking until nothing new is recorded for QuietSeconds (or GraceSeconds in all).
        var recordedDoses = dosesByDeadline;
        var lastRecordAt = endAt;
        var grace = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        while ((complete < batches.Count || recordedDoses < expectedDoses) && quiet.Elapsed.TotalSeconds < QuietSeconds && grace.Elapsed.TotalSeconds < GraceSeconds)
        {
            await Task.Delay(2000);
            var (c, d) = (await CountCompleteAsync(repository, batches), await CountDosesAsync(repository, batches));
            if (c == complete && d == recordedDoses) continue;
            (complete, recordedDoses) = (c, d);
            lastRecordAt = clock.Elapsed.TotalSeconds;
            quiet.Restart();
        }
        var graceSeconds = grace.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        try { await reader; } catch (OperationCanceledException) { } catch (IOException) { }
        var droppedAtEnd = sys.Value;
        var dropNotices = servers.DropNotices.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Value}").ToArray();
        var streamDrops = b.Services.GetRequiredService<LiveFeed>().DroppedUpdates;
        var replayed = gate.ReplayedEvents;
        foreach (var s in stations) await s.DisposeAsync();
        try { await b.StopAsync(); } catch (OperationCanceledException) { }
        await b.DisposeAsync();
        try { maps.Delete(true); } catch (IOException) { }

        (double AtS, double DelayMs)[] all;
        lock (arrivals) all = arrivals.ToArray();
        var windows = new (string Name, double From, double To)[]
        {
            ("before the kill", 0, killedAt),
            ("kill to every station taken over and replayed", killedAt, replayedAt),
            ("after the takeover", replayedAt, endAt),
            ("whole run", 0, endAt),
        };
        // Samples that never arrived, by the window they were sent in (the clock started with the first sample).
        var clockStart = Stopwatch.GetTimestamp() - (long)(clock.Elapsed.TotalSeconds * Stopwatch.Frequency);
        var sentCount = Interlocked.Read(ref sent);
        var missingSentAt = new List<double>();
        for (long n = 1; n <= sentCount && n < sentAt.Length; n++)
            if (!arrived[n]) missingSentAt.Add((double)(sentAt[n] - clockStart) / Stopwatch.Frequency);
        var sb = new StringBuilder();
        string F(double v, string f = "F1") => v.ToString(f, CultureInfo.InvariantCulture);
        sb.AppendLine("# Two gateway instances: failover mid-batch");
        sb.AppendLine();
        sb.AppendLine($"Written by `dotnet run -c Release --project bench/DispenseStation.Gateway.Bench -- fleet-failover {stationCount} {F(hz, "G")} {F(stepSeconds, "G")} <report>` (bench/DispenseStation.Gateway.Bench/Fleet/FleetFailoverBench.cs).");
        sb.AppendLine($"{stationCount} scripted stations (the gateway tests' FakeStation: a protocol peer, not a plant model) on one Mosquitto, two gateway instances gw-a and gw-b");
        sb.AppendLine($"on one PostgreSQL (Gateway:Fleet defaults: lease {F(fleet.LeaseSeconds, "G")} s, renewal every {F(fleet.RenewSeconds, "G")} s, {fleet.ReplayBufferEvents} events kept per station), all in this process with the servers.");
        sb.AppendLine($"Every station publishes telemetry at {F(hz, "G")} Hz (QoS 1) and runs one batch started on gw-a ({F(stepSeconds, "G")} s a step, {F(batchSeconds, "F0")} s from step 1 to the end); gw-a is killed");
        sb.AppendLine("(disposed without an orderly stop, its leases left to run out) a quarter of a batch after they were all released together from a hold before step 1.");
        sb.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load average (1, 5, 15 min) at the kill {loadAtKill}.");
        sb.AppendLine($"The deadline for the records is {F(batchSeconds * 2 + 60, "F0")} s after every station was taken over; a record missing then is waited for until nothing new");
        sb.AppendLine($"is recorded for {F(QuietSeconds, "F0")} s (at most {F(GraceSeconds, "F0")} s): recorded then, it is late; still missing, it was never recorded. The bench's Mosquitto differs from the");
        sb.AppendLine("shipped configuration only in `sys_interval 1` and one acl user that reads $SYS (bench/DispenseStation.Gateway.Bench/Fleet/FleetServers.cs).");
        sb.AppendLine();
        sb.AppendLine("| | |");
        sb.AppendLine("| --- | ---: |");
        sb.AppendLine($"| batches started on gw-a | {batches.Count} (in {F(submitSeconds)} s) |");
        sb.AppendLine($"| every station owned by gw-b, after the kill | {F(ownedAllAt - killedAt)} s |");
        sb.AppendLine($"| kept events replayed by gw-b, all done after the kill | {replayed}, {F(replayedAt - killedAt)} s |");
        var late = complete - completeByDeadline + (recordedDoses - dosesByDeadline);
        sb.AppendLine($"| batches Complete: by the deadline, late, never | {completeByDeadline}, {complete - completeByDeadline}, {batches.Count - complete} of {batches.Count} |");
        sb.AppendLine($"| dose results in the records: by the deadline, late, never | {dosesByDeadline}, {recordedDoses - dosesByDeadline}, {expectedDoses - recordedDoses} of {expectedDoses} |");
        sb.AppendLine($"| batch events late (recorded after the deadline), the last of them | {late}, {(late == 0 ? "-" : $"{F(lastRecordAt - killedAt)} s after the kill")} (waited {F(graceSeconds)} s) |");
        sb.AppendLine($"| **batch events lost** (doses never recorded + batches never Complete) | **{expectedDoses - recordedDoses + (batches.Count - complete)}** |");
        sb.AppendLine($"| telemetry samples on gw-b's event stream: 1 s after the last publish, at the end | {receivedBy1s}, {Interlocked.Read(ref received)} of {Interlocked.Read(ref sent)} sent ({streamDrops} dropped by the stream queue) |");
        sb.AppendLine($"| messages Mosquitto dropped on full client queues ($SYS/broker/publish/messages/dropped): at the kill, deadline, end | {Counter(droppedAtKill)}, {Counter(droppedAtDeadline)}, {Counter(droppedAtEnd)} |");
        sb.AppendLine($"| clients Mosquitto logged as dropping (times it logged it) | {(dropNotices.Length == 0 ? "none" : string.Join(", ", dropNotices))} |");
        sb.AppendLine();
        sb.AppendLine($"Mosquitto's client ids are the user names: {FleetServers.GatewayUser} is gw-a (killed: its persistent session keeps queueing for it until it");
        sb.AppendLine($"expires, so drops there cost nothing), {FleetServers.GatewayUser2} gw-b; a name ending in -telemetry is that instance's telemetry session.");
        sb.AppendLine();
        sb.AppendLine("Delay from a station's telemetry publish to its arrival on gw-b's event stream:");
        sb.AppendLine();
        sb.AppendLine("| window | samples | p50 ms | p99 ms | max ms | sent in it, never arrived |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, from, to) in windows)
        {
            var d = all.Where(x => x.AtS >= from && x.AtS < to).Select(x => x.DelayMs).Order().ToArray();
            double P(double q) => d.Length == 0 ? double.NaN : d[Math.Min(d.Length - 1, (int)Math.Ceiling(q * d.Length) - 1)];
            // The last window runs to the end of publishing, so every missing sample falls in one of the first three.
            var last = name == "whole run" || name == "after the takeover";
            var missing = missingSentAt.Count(t => t >= from && (t < to || last));
            sb.AppendLine($"| {name} ({F(to - from)} s) | {d.Length} | {F(P(0.5))} | {F(P(0.99))} | {F(d.Length == 0 ? double.NaN : d[^1])} | {missing} |");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, sb.ToString());
        Console.WriteLine(sb);
        Console.WriteLine($"written {output}");
    }

    private static string Counter(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "not published";

    private static async Task<int> CountCompleteAsync(IGatewayRepository repository, List<(string Id, string Station, int Doses)> batches)
    {
        var n = 0;
        foreach (var x in batches) if ((await repository.GetBatchAsync(x.Id))?.State == BatchState.Complete) n++;
        return n;
    }

    private static async Task<long> CountDosesAsync(IGatewayRepository repository, List<(string Id, string Station, int Doses)> batches)
    {
        long n = 0;
        foreach (var x in batches) n += (await repository.GetDosesAsync(x.Id)).Count;
        return n;
    }

    /// <summary>The latest value of one of Mosquitto's $SYS counters (a retained message republished every sys_interval).</summary>
    private sealed class SysCounter : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private long _value = -1;

        public long? Value => Interlocked.Read(ref _value) is var v && v >= 0 ? v : null;

        public static async Task<SysCounter> ConnectAsync(int port, string topic)
        {
            var c = new SysCounter();
            c._client.ApplicationMessageReceivedAsync += e =>
            {
                if (long.TryParse(e.ApplicationMessage.ConvertPayloadToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) Interlocked.Exchange(ref c._value, v);
                return Task.CompletedTask;
            };
            await c._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
                .WithCredentials(FleetServers.SysUser, FleetServers.Password).WithClientId(FleetServers.SysUser).Build());
            await c._client.SubscribeAsync(topic);
            return c;
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected) await _client.TryDisconnectAsync();
            _client.Dispose();
        }
    }

    private static async Task<WebApplication> StartGatewayAsync(string instance, string user, FleetServers servers, string maps)
    {
        var app = GatewayApp.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Gateway:InstanceId"] = instance,
                ["Gateway:Mqtt:Mode"] = "External",
                ["Gateway:Mqtt:BrokerUrl"] = $"mqtt://127.0.0.1:{servers.MqttPort}",
                ["Gateway:Mqtt:GatewayUsername"] = user,
                ["Gateway:Mqtt:GatewayPassword"] = FleetServers.Password,
                ["Gateway:Storage:Provider"] = "Postgres",
                ["Gateway:Storage:ConnectionString"] = servers.ConnectionString,
                ["Gateway:Fleet:Enabled"] = "true",
                ["Gateway:Library:StationsDirectory"] = maps,
            });
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        return app;
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((x, y) => x + " " + y); }
        catch (IOException) { return "unknown"; }
    }

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "DispenseStation.sln"))) return d.FullName;
        return Directory.GetCurrentDirectory();
    }
}
