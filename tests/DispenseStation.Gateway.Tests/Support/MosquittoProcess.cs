using System.Diagnostics;
using System.Text;
using DispenseStation.Gateway.Mqtt;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// One Mosquitto started from a directory laid out like /etc/mosquitto/dispense (passwd made by
/// mosquitto_passwd, the shipped acl, TLS files) and a configuration text. Its stderr is kept for
/// the assertion messages.
/// </summary>
public sealed class MosquittoProcess : IDisposable
{
    public const string GatewayUser = "dispense-gateway";
    public const string GatewayPassword = "gateway-secret";
    /// <summary>The second gateway instance of a fleet (deploy/mosquitto/acl grants it what the first one has).</summary>
    public const string SecondGatewayUser = "dispense-gateway-2";
    public const string SecondGatewayPassword = "gateway-2-secret";
    public static readonly IReadOnlyDictionary<string, string> Stations = new Dictionary<string, string>
    {
        ["st-1"] = "pw-one",
        ["st-2"] = "pw-two",
    };

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private MosquittoProcess(Process process) => _process = process;

    public static string? Unavailable =>
        ExternalService.FindExecutable("mosquitto", "/usr/sbin/mosquitto") is null || ExternalService.FindExecutable("mosquitto_passwd", "/usr/bin/mosquitto_passwd") is null
            ? "Mosquitto (mosquitto, mosquitto_passwd) not found: install Debian package 'mosquitto'"
            : null;

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Writes passwd, acl (the shipped file, copied unmodified), ca.crt, server.crt and server.key into <paramref name="dir"/>.</summary>
    public static async Task<string> PrepareDirectoryAsync(TempDir dir)
    {
        var passwd = ExternalService.FindExecutable("mosquitto_passwd", "/usr/bin/mosquitto_passwd")!;
        // Started as root, Mosquitto drops to user 'mosquitto' before reading these files.
        UnixMode.Set(dir.Path, 0b111_101_101);
        var passwdFile = dir.File("passwd");
        await ProcessRunner.RunAsync(passwd, ["-c", "-b", passwdFile, GatewayUser, GatewayPassword], TimeSpan.FromSeconds(10));
        await ProcessRunner.RunAsync(passwd, ["-b", passwdFile, SecondGatewayUser, SecondGatewayPassword], TimeSpan.FromSeconds(10));
        // Each gateway's telemetry session logs in as its own user with the gateway's password (deploy/mosquitto/acl).
        await ProcessRunner.RunAsync(passwd, ["-b", passwdFile, GatewayUser + GatewayCredentials.TelemetrySuffix, GatewayPassword], TimeSpan.FromSeconds(10));
        await ProcessRunner.RunAsync(passwd, ["-b", passwdFile, SecondGatewayUser + GatewayCredentials.TelemetrySuffix, SecondGatewayPassword], TimeSpan.FromSeconds(10));
        foreach (var (user, pw) in Stations.Concat(MosquittoServer.ViewUsers))
            await ProcessRunner.RunAsync(passwd, ["-b", passwdFile, user, pw], TimeSpan.FromSeconds(10));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "deploy", "mosquitto", "acl"), dir.File("acl"));
        TestCertificates.Write(dir); // ca.crt, server.crt, server.key: the names the shipped config uses
        foreach (var f in new[] { "passwd", "acl", "server.crt", "server.key", "ca.crt" }) UnixMode.Set(dir.File(f), 0b110_100_100);
        var data = Directory.CreateDirectory(dir.File("data")).FullName;
        UnixMode.Set(data, 0b111_111_111); // the 'mosquitto' user writes its persistence file here
        return data;
    }

    public static MosquittoProcess Start(string configFile)
    {
        var exe = ExternalService.FindExecutable("mosquitto", "/usr/sbin/mosquitto")!;
        var process = new Process { StartInfo = new ProcessStartInfo(exe, ["-c", configFile]) { RedirectStandardError = true, RedirectStandardOutput = true } };
        var m = new MosquittoProcess(process);
        process.ErrorDataReceived += (_, e) => { lock (m._log) m._log.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { lock (m._log) m._log.AppendLine(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return m;
    }

    /// <summary>Waits for the process to exit (a configuration Mosquitto refuses ends it).</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
