using Dapper;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Fleet;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Fleet;

/// <summary>
/// Two instances' keepers on one database, with the database clock (a one-row table) and each process's monotonic
/// clock set by the test: takeover when the owner stops renewing, and an owner that was paused stops acting for a
/// station by its own clock before anyone else can have taken it.
/// </summary>
public sealed class StationLeaseKeeperTests : IAsyncLifetime, IDisposable
{
    private const long T0 = 1_780_000_000_000;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private readonly TempDir _dir = new("ds-lease-keeper-");
    private StorageSetup _setup = null!;
    private long _dbNow = T0, _monoA, _monoB;
    private StationLeaseKeeper _a = null!, _b = null!;
    private readonly List<string> _log = [];

    public async Task InitializeAsync()
    {
        _setup = new StorageSetup(Options.Create(new GatewayOptions { Storage = new StorageOptions
        {
            Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={_dir.File("db.sqlite")}",
        } }), NullLogger<StorageSetup>.Instance);
        await _setup.StartAsync(default);
        await using (var c = await _setup.OpenAsync(default))
            await c.ExecuteAsync("CREATE TABLE test_clock (now_ms BIGINT NOT NULL); INSERT INTO test_clock VALUES (0)");
        await SetDbClockAsync(T0);
        var store = new StationLeaseStore(_setup, "(SELECT now_ms FROM test_clock)");
        _a = Keeper(store, "gw-a", () => _monoA);
        _b = Keeper(store, "gw-b", () => _monoB);
    }

    private StationLeaseKeeper Keeper(StationLeaseStore store, string name, Func<long> mono)
    {
        var k = new StationLeaseKeeper(store, name, Lease, mono);
        k.Gained += (s, e) => { lock (_log) _log.Add($"{name} gained {s} epoch {e}"); return Task.CompletedTask; };
        k.Lost += s => { lock (_log) _log.Add($"{name} lost {s}"); return Task.CompletedTask; };
        return k;
    }

    private async Task SetDbClockAsync(long ms)
    {
        _dbNow = ms;
        await using var c = await _setup.OpenAsync(default);
        await c.ExecuteAsync("UPDATE test_clock SET now_ms = @ms", new { ms });
    }

    private async Task AdvanceAsync(long ms, bool a = true, bool b = true)
    {
        if (a) _monoA += ms;
        if (b) _monoB += ms;
        await SetDbClockAsync(_dbNow + ms);
    }

    [Fact]
    public async Task The_standby_takes_over_when_the_owner_stops_renewing_and_not_before()
    {
        string[] stations = ["st-1", "st-2"];
        await _a.RoundAsync(stations, default);
        await _b.RoundAsync(stations, default);
        Assert.Equal(stations, _a.Owned);
        Assert.Empty(_b.Owned);
        Assert.Equal("gw-a", _b.OwnerOf("st-1"));

        // The owner renews every 3 s: the standby never gets in.
        for (var i = 0; i < 5; i++)
        {
            await AdvanceAsync(3_000);
            await _a.RoundAsync(stations, default);
            await _b.RoundAsync(stations, default);
        }
        Assert.Empty(_b.Owned);

        // gw-a dies after its last renewal: the standby is refused until 10 s after it, and gets both at 10 s.
        await AdvanceAsync(9_999, a: false);
        await _b.RoundAsync(stations, default);
        Assert.Empty(_b.Owned);
        await AdvanceAsync(1, a: false);
        await _b.RoundAsync(stations, default);
        Assert.Equal(stations, _b.Owned);
        Assert.Contains("gw-b gained st-1 epoch 2", _log);
        Assert.Equal(2, _b.EpochOf("st-2"));
    }

    [Fact]
    public async Task A_paused_owner_stops_acting_by_its_own_clock_and_learns_the_loss_on_its_next_round()
    {
        await _a.RoundAsync(["st-1"], default);
        Assert.True(_a.Owns("st-1"));
        // The process is paused 10 s (GC, swap, a stopped VM): by its own clock the lease may be gone, so it no longer
        // claims the station, even before it has asked the database.
        await AdvanceAsync(10_000);
        Assert.False(_a.Owns("st-1"));
        await _b.RoundAsync(["st-1"], default);
        Assert.True(_b.Owns("st-1"));
        await _a.RoundAsync(["st-1"], default);
        Assert.False(_a.Owns("st-1"));
        Assert.Equal("gw-b", _a.OwnerOf("st-1"));
        Assert.Contains("gw-a lost st-1", _log);
    }

    [Fact]
    public async Task An_owner_counts_its_lease_from_before_the_renewal_was_sent()
    {
        await _a.RoundAsync(["st-1"], default);
        await AdvanceAsync(9_999);
        Assert.True(_a.Owns("st-1"));
        await _a.RoundAsync(["st-1"], default); // renewed at 9,999: valid until 19,999 by its clock
        await AdvanceAsync(9_999);
        Assert.True(_a.Owns("st-1"));
        await AdvanceAsync(1);
        Assert.False(_a.Owns("st-1"));
    }

    [Fact]
    public async Task Orderly_shutdown_hands_over_at_once()
    {
        await _a.RoundAsync(["st-1"], default);
        await _a.ReleaseAllAsync(default);
        Assert.False(_a.Owns("st-1"));
        await _b.RoundAsync(["st-1"], default);
        Assert.True(_b.Owns("st-1"));
        Assert.Equal(["gw-a gained st-1 epoch 1", "gw-a lost st-1", "gw-b gained st-1 epoch 2"], _log);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
