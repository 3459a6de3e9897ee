using System.Diagnostics;
using System.Globalization;
using System.Reflection;
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
/// against the statuses it is owed. <c>--compare earlier.md</c> reads the /health rows of an earlier report of this
/// bench (another build, the same machine) and puts them and the ratios next to this run's.
/// </summary>
public static class BadRequestFloodBench
{
    private const string Password = "flood-bench-password-1";

    public static async Task RunAsync(string[] args)
    {
        // With --split-cores the gateway keeps the first half of the cores and the flood gets the rest, as an attacker on
        // another machine would be: the flood's own CPU then no longer counts against the gateway.
        bool split = args.Contains("--split-cores") && Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux();
        int compareAt = Array.IndexOf(args, "--compare");
        string? compare = compareAt >= 0 && compareAt + 1 < args.Length ? args[compareAt + 1] : null;
        if (compareAt >= 0) args = args.Where((_, i) => i != compareAt && i != compareAt + 1).ToArray();
        args = args.Where(a => a != "--split-cores").ToArray();
        var earlier = compare is null ? null : Earlier.Read(compare);
        int requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        int concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        string report = args.Length > 2 ? args[2] : Path.Combine("bench", "results", split ? "bad-request-flood-split-cores.md" : "bad-request-flood.md");
        string load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

        var dir = Directory.CreateTempSubdirectory("ds-flood-");
        var app = BenchGateway.Create(dir);
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

            var text = Report(outcome, idle, during, after, load, requests, concurrency, split, earlier);
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

    /// <summary>The /health rows and the run line of an earlier report of this bench, as it wrote them.</summary>
    private sealed record Earlier(string Source, string RunLine, Dictionary<string, string[]> Rows)
    {
        public static Earlier Read(string path)
        {
            var lines = File.ReadAllLines(path);
            var rows = lines.Where(l => l.StartsWith("| before (baseline) |", StringComparison.Ordinal) || l.StartsWith("| during the flood |", StringComparison.Ordinal) || l.StartsWith("| after |", StringComparison.Ordinal))
                .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToDictionary(c => c[0], c => c[1..]);
            if (rows.Count != 3) throw new InvalidOperationException($"{path}: not a report of this bench (its /health table was not found)");
            return new Earlier(path, lines.FirstOrDefault(l => l.StartsWith("Run ", StringComparison.Ordinal)) ?? "", rows);
        }

        /// <summary>Column <paramref name="column"/> (0 answers, 1 failed, 2 p50, 3 p99, 4 max) of row <paramref name="row"/>.</summary>
        public double Value(string row, int column) =>
            double.TryParse(Rows[row][column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
    }

    private static string Report(BadRequestFlood.Outcome o, Probe idle, Probe during, Probe after, string load, int requests, int concurrency, bool split, Earlier? earlier)
    {
        var owed = BadRequestFlood.Owed();
        int wrong = o.Statuses.Sum(k => k.Value.Where(s => !owed[k.Key].Any(c => c.ToString(CultureInfo.InvariantCulture) == s.Key)).Sum(s => s.Value));
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
        s.AppendLine($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load average before the run: {load}" +
            (GitCommit() is { } commit ? $", gateway built from commit {commit}." : "."));
        s.AppendLine();
        s.AppendLine("| /health | answers | failed | p50 ms | p99 ms | max ms |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, p) in new[] { ("before (baseline)", idle), ("during the flood", during), ("after", after) })
            s.AppendLine($"| {name} | {p.Sorted.Count} | {p.Failed} | {F(p.Quantile(0.5))} | {F(p.Quantile(0.99))} | {F(p.Max)} |");
        s.AppendLine();
        s.AppendLine($"p99 during / before: {F(during.Quantile(0.99) / idle.Quantile(0.99))}x. Flood: {o.Requests} requests in {o.Seconds:F1} s " +
            $"({o.Requests / o.Seconds:F0}/s), {o.TransportFailures} transport failures, {wrong} answered with another status than owed.");
        if (earlier is not null)
        {
            s.AppendLine();
            s.AppendLine($"Compared with the earlier report `{earlier.Source}` ({earlier.RunLine.TrimEnd('.')}), same arguments, read from its table as that run wrote it:");
            s.AppendLine();
            s.AppendLine("| /health | earlier p50 ms | this run p50 ms | ratio | earlier p99 ms | this run p99 ms | ratio | earlier max ms | this run max ms | ratio |");
            s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (name, p) in new[] { ("before (baseline)", idle), ("during the flood", during), ("after", after) })
            {
                var now = new[] { p.Quantile(0.5), p.Quantile(0.99), p.Max };
                s.AppendLine($"| {name} | " + string.Join(" | ", now.Select((v, i) => $"{F(earlier.Value(name, i + 2))} | {F(v)} | {R(v / earlier.Value(name, i + 2))}")) + " |");
            }
        }
        s.AppendLine();
        s.AppendLine("| kind | owed | answers |");
        s.AppendLine("| --- | ---: | --- |");
        foreach (var (kind, byStatus) in o.Statuses.OrderBy(k => k.Key, StringComparer.Ordinal))
            s.AppendLine($"| {kind} | {string.Join(" or ", owed[kind])} | {string.Join(", ", byStatus.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key}: {b.Value}"))} |");
        return s.ToString();
    }

    private static string R(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "–" : ratio.ToString("F2", CultureInfo.InvariantCulture) + "x";

    /// <summary>The commit the gateway was built from (the SDK writes it into the informational version), or null.</summary>
    private static string? GitCommit()
    {
        var version = typeof(GatewayApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = version?.IndexOf('+') ?? -1;
        return plus < 0 ? null : version![(plus + 1)..][..Math.Min(12, version.Length - plus - 1)];
    }
}
