using System.Diagnostics;
using Npgsql;

namespace DispenseStation.Gateway.Tests.Support;

/// <summary>
/// A private PostgreSQL cluster for the test run: initdb in a temp dir, pg_ctl start on a free
/// loopback port, stopped and deleted at the end. PostgreSQL refuses to run as root, so as root
/// the cluster belongs to the Debian package's 'postgres' user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private TempDir? _dir;
    private string? _pgCtl;
    private int _databases;

    /// <summary>Null when the server runs; otherwise why it does not.</summary>
    public string? Unavailable { get; private set; }
    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        var binDir = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        var initdb = ExternalService.FindExecutable("initdb", binDir is null ? [] : [Path.Combine(binDir, "initdb")]);
        _pgCtl = ExternalService.FindExecutable("pg_ctl", binDir is null ? [] : [Path.Combine(binDir, "pg_ctl")]);
        if (initdb is null || _pgCtl is null)
        {
            Unavailable = "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian package 'postgresql'";
            return;
        }

        _dir = new TempDir("ds-pg-");
        var data = _dir.File("data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // The cluster is owned by 'postgres'; it must be able to reach the temp dir.
            UnixMode.Set(_dir.Path, 0b111_101_101);
            await ProcessRunner.RunAsync("chown", ["postgres:postgres", _dir.Path], TimeSpan.FromSeconds(10));
        }
        Port = FreePort.Next();
        await RunAsync(initdb, ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
        await RunAsync(_pgCtl, ["-D", data, "-l", _dir.File("server.log"), "-w", "-t", "30",
            "-o", $"-p {Port} -k {_dir.Path} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start"], asRoot);
    }

    /// <summary>Settings for a new, empty database; fails the test (under CI) when the server is not running.</summary>
    public async Task<DispenseStation.Gateway.Configuration.StorageOptions> NewStorageAsync()
    {
        ExternalService.Require(Unavailable);
        return new() { Provider = DispenseStation.Gateway.Configuration.StorageProvider.Postgres, ConnectionString = await CreateDatabaseAsync() };
    }

    /// <summary>A connection string to a new, empty database (one per test keeps tests independent).</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20];
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=10";

    public async Task DisposeAsync()
    {
        if (Unavailable is null && _pgCtl is not null && _dir is not null)
        {
            try { await RunAsync(_pgCtl, ["-D", _dir.File("data"), "-m", "immediate", "-w", "stop"], Environment.UserName == "root"); }
            catch (Exception e) { Debug.WriteLine($"pg_ctl stop failed: {e.Message}"); }
        }
        _dir?.Dispose();
    }

    private static Task<string> RunAsync(string exe, string[] args, bool asPostgresUser) => asPostgresUser
        ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", exe, .. args], TimeSpan.FromSeconds(60))
        : ProcessRunner.RunAsync(exe, args, TimeSpan.FromSeconds(60));
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
