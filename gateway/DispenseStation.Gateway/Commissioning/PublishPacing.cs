namespace DispenseStation.Gateway.Commissioning;

/// <summary>
/// A minimum publish interval per key (a Sparkplug device, a Home Assistant entity), with the latest value delivered at
/// the end of the interval: what edge nodes call tag pacing. A change that comes at least <see cref="Interval"/> after the
/// key's last publish goes out at once; one that comes sooner marks the key pending, and the key falls due exactly one
/// interval after its last publish, when the owner publishes whatever is latest then. So a burst costs one publish per
/// interval and the final value of a burst is never left unsent.
/// Not thread-safe: one loop owns it (the view's), and a timer only wakes that loop up (see <see cref="NextDue"/>).
/// </summary>
public sealed class PublishPacing<TKey>(TimeSpan interval) where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = new();
    // Keys waiting for the end of their interval, earliest first. An entry whose key was published or forgotten in the
    // meantime is recognised by its due time and skipped.
    private readonly PriorityQueue<TKey, DateTimeOffset> _due = new();

    public TimeSpan Interval { get; } = interval;

    /// <summary>Keys waiting for the end of their interval.</summary>
    public int PendingCount { get; private set; }

    /// <summary>
    /// A key's value changed at <paramref name="now"/>. True: its interval is over (or it never published), publish now and
    /// call <see cref="Published"/>. False: it is pending and will be in <see cref="TakeDue"/> at the end of its interval.
    /// </summary>
    public bool Offer(TKey key, DateTimeOffset now)
    {
        ref var e = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out _);
        if (e.LastPublished is not { } last || now - last >= Interval) return true;
        if (e.DueAt is null)
        {
            e.DueAt = last + Interval;
            _due.Enqueue(key, e.DueAt.Value);
            PendingCount++;
        }
        return false;
    }

    /// <summary>The key was published at <paramref name="now"/>: its next interval starts, and whatever was pending is delivered.</summary>
    public void Published(TKey key, DateTimeOffset now)
    {
        ref var e = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out _);
        e.LastPublished = now;
        if (e.DueAt is not null)
        {
            e.DueAt = null;
            PendingCount--;
        }
    }

    /// <summary>When the earliest pending key falls due; null when none is pending.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            while (_due.TryPeek(out var key, out var at))
            {
                if (_entries.TryGetValue(key, out var e) && e.DueAt == at) return at;
                _due.Dequeue();   // published or forgotten since: stale
            }
            return null;
        }
    }

    /// <summary>Moves the keys whose interval has ended by <paramref name="now"/> into <paramref name="into"/>; they are no longer pending.</summary>
    public void TakeDue(DateTimeOffset now, List<TKey> into)
    {
        while (_due.TryPeek(out var key, out var at) && at <= now)
        {
            _due.Dequeue();
            if (!_entries.TryGetValue(key, out var e) || e.DueAt != at) continue;
            e.DueAt = null;
            _entries[key] = e;
            PendingCount--;
            into.Add(key);
        }
    }

    /// <summary>Forgets a key (a retired station, a device that died): it publishes at once next time.</summary>
    public void Forget(TKey key)
    {
        if (_entries.Remove(key, out var e) && e.DueAt is not null) PendingCount--;
    }

    private struct Entry
    {
        public DateTimeOffset? LastPublished;
        public DateTimeOffset? DueAt;
    }
}

/// <summary>
/// Wakes a view's loop when its earliest pending key falls due (<see cref="PublishPacing{TKey}.NextDue"/>): the timer only
/// calls <c>wake</c> (which queues an input for the loop); the loop calls <see cref="Arm"/> after each input it handled
/// and <see cref="Fired"/> when it handles the wake-up.
/// </summary>
public sealed class PacingTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private DateTimeOffset? _armedFor;

    public PacingTimer(TimeProvider time, Action wake)
    {
        _time = time;
        _timer = time.CreateTimer(_ => wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sets the wake-up for <paramref name="due"/> unless one is already set for that time or earlier (the loop re-arms then).</summary>
    public void Arm(DateTimeOffset? due)
    {
        if (due is not { } at || _armedFor is { } armed && armed <= at) return;
        _armedFor = at;
        var wait = at - _time.GetUtcNow();
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The wake-up was handled: the next <see cref="Arm"/> sets a new one.</summary>
    public void Fired() => _armedFor = null;

    public void Dispose() => _timer.Dispose();
}
