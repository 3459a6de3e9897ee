using System.Diagnostics;
using System.Globalization;

namespace DispenseStation.Gateway.Bench.Fleet;

/// <summary>
/// The external services a fleet of gateway instances shares, started for one bench run and removed after it: a private
/// PostgreSQL cluster (initdb + pg_ctl on a free loopback port; as root it belongs to the 'postgres' user) and a
/// Mosquitto with the shipped acl and the shipped limits on one plain loopback listener (the shipped plain listener is
/// capped at 100 connections for a local gateway; stations use TLS there). Both from Debian packages (scripts/setup.sh).
/// Two things differ from the shipped Mosquitto files, for measuring only: <c>sys_interval 1</c> (Mosquitto publishes its
/// $SYS counters every second instead of every 10 s) and one more acl user, <see cref="SysUser"/>, who may read $SYS.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FleetServers : IAsyncDisposable
{
    public const string GatewayUser = "dispense-gateway", GatewayUser2 = "dispense-gateway-2", Password = "pw";
    /// <summary>The bench's reader of Mosquitto's $SYS counters (not in the shipped acl: added to the bench's copy).</summary>
    public const string SysUser = "bench-sys";
    /// <summary>Mosquitto's count of PUBLISH messages it dropped on a client's full in-flight window and queue
    /// (mosquitto(8), "BROKER STATUS"; max_inflight_messages, max_queued_messages).</summary>
    public const string DroppedTopic = "$SYS/broker/publish/messages/dropped";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _dropNotices = new(StringComparer.Ordinal);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ds-fleet-servers-");
    private Process? _mosquitto;
    private string? _pgCtl;
    private bool _asRoot;

    public int MqttPort { get; private set; }
    public string ConnectionString { get; private set; } = "";
    /// <summary>The broker's process id (its CPU time is read from /proc by the fleet views bench).</summary>
    public int MosquittoPid => _mosquitto?.Id ?? 0;

    /// <summary>Per client, how many times Mosquitto logged "Outgoing messages are being dropped for client ..." (once each
    /// time that client's queue overflows after having had room: a count of episodes, not of messages).</summary>
    public IReadOnlyDictionary<string, int> DropNotices => _dropNotices;

    /// <summary>Starts the services; <paramref name="postgres"/> false for a bench that stores in SQLite;
    /// <paramref name="otherUsers"/> are further broker users (the views' own: Sparkplug edge node, a host), password <see cref="Password"/>.</summary>
    public static async Task<FleetServers> StartAsync(IReadOnlyList<string> stations, string repo, bool postgres = true, IReadOnlyList<string>? otherUsers = null)
    {
        var s = new FleetServers();
        try
        {
            if (postgres) await s.StartPostgresAsync();
            await s.StartMosquittoAsync([.. stations, .. otherUsers ?? []], repo);
            return s;
        }
        catch
        {
            await s.DisposeAsync();
            throw;
        }
    }

    private async Task StartPostgresAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null) throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: run scripts/setup.sh");
        _pgCtl = Path.Combine(bin, "pg_ctl");
        _asRoot = Environment.UserName == "root";
        if (_asRoot)
        {
            File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0b111_101_101);
            await RunAsync("chown", ["postgres:postgres", _dir.FullName], false);
        }
        var port = BenchGateway.FreePort();
        var data = Path.Combine(_dir.FullName, "pg");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], _asRoot);
        await RunAsync(_pgCtl, ["-D", data, "-l", Path.Combine(_dir.FullName, "pg.log"), "-w", "-t", "30",
            "-o", $"-p {port} -k {_dir.FullName} -c listen_addresses=127.0.0.1 -c max_connections=300", "start"], _asRoot);
        await RunAsync(Path.Combine(bin, "createdb"), ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "dispense"], false);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=dispense;Maximum Pool Size=40";
    }

    private async Task StartMosquittoAsync(IReadOnlyList<string> stations, string repo)
    {
        // Mosquitto started as root drops to its own user, which must reach the files (a temp directory is 700).
        File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0b111_101_101);
        var dir = Path.Combine(_dir.FullName, "mqtt");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        var passwd = Path.Combine(dir, "passwd");
        // Each gateway logs in twice: its own session, and its telemetry session as "<user>-telemetry" (same password).
        string[] gateways = [GatewayUser, GatewayUser2, GatewayUser + "-telemetry", GatewayUser2 + "-telemetry"];
        await File.WriteAllLinesAsync(passwd, gateways.Append(SysUser).Concat(stations).Select(u => $"{u}:{Password}"));
        await RunAsync("mosquitto_passwd", ["-U", passwd], false);
        File.Copy(Path.Combine(repo, "deploy", "mosquitto", "acl"), Path.Combine(dir, "acl"));
        await File.AppendAllTextAsync(Path.Combine(dir, "acl"), $"\n# Bench only: reads Mosquitto's counters.\nuser {SysUser}\ntopic read $SYS/#\n");
        foreach (var f in new[] { "passwd", "acl" }) File.SetUnixFileMode(Path.Combine(dir, f), (UnixFileMode)0b110_100_100);
        MqttPort = BenchGateway.FreePort();
        var conf = Path.Combine(dir, "mosquitto.conf");
        await File.WriteAllTextAsync(conf, $"""
            per_listener_settings false
            allow_anonymous false
            password_file {dir}/passwd
            acl_file {dir}/acl
            max_packet_size 262144
            message_size_limit 262144
            max_inflight_messages 100
            max_queued_messages 10000
            max_queued_bytes 67108864
            max_keepalive 60
            persistence false
            sys_interval 1
            listener {MqttPort} 127.0.0.1
            use_username_as_clientid true
            max_connections -1
            """);
        // A connection per station: lift the 1024 open files a shell starts with.
        _mosquitto = new Process { StartInfo = new ProcessStartInfo("sh", ["-c", $"ulimit -n 8192; exec mosquitto -c {conf}"]) { RedirectStandardError = true, RedirectStandardOutput = true } };
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        const string dropping = "Outgoing messages are being dropped for client ";
        void Said(string? line)
        {
            if (line is null) return;
            if (said.Count < 50) said.Enqueue(line);
            var at = line.IndexOf(dropping, StringComparison.Ordinal);
            if (at >= 0) _dropNotices.AddOrUpdate(line[(at + dropping.Length)..].TrimEnd('.'), 1, (_, n) => n + 1);
        }
        _mosquitto.ErrorDataReceived += (_, e) => Said(e.Data);
        _mosquitto.OutputDataReceived += (_, e) => Said(e.Data);
        _mosquitto.Start();
        _mosquitto.BeginErrorReadLine();
        _mosquitto.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var c = new System.Net.Sockets.TcpClient();
                await c.ConnectAsync("127.0.0.1", MqttPort);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !_mosquitto.HasExited) { await Task.Delay(50); }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new InvalidOperationException($"mosquitto did not start ({(_mosquitto.HasExited ? "exited " + _mosquitto.ExitCode : "no listener in 10 s")}): " +
                    string.Join(" | ", said), e);
            }
        }
    }

    private static async Task RunAsync(string exe, string[] args, bool asPostgres)
    {
        var start = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", exe, .. args]) : new ProcessStartInfo(exe, args);
        start.RedirectStandardError = start.RedirectStandardOutput = true;
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)}: exit {p.ExitCode}: {await err}{await output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_mosquitto is { HasExited: false })
        {
            _mosquitto.Kill();
            await _mosquitto.WaitForExitAsync();
        }
        if (_pgCtl is not null)
        {
            try { await RunAsync(_pgCtl, ["-D", Path.Combine(_dir.FullName, "pg"), "-m", "immediate", "-w", "stop"], _asRoot); }
            catch (InvalidOperationException e) { Console.WriteLine($"pg_ctl stop: {e.Message}"); }
        }
        try { _dir.Delete(true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
