using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DispenseStation.Gateway.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DispenseStation.Gateway.Bench.BadRequests;

/// <summary>
/// Issue 17's target "10,000 concurrent bad requests leave the gateway up and answering /health within 100 ms": the real
/// gateway (in this process) is flooded by <see cref="BadRequestFlood"/> (a child process) while /health is read every
/// 20 ms; the same probe before the flood is the baseline of the same run. Every bad request's answer is checked
/// against the status it is owed.
/// </summary>
public static class BadRequestFloodBench
{
    private const string Password = "flood-bench-password-1";

    public static async Task RunAsync(string[] args)
    {
        // With --split-cores the gateway keeps the first half of the cores and the flood gets the rest, as an attacker on
        // another machine would be: the flood's own CPU then no longer counts against the gateway.
        bool split = args.Contains("--split-cores") && Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux();
        args = args.Where(a => a != "--split-cores").ToArray();
        int requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        int concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        string report = args.Length > 2 ? args[2] : Path.Combine("bench", "results", "bad-request-flood.md");
        string load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

        var dir = Directory.CreateTempSubdirectory("ds-flood-");
        var app = GatewayApp.Create([], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Gateway:Mqtt:Port"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["Gateway:Storage:ConnectionString"] = $"Data Source={Path.Combine(dir.FullName, "gw.db")}",
            });
            b.Logging.ClearProviders();
        });
        await app.StartAsync();
        try
        {
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var accounts = app.Services.GetRequiredService<Accounts>();
            var user = await accounts.CreateAsync("flooder", Password, [GatewayRoles.Technician]);
            var (_, token, _) = await accounts.IssueTokenAsync(user, "bench", TimeSpan.FromDays(1));

            using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
            var idle = await ProbeAsync(probe, () => false, TimeSpan.FromSeconds(10));

            if (split && OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = GatewayCores;
            using var child = StartFlood(baseUrl, token, requests, concurrency);
            if (split && OperatingSystem.IsLinux()) child.ProcessorAffinity = FloodCores;
            var output = child.StandardOutput.ReadToEndAsync();
            var errors = child.StandardError.ReadToEndAsync();
            var during = await ProbeAsync(probe, () => child.HasExited, TimeSpan.FromMinutes(10));
            await child.WaitForExitAsync();
            var outcome = JsonSerializer.Deserialize<BadRequestFlood.Outcome>((await output).Trim().Split('\n').Last())
                ?? throw new InvalidOperationException("flood child printed nothing: " + await errors);
            var after = await ProbeAsync(probe, () => false, TimeSpan.FromSeconds(5));

            var text = Report(outcome, idle, during, after, load, requests, concurrency, split);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
            await File.WriteAllTextAsync(report, text);
            Console.Write(text);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Reads /health every 20 ms until <paramref name="done"/> or <paramref name="limit"/>; failures count as missing answers.</summary>
    private static async Task<Probe> ProbeAsync(HttpClient client, Func<bool> done, TimeSpan limit)
    {
        var latencies = new List<double>();
        int failed = 0;
        var end = Stopwatch.StartNew();
        while (!done() && end.Elapsed < limit)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var r = await client.GetAsync("/health");
                if (r.IsSuccessStatusCode) latencies.Add(watch.Elapsed.TotalMilliseconds);
                else failed++;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failed++;
            }
            var wait = TimeSpan.FromMilliseconds(20) - watch.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        latencies.Sort();
        return new Probe(latencies, failed);
    }

    private sealed record Probe(List<double> Sorted, int Failed)
    {
        public double Quantile(double q) => Sorted.Count == 0 ? double.NaN : Sorted[Math.Min(Sorted.Count - 1, (int)Math.Ceiling(q * Sorted.Count) - 1)];
        public double Max => Sorted.Count == 0 ? double.NaN : Sorted[^1];
    }

    private static Process StartFlood(string baseUrl, string token, int requests, int concurrency)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.FileName = self;
            info.ArgumentList.Add(typeof(BadRequestFlood).Assembly.Location);
        }
        else info.FileName = self;
        foreach (var a in new[] { "badflood-client", baseUrl, token, requests.ToString(CultureInfo.InvariantCulture), concurrency.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the flood process");
    }

    private static int Half => Environment.ProcessorCount / 2;
    private static nint GatewayCores => (nint)((1L << Half) - 1);
    private static nint FloodCores => (nint)(((1L << Environment.ProcessorCount) - 1) & ~((1L << Half) - 1));

    private static string Report(BadRequestFlood.Outcome o, Probe idle, Probe during, Probe after, string load, int requests, int concurrency, bool split)
    {
        var expected = BadRequestFlood.Expected();
        int wrong = o.Statuses.Sum(k => k.Value.Where(s => s.Key != expected[k.Key].ToString(CultureInfo.InvariantCulture)).Sum(s => s.Value));
        string F(double v) => double.IsNaN(v) ? "–" : v.ToString("F1", CultureInfo.InvariantCulture);
        var s = new StringBuilder();
        s.AppendLine("# Gateway under a flood of bad requests");
        s.AppendLine();
        s.AppendLine("Written by `dotnet run -c Release --project bench/DispenseStation.Gateway.Bench -- badflood " + requests + " " + concurrency + (split ? " --split-cores" : "") + "` " +
            "(bench/DispenseStation.Gateway.Bench/BadRequests/BadRequestFloodBench.cs); every figure below comes from that run.");
        s.AppendLine($"The real gateway (embedded broker, SQLite) in the bench process; a child process sends {requests} bad requests, {concurrency} open at once, " +
            "cycling through the kinds below; /health is read every 20 ms before, during and after. " + (split
                ? $"The gateway process (and the /health probe) is pinned to {Half} of the {Environment.ProcessorCount} cores and the flood to the other {Environment.ProcessorCount - Half}, as an attacker on another machine would be: the gateway's figures are its own."
                : "Both processes share this machine's cores, so the flood's own CPU counts against the gateway (an attacker on another machine would not)."));
        s.AppendLine($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load average before the run: {load}.");
        s.AppendLine();
        s.AppendLine("| /health | answers | failed | p50 ms | p99 ms | max ms |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, p) in new[] { ("before (baseline)", idle), ("during the flood", during), ("after", after) })
            s.AppendLine($"| {name} | {p.Sorted.Count} | {p.Failed} | {F(p.Quantile(0.5))} | {F(p.Quantile(0.99))} | {F(p.Max)} |");
        s.AppendLine();
        s.AppendLine($"p99 during / before: {F(during.Quantile(0.99) / idle.Quantile(0.99))}x. Flood: {o.Requests} requests in {o.Seconds:F1} s " +
            $"({o.Requests / o.Seconds:F0}/s), {o.TransportFailures} transport failures, {wrong} answered with another status than owed.");
        s.AppendLine();
        s.AppendLine("| kind | owed | answers |");
        s.AppendLine("| --- | ---: | --- |");
        foreach (var (kind, byStatus) in o.Statuses.OrderBy(k => k.Key, StringComparer.Ordinal))
            s.AppendLine($"| {kind} | {expected[kind]} | {string.Join(", ", byStatus.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key}: {b.Value}"))} |");
        return s.ToString();
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
