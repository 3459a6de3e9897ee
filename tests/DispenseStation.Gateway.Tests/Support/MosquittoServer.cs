using System.Diagnostics;
using System.Text;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// A real Mosquitto for the test run, on a free loopback port, with a password file made by
/// mosquitto_passwd and the ACL file shipped in deploy/mosquitto/acl (copied, unmodified).
/// </summary>
public sealed class MosquittoServer : IAsyncLifetime
{
    public const string GatewayUser = "dispense-gateway";
    public const string GatewayPassword = "gateway-secret";
    public static readonly IReadOnlyDictionary<string, string> Stations = new Dictionary<string, string>
    {
        ["st-1"] = "pw-one",
        ["st-2"] = "pw-two",
    };

    private TempDir? _dir;
    private Process? _process;
    private readonly StringBuilder _log = new();

    public string? Unavailable { get; private set; }
    public int Port { get; private set; }

    /// <summary>A second listener with TLS (certificate for localhost signed by <see cref="CaCertificateFile"/>).</summary>
    public int TlsPort { get; private set; }
    public string CaCertificateFile { get; private set; } = "";
    public string ShippedAclPath => Path.Combine(AppContext.BaseDirectory, "deploy", "mosquitto", "acl");

    public async Task InitializeAsync()
    {
        var mosquitto = ExternalService.FindExecutable("mosquitto", "/usr/sbin/mosquitto");
        var passwd = ExternalService.FindExecutable("mosquitto_passwd", "/usr/bin/mosquitto_passwd");
        if (mosquitto is null || passwd is null)
        {
            Unavailable = "Mosquitto (mosquitto, mosquitto_passwd) not found: install Debian package 'mosquitto'";
            return;
        }
        _dir = new TempDir("ds-mosquitto-");
        // Started as root, Mosquitto drops to user 'mosquitto' before reading these files.
        UnixMode.Set(_dir.Path, 0b111_101_101);
        var passwdFile = _dir.File("passwd");
        await ProcessRunner.RunAsync(passwd, ["-c", "-b", passwdFile, GatewayUser, GatewayPassword], TimeSpan.FromSeconds(10));
        foreach (var (user, pw) in Stations)
            await ProcessRunner.RunAsync(passwd, ["-b", passwdFile, user, pw], TimeSpan.FromSeconds(10));
        var aclFile = _dir.File("acl");
        File.Copy(ShippedAclPath, aclFile);
        var tls = TestCertificates.Write(_dir);
        CaCertificateFile = tls.CaCertificate;
        foreach (var f in new[] { passwdFile, aclFile, tls.ServerKey, tls.ServerCertificate, tls.CaCertificate }) UnixMode.Set(f, 0b110_100_100);

        Port = FreePort.Next();
        TlsPort = FreePort.Next();
        var conf = _dir.File("mosquitto.conf");
        // The shipped mosquitto.conf's access settings, with test paths and a loopback listener instead of TLS.
        await File.WriteAllTextAsync(conf, $"""
            per_listener_settings false
            allow_anonymous false
            password_file {passwdFile}
            acl_file {aclFile}
            use_username_as_clientid true
            persistence false
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            listener {Port} 127.0.0.1
            listener {TlsPort} 127.0.0.1
            cafile {tls.CaCertificate}
            certfile {tls.ServerCertificate}
            keyfile {tls.ServerKey}
            """);

        _process = new Process { StartInfo = new ProcessStartInfo(mosquitto, ["-c", conf]) { RedirectStandardError = true, RedirectStandardOutput = true } };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10), () => Log);
        await FreePort.WaitUntilListeningAsync(TlsPort, TimeSpan.FromSeconds(10), () => Log);
    }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        _dir?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class MosquittoCollection : ICollectionFixture<MosquittoServer>
{
    public const string Name = "mosquitto";
}
