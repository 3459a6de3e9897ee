using System.Collections.Concurrent;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Fleet;

/// <summary>
/// Lets a station's events reach the handlers that write its records only on the instance that owns the station, and
/// makes a takeover lose none. Every instance keeps each station's last events (Gateway:Fleet:ReplayBufferEvents);
/// the owner, after handling one, records its position under its lease epoch (<see cref="StationLeaseStore.RecordHandledAsync"/>).
/// An instance that gains a station reads that position and handles the kept events that follow it, then every new
/// one. With an external broker the station's outbox is acknowledged by the broker, not by a gateway, so an event the
/// dead owner received but had not recorded exists only in the standby's buffer.
/// Delivery is at least once: an event the old owner handled but had not yet marked is handled again; the handlers are
/// idempotent for that (a dose result is unique per batch and step, a closed batch ignores further events).
/// Called from the MQTT receive loop (events, states) and from the lease keeper's rounds (gained, lost); one lock per
/// station orders them.
/// </summary>
public sealed class StationEventGate
{
    private readonly StationLeaseKeeper _keeper;
    private readonly StationLeaseStore _store;
    private readonly int _capacity;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, Station> _stations = new(StringComparer.Ordinal);

    private sealed class Station
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public readonly LinkedList<Kept> Buffer = new();
        public bool Active;
        public HandledPosition Handled = HandledPosition.None;
        /// <summary>The next event kept starts a new session of the station (it came online after being offline).</summary>
        public bool SessionStarts;
        /// <summary>Null until the first state seen: a station already online then starts no session this instance can place.</summary>
        public bool? WasOnline;
        /// <summary>The newest event pushed out of the full buffer, for the warning when one was never handled.</summary>
        public Kept? Evicted;
    }

    private sealed class Kept(EventMessage e, bool newSession)
    {
        public EventMessage Event { get; } = e;
        public bool NewSession { get; } = newSession;
        /// <summary>Handled, or found recorded, since this instance last gained the station: a later position in another
        /// session says nothing about it, so it is never compared again.</summary>
        public bool Done { get; set; }
        public HandledPosition Position => new(Event.Seq, Event.UptimeMs);
    }

    public StationEventGate(StationLeaseKeeper keeper, StationLeaseStore store, int capacity, ILogger log)
    {
        _keeper = keeper;
        _store = store;
        _capacity = capacity;
        _log = log;
        // The takeover (reading the position, adopting the records, replaying) runs beside the keeper's round, not in it:
        // a replay that outlasted the lease would otherwise hold up the renewals and lose the station it is taking.
        keeper.Gained += (station, epoch) =>
        {
            var takeover = Task.Run(() => OnGainedAsync(station, epoch));
            _takeovers[station] = _takeovers.TryGetValue(station, out var before) && !before.IsCompleted ? Task.WhenAll(before, takeover) : takeover;
            return Task.CompletedTask;
        };
        keeper.Lost += OnLostAsync;
    }

    private readonly ConcurrentDictionary<string, Task> _takeovers = new(StringComparer.Ordinal);

    /// <summary>Completes when every takeover started so far has replayed its station's kept events (tests, the bench).</summary>
    public Task TakeoversSettledAsync() => Task.WhenAll(_takeovers.Values);

    /// <summary>What the owner does with one event (alarms, tuning, the batch record).</summary>
    public Func<string, EventMessage, Task>? Handle { get; set; }

    /// <summary>Takes up the station's open records before its kept events are replayed (the batches another instance ran).</summary>
    public Func<string, Task>? Adopt { get; set; }

    /// <summary>Lets go of the station's open records (another instance owns them now).</summary>
    public Func<string, Task>? Release { get; set; }

    /// <summary>Kept events handled on taking stations over, since start (tests, the fleet bench).</summary>
    public long ReplayedEvents => Interlocked.Read(ref _replayed);
    private long _replayed;

    /// <summary>Events kept for the station now (tests, diagnostics).</summary>
    public int KeptCount(string stationId) => _stations.TryGetValue(stationId, out var s) ? s.Buffer.Count : 0;

    public async Task OnEventAsync(string stationId, EventMessage e, CancellationToken ct)
    {
        var s = _stations.GetOrAdd(stationId, _ => new Station());
        await s.Lock.WaitAsync(ct);
        try
        {
            s.Buffer.AddLast(new Kept(e, s.SessionStarts));
            s.SessionStarts = false;
            if (s.Buffer.Count > _capacity)
            {
                s.Evicted = s.Buffer.First!.Value;
                s.Buffer.RemoveFirst();
            }
            if (s.Active) await DrainAsync(stationId, s, ct);
        }
        finally
        {
            s.Lock.Release();
        }
    }

    /// <summary>Follows the station's link: online after offline starts a new session, whose seq counts from the start again.</summary>
    public async Task OnStateAsync(string stationId, bool online, CancellationToken ct)
    {
        var s = _stations.GetOrAdd(stationId, _ => new Station());
        await s.Lock.WaitAsync(ct);
        try
        {
            if (online && s.WasOnline == false) s.SessionStarts = true;
            s.WasOnline = online;
        }
        finally
        {
            s.Lock.Release();
        }
    }

    private async Task OnGainedAsync(string stationId, long epoch)
    {
        var s = _stations.GetOrAdd(stationId, _ => new Station());
        await s.Lock.WaitAsync();
        try
        {
            // Lost again (or gained under a newer epoch) before this ran: that later change decides.
            if (_keeper.EpochOf(stationId) != epoch) return;
            s.Handled = await _store.HandledOfAsync(stationId, CancellationToken.None);
            foreach (var kept in s.Buffer) kept.Done = false;
            if (s.Evicted is { } lost && !s.Handled.Covers(lost.Event.Seq, lost.Event.UptimeMs) && !s.Buffer.Any(k => k.NewSession))
                _log.LogWarning("Station {Station} taken over: its kept events start after seq {Seq}, but the last one recorded is seq {Handled}; events in between are missing from its records (raise Gateway:Fleet:ReplayBufferEvents)",
                    stationId, lost.Event.Seq, s.Handled.Seq);
            if (Adopt is { } adopt) await adopt(stationId);
            s.Active = true;
            var replayed = await DrainAsync(stationId, s, CancellationToken.None);
            Interlocked.Add(ref _replayed, replayed);
            _log.LogInformation("Station {Station} taken over (epoch {Epoch}): {Replayed} kept events after seq {Seq} handled", stationId, epoch, replayed, s.Handled.Seq);
        }
        catch (Exception e)
        {
            // Not taken up: the keeper's next round finds the lease held and tries again from the recorded position.
            s.Active = false;
            _keeper.Drop(stationId);
            _log.LogError(e, "Taking over station {Station} failed", stationId);
        }
        finally
        {
            s.Lock.Release();
        }
    }

    private async Task OnLostAsync(string stationId)
    {
        var s = _stations.GetOrAdd(stationId, _ => new Station());
        await s.Lock.WaitAsync();
        try
        {
            await StopAsync(stationId, s);
        }
        finally
        {
            s.Lock.Release();
        }
    }

    private async Task StopAsync(string stationId, Station s)
    {
        s.Active = false;
        if (Release is { } release) await release(stationId);
    }

    /// <summary>Handles the kept events past the recorded position, in order; returns how many.</summary>
    private async Task<int> DrainAsync(string stationId, Station s, CancellationToken ct)
    {
        var handled = 0;
        foreach (var kept in s.Buffer.ToArray())
        {
            if (!s.Active) break;
            if (kept.Done) continue;
            // A new session counts seq from the start: what was recorded in the last one says nothing about it.
            if (kept.NewSession && s.Handled.Covers(kept.Event.Seq, kept.Event.UptimeMs)) s.Handled = HandledPosition.None;
            if (s.Handled.Covers(kept.Event.Seq, kept.Event.UptimeMs))
            {
                kept.Done = true;
                continue;
            }
            if (_keeper.EpochOf(stationId) is not { } epoch)
            {
                // The lease may have run out by this instance's own clock: handle nothing until the keeper's next round.
                break;
            }
            // A handler that fails is logged and the event counted as handled, as on a single gateway: retried on every
            // later event it would block the station's record for good.
            try
            {
                if (Handle is { } handle) await handle(stationId, kept.Event);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogError(e, "Handling event seq {Seq} of station {Station} failed", kept.Event.Seq, stationId);
            }
            bool recorded;
            try
            {
                recorded = await _store.RecordHandledAsync(stationId, _keeper.Instance, epoch, kept.Position, ct);
            }
            catch (System.Data.Common.DbException e)
            {
                // The database is out of reach (its write may have gone to the storage spool): the event is handled, only
                // its position is not stored; a takeover meanwhile replays from an earlier one (at least once), and if the
                // database stays away the lease runs out and the keeper lets the station go.
                _log.LogWarning("Station {Station}: position of event seq {Seq} not recorded: {Error}", stationId, kept.Event.Seq, e.Message);
                recorded = true;
            }
            if (!recorded)
            {
                _log.LogWarning("Station {Station}: the lease (epoch {Epoch}) is no longer this instance's; it stops acting for the station", stationId, epoch);
                _keeper.Drop(stationId);
                await StopAsync(stationId, s);
                break;
            }
            s.Handled = kept.Position;
            kept.Done = true;
            handled++;
        }
        return handled;
    }
}
