namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>
/// One log line per (client, reason) per interval: the first occurrence is logged at once, the
/// repeats within the interval are counted, and the next line after the interval says how many were
/// left out. A client flooding refused messages then costs a line a minute, not a line a message.
/// The table is bounded: past <see cref="MaxKeys"/> keys the oldest half is forgotten.
/// </summary>
public sealed class LogThrottle(TimeProvider clock, TimeSpan interval)
{
    public const int MaxKeys = 10_000;

    private readonly Dictionary<(string Client, string Reason), (DateTimeOffset Since, long Suppressed)> _keys = new();

    /// <summary>
    /// Call for each occurrence. Returns null when this one is to be left out; otherwise the number of
    /// occurrences left out since the last line (0 for the first), and the caller logs one line.
    /// </summary>
    public long? ShouldLog(string client, string reason)
    {
        var now = clock.GetUtcNow();
        lock (_keys)
        {
            var key = (client, reason);
            if (_keys.TryGetValue(key, out var entry) && now - entry.Since < interval)
            {
                _keys[key] = (entry.Since, entry.Suppressed + 1);
                return null;
            }
            if (_keys.Count >= MaxKeys) Forget(now);
            _keys[key] = (now, 0);
            return entry.Suppressed;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var stale in _keys.Where(k => now - k.Value.Since >= interval).Select(k => k.Key).ToList()) _keys.Remove(stale);
        if (_keys.Count < MaxKeys) return;
        foreach (var oldest in _keys.OrderBy(k => k.Value.Since).Take(_keys.Count / 2).Select(k => k.Key).ToList()) _keys.Remove(oldest);
    }
}
