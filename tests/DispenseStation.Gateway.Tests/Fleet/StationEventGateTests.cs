using Dapper;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Fleet;
using DispenseStation.Gateway.Storage;
using DispenseStation.Gateway.Tests.Support;
using DispenseStation.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Tests.Fleet;

/// <summary>
/// Two instances' event gates over one database (SQLite; the lease rules are the same on PostgreSQL, see
/// <see cref="StationLeaseStoreContract"/>), clocks set by the test: only the owner handles a station's events, the
/// standby keeps them, and on takeover handles exactly those after the last one the old owner recorded.
/// </summary>
public sealed class StationEventGateTests : IAsyncLifetime, IDisposable
{
    private const long T0 = 1_780_000_000_000;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private static readonly string[] Stations = ["st-1"];
    private readonly TempDir _dir = new("ds-event-gate-");
    private StorageSetup _setup = null!;
    private StationLeaseStore _store = null!;
    private long _dbNow = T0, _monoA, _monoB;
    private StationLeaseKeeper _a = null!, _b = null!;
    private StationEventGate _gateA = null!, _gateB = null!;
    private readonly List<long> _handledA = [], _handledB = [];
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
        _store = new StationLeaseStore(_setup, "(SELECT now_ms FROM test_clock)");
        (_a, _gateA) = Instance("gw-a", () => _monoA, _handledA);
        (_b, _gateB) = Instance("gw-b", () => _monoB, _handledB);
    }

    private (StationLeaseKeeper, StationEventGate) Instance(string name, Func<long> mono, List<long> handled, int capacity = 64)
    {
        var keeper = new StationLeaseKeeper(_store, name, Lease, mono);
        var gate = new StationEventGate(keeper, _store, capacity, NullLogger.Instance)
        {
            Handle = (_, e) => { handled.Add(e.Seq); return Task.CompletedTask; },
            Adopt = s => { lock (_log) _log.Add($"{name} adopts {s}"); return Task.CompletedTask; },
            Release = s => { lock (_log) _log.Add($"{name} releases {s}"); return Task.CompletedTask; },
        };
        return (keeper, gate);
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

    private static EventMessage Event(long seq, long uptimeMs) =>
        new() { Seq = seq, UptimeMs = uptimeMs, Kind = EventKinds.StepCompleted, BatchId = "b-1", StepIndex = (int)seq };

    private static Task SendAsync(StationEventGate gate, params (long Seq, long Uptime)[] events) =>
        events.Aggregate(Task.CompletedTask, async (prev, e) => { await prev; await gate.OnEventAsync("st-1", Event(e.Seq, e.Uptime), default); });

    private async Task ATakesTheStationAsync()
    {
        await _a.RoundAsync(Stations, default);
        await _b.RoundAsync(Stations, default);
        await _gateA.TakeoversSettledAsync();
        Assert.True(_a.Owns("st-1"));
        Assert.False(_b.Owns("st-1"));
    }

    [Fact]
    public async Task Only_the_owner_handles_a_stations_events_and_records_where_it_is()
    {
        await ATakesTheStationAsync();
        foreach (var gate in new[] { _gateA, _gateB }) await SendAsync(gate, (1, 100), (2, 200), (3, 300));
        Assert.Equal([1, 2, 3], _handledA);
        Assert.Empty(_handledB);
        Assert.Equal(3, _gateB.KeptCount("st-1"));
        Assert.Equal(new HandledPosition(3, 300), await _store.HandledOfAsync("st-1", default));
    }

    [Fact]
    public async Task On_takeover_the_standby_replays_the_kept_events_after_the_last_one_recorded_and_not_the_one_at_it()
    {
        await ATakesTheStationAsync();
        foreach (var gate in new[] { _gateA, _gateB }) await SendAsync(gate, (1, 100), (2, 200), (3, 300));
        // The owner dies here: 4 and 5 reached only the standby (the broker acknowledged them to the station).
        await SendAsync(_gateB, (4, 400), (5, 500));
        Assert.Equal(new HandledPosition(3, 300), await _store.HandledOfAsync("st-1", default));

        await AdvanceAsync(9_999, a: false);
        await _b.RoundAsync(Stations, default);
        await _gateB.TakeoversSettledAsync();
        Assert.Empty(_handledB); // one ms before the lease runs out: still the dead owner's

        await AdvanceAsync(1, a: false);
        await _b.RoundAsync(Stations, default);
        await _gateB.TakeoversSettledAsync();
        Assert.True(_b.Owns("st-1"));
        Assert.Equal([4, 5], _handledB); // 3 was recorded: not again; 4, the next one, is
        Assert.Contains("gw-b adopts st-1", _log);
        Assert.Equal(new HandledPosition(5, 500), await _store.HandledOfAsync("st-1", default));

        await SendAsync(_gateB, (6, 600));
        Assert.Equal([4, 5, 6], _handledB);
    }

    [Fact]
    public async Task A_deposed_owner_is_fenced_out_by_its_epoch_and_stops_acting_for_the_station()
    {
        await ATakesTheStationAsync();
        foreach (var gate in new[] { _gateA, _gateB }) await SendAsync(gate, (1, 100));
        // A stalls: its own clock stands still (the worst case: it still believes it holds the lease), the database's runs on.
        await AdvanceAsync(10_000, a: false);
        await _b.RoundAsync(Stations, default);
        await _gateB.TakeoversSettledAsync();
        Assert.True(_b.Owns("st-1"));
        Assert.True(_a.Owns("st-1"));

        foreach (var gate in new[] { _gateA, _gateB }) await SendAsync(gate, (2, 200));
        // A's handler ran once more (handlers are idempotent for that), but its record of it was refused by the epoch fence:
        // it released the station and handles nothing after.
        Assert.False(_a.Owns("st-1"));
        Assert.Contains("gw-a releases st-1", _log);
        Assert.Equal(new HandledPosition(2, 200), await _store.HandledOfAsync("st-1", default));
        foreach (var gate in new[] { _gateA, _gateB }) await SendAsync(gate, (3, 300));
        Assert.Equal([1, 2], _handledA);
        Assert.Equal([2, 3], _handledB);
    }

    [Fact]
    public async Task After_a_station_restart_its_new_session_counts_from_the_start_and_is_handled()
    {
        await ATakesTheStationAsync();
        await _gateA.OnStateAsync("st-1", true, default);
        await SendAsync(_gateA, (50, 5_000), (51, 5_100));
        // Power loss and reboot: the last will, then online again with seq and uptime from the start.
        await _gateA.OnStateAsync("st-1", false, default);
        await _gateA.OnStateAsync("st-1", true, default);
        await SendAsync(_gateA, (2, 150), (3, 180));
        Assert.Equal([50, 51, 2, 3], _handledA);
        Assert.Equal(new HandledPosition(3, 180), await _store.HandledOfAsync("st-1", default));
    }

    [Fact]
    public async Task A_standby_that_saw_the_restart_replays_the_new_session_after_the_old_owner_recorded_the_old_one()
    {
        await ATakesTheStationAsync();
        foreach (var gate in new[] { _gateA, _gateB })
        {
            await gate.OnStateAsync("st-1", true, default);
            await SendAsync(gate, (50, 5_000));
            await gate.OnStateAsync("st-1", false, default);
            await gate.OnStateAsync("st-1", true, default);
        }
        await SendAsync(_gateB, (2, 150), (3, 180)); // the owner died before the new session's events reached it
        await AdvanceAsync(10_000, a: false);
        await _b.RoundAsync(Stations, default);
        await _gateB.TakeoversSettledAsync();
        Assert.Equal([2, 3], _handledB);
    }

    [Fact]
    public void An_event_is_recorded_when_neither_its_seq_nor_its_uptime_is_past_the_position()
    {
        var p = new HandledPosition(10, 1_000);
        Assert.True(p.Covers(10, 1_000));
        Assert.True(p.Covers(9, 900));
        Assert.False(p.Covers(11, 1_000));
        Assert.False(p.Covers(9, 1_001)); // a lower seq sent later than the position: another session
        Assert.False(HandledPosition.None.Covers(0, 0));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();
}
