namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>
/// A token bucket per client: <c>burst</c> publishes at once, refilled at <c>perSecond</c>. A
/// publish without a token is refused (not forwarded, not stored). Entries go when the client disconnects.
/// </summary>
public sealed class PublishRateLimiter(TimeProvider clock, double perSecond, int burst)
{
    private readonly Dictionary<string, (double Tokens, long At)> _buckets = new(StringComparer.Ordinal);

    public bool TryTake(string clientId)
    {
        var now = clock.GetTimestamp();
        lock (_buckets)
        {
            var (tokens, at) = _buckets.TryGetValue(clientId, out var b) ? b : (burst, now);
            tokens = Math.Min(burst, tokens + clock.GetElapsedTime(at, now).TotalSeconds * perSecond);
            var ok = tokens >= 1;
            _buckets[clientId] = (ok ? tokens - 1 : tokens, now);
            return ok;
        }
    }

    public override string ToString() => $"{perSecond}/s (burst {burst})";

    public void Forget(string clientId)
    {
        lock (_buckets) _buckets.Remove(clientId);
    }
}
