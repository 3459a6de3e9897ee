namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>
/// Back-off after failed logins, per key (a client id, a remote address). The first
/// <c>allowance</c> failures are free; each further one closes the key for <c>first</c> seconds,
/// doubling up to <c>max</c>. While closed, a CONNECT is refused without checking its password,
/// so guessing costs the gateway no PBKDF2 time. A success clears the key. Bounded like <see cref="LogThrottle"/>.
/// </summary>
public sealed class LoginBackoff(TimeProvider clock, int allowance, TimeSpan first, TimeSpan max)
{
    public const int MaxKeys = 50_000;

    private readonly Dictionary<string, (int Failures, DateTimeOffset OpenAt)> _keys = new(StringComparer.Ordinal);

    /// <summary>When the key may try again, if it is closed now.</summary>
    public DateTimeOffset? ClosedUntil(string key)
    {
        var now = clock.GetUtcNow();
        lock (_keys)
            return _keys.TryGetValue(key, out var e) && e.OpenAt > now ? e.OpenAt : null;
    }

    public void Failed(string key)
    {
        var now = clock.GetUtcNow();
        lock (_keys)
        {
            // A key quiet for longer than the longest back-off starts afresh.
            if (_keys.TryGetValue(key, out var e) && now - e.OpenAt > max) e = default;
            var failures = e.Failures + 1;
            var openAt = now;
            if (failures > allowance)
            {
                var doublings = Math.Min(failures - allowance - 1, 30);
                var wait = TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << doublings)));
                openAt = now + wait;
            }
            if (!_keys.ContainsKey(key) && _keys.Count >= MaxKeys) Forget(now);
            _keys[key] = (failures, openAt);
        }
    }

    public void Succeeded(string key)
    {
        lock (_keys) _keys.Remove(key);
    }

    /// <summary>Keys whose back-off ran out long ago go first; failures older than the longest back-off are forgiven.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var k in _keys.Where(k => now - k.Value.OpenAt > max).Select(k => k.Key).ToList()) _keys.Remove(k);
        if (_keys.Count < MaxKeys) return;
        foreach (var k in _keys.OrderBy(k => k.Value.OpenAt).Take(_keys.Count / 2).Select(k => k.Key).ToList()) _keys.Remove(k);
    }
}
