using System.Collections.Concurrent;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>
/// Logs a refused input at most once per interval per kind, with how many were refused since the last line:
/// a host (or an attacker) sending the same bad command a thousand times a second gets one warning a minute, not a full disk.
/// </summary>
public sealed class RefusalLog(ILogger log, TimeProvider time, TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset LastLogged, int Suppressed)> _kinds = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Refusals counted since start (every one, logged or not).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Counts the refusal; true when it was written to the log.</summary>
    public bool Refuse(string kind, string message)
    {
        Interlocked.Increment(ref _total);
        var now = time.GetUtcNow();
        var logged = false;
        var suppressed = 0;
        _kinds.AddOrUpdate(kind, _ => { logged = true; return (now, 0); }, (_, s) =>
        {
            if (now - s.LastLogged >= interval)
            {
                logged = true;
                suppressed = s.Suppressed;
                return (now, 0);
            }
            logged = false;
            return (s.LastLogged, s.Suppressed + 1);
        });
        if (logged)
            log.LogWarning("Refused ({Kind}): {Message}{Suppressed}", kind, message,
                suppressed > 0 ? $" ({suppressed} more refused since the last report)" : "");
        return logged;
    }
}
