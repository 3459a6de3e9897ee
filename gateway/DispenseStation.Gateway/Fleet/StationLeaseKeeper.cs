using System.Collections.Concurrent;
using System.Diagnostics;

namespace DispenseStation.Gateway.Fleet;

/// <summary>
/// Holds this instance's station leases: on every round it renews what it owns and takes what nobody holds. It
/// counts a lease as its own only until the lease could have run out by its own monotonic clock (measured from
/// before the renewal was sent), so a paused process stops acting for a station before another can take it.
/// </summary>
public sealed class StationLeaseKeeper : IStationOwnership
{
    private readonly StationLeaseStore _store;
    private readonly string _instance;
    private readonly long _leaseMs;
    private readonly Func<long> _monotonicMs;
    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _others = new(StringComparer.Ordinal);

    private sealed record Held(long Epoch, long ValidUntilMs);

    public StationLeaseKeeper(StationLeaseStore store, string instance, TimeSpan lease, Func<long>? monotonicMs = null)
    {
        _store = store;
        _instance = instance;
        _leaseMs = (long)lease.TotalMilliseconds;
        _monotonicMs = monotonicMs ?? (() => Stopwatch.GetTimestamp() * 1000 / Stopwatch.Frequency);
    }

    public string Instance => _instance;

    /// <summary>A station became this instance's (with the epoch its writes are fenced by).</summary>
    public event Func<string, long, Task>? Gained;

    /// <summary>A station is no longer this instance's: stop acting for it.</summary>
    public event Func<string, Task>? Lost;

    public bool Owns(string stationId) =>
        _held.TryGetValue(stationId, out var h) && _monotonicMs() < h.ValidUntilMs;

    public long? EpochOf(string stationId) => Owns(stationId) ? _held[stationId].Epoch : null;

    public string? OwnerOf(string stationId) => Owns(stationId) ? null : _others.GetValueOrDefault(stationId);

    public IReadOnlyCollection<string> Owned => _held.Keys.Where(Owns).OrderBy(s => s, StringComparer.Ordinal).ToList();

    /// <summary>One round over the stations this instance knows of: every renewal in one statement, then every free
    /// station taken in one (per 500 stations), so a round's length does not grow with a statement per station.</summary>
    public async Task RoundAsync(IEnumerable<string> stationIds, CancellationToken ct)
    {
        var ids = stationIds.Distinct(StringComparer.Ordinal).ToList();
        var sentAt = _monotonicMs();
        var renewable = new List<(string, long)>();
        foreach (var id in ids)
            if (_held.TryGetValue(id, out var h) && sentAt < h.ValidUntilMs) renewable.Add((id, h.Epoch));
        var renewed = await _store.RenewAllAsync(renewable, _instance, _leaseMs, ct);

        var free = new List<string>();
        foreach (var id in ids)
        {
            if (_held.TryGetValue(id, out var h))
            {
                if (renewed.Contains(id))
                {
                    _held[id] = h with { ValidUntilMs = sentAt + _leaseMs };
                    continue;
                }
                _held.TryRemove(id, out _);
                if (Lost is { } lost) await lost(id);
            }
            free.Add(id);
        }

        sentAt = _monotonicMs();
        var taken = await _store.TryAcquireAllAsync(free, _instance, _leaseMs, ct);
        foreach (var lease in taken)
        {
            _held[lease.StationId] = new Held(lease.Epoch, sentAt + _leaseMs);
            _others.TryRemove(lease.StationId, out _);
            if (Gained is { } gained) await gained(lease.StationId, lease.Epoch);
        }
        var notTaken = free.Except(taken.Select(l => l.StationId), StringComparer.Ordinal).ToList();
        foreach (var other in await _store.GetAllAsync(notTaken, ct)) _others[other.StationId] = other.Owner;
    }

    /// <summary>Stops counting the station as this instance's at once, without telling <see cref="Lost"/>'s handlers (the
    /// caller, which found itself fenced out, has stopped acting already). The next round looks at the lease afresh.</summary>
    public void Drop(string stationId) => _held.TryRemove(stationId, out _);

    /// <summary>Orderly shutdown: hands every station over at once instead of after the lease runs out.</summary>
    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        foreach (var (id, h) in _held.ToArray())
        {
            await _store.ReleaseAsync(id, _instance, h.Epoch, ct);
            _held.TryRemove(id, out _);
            if (Lost is { } lost) await lost(id);
        }
    }
}
