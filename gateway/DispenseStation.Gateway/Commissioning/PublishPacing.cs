namespace DispenseStation.Gateway.Commissioning;

/// <summary>
/// A minimum publish interval per key (a Sparkplug device, a Home Assistant entity), with the latest value delivered at
/// the end of the interval: what edge nodes call tag pacing. A change that comes at least <see cref="Interval"/> after the
/// key's last publish goes out at once; one that comes sooner marks the key pending, and the key falls due exactly one
/// interval after its last publish, when the owner publishes whatever is latest then. So a burst costs one publish per
/// interval and the final value of a burst is never left unsent.
/// Not thread-safe: one loop owns it (the view's), which calls <see cref="TakeDue"/> on each <see cref="ViewTicker"/> tick.
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
/// The heartbeat of a paced view's loop. While pacing is on, the ingestion path only leaves each station's newest sample
/// in the station's slot and never queues anything; every <see cref="Period"/> the ticker queues one tick, and the loop
/// then takes every slot's sample and publishes what is due. A fleet at 5 Hz thus wakes the view 20 times a second, not
/// 5000 (a wake-up per sample cost the thread pool, on which ingestion runs too, more than the view's own work). At most one
/// tick is outstanding: a stalled loop finds one tick when it resumes, not a pile.
/// </summary>
public sealed class ViewTicker : IDisposable
{
    private readonly ITimer _timer;
    private int _queued;

    public ViewTicker(TimeProvider time, TimeSpan period, Action wake)
    {
        Period = period;
        _timer = time.CreateTimer(_ =>
        {
            if (Interlocked.Exchange(ref _queued, 1) == 0) wake();
        }, null, period, period);
    }

    public TimeSpan Period { get; }

    /// <summary>A twentieth of the pacing interval, between 1 and 50 ms: what a paced value may come later than its interval's end.</summary>
    public static TimeSpan PeriodFor(TimeSpan interval) =>
        TimeSpan.FromMilliseconds(Math.Clamp(interval.TotalMilliseconds / 20, 1, 50));

    /// <summary>The loop took the tick (call before doing the tick's work, so a tick during the work is not lost).</summary>
    public void Taken() => Volatile.Write(ref _queued, 0);

    public void Dispose() => _timer.Dispose();
}
