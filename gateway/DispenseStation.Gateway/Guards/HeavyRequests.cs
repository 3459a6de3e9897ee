using System.Globalization;
using System.Threading.RateLimiting;
using DispenseStation.Gateway.Api;
using DispenseStation.Gateway.Orchestration;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Guards;

/// <summary>
/// Rate-limiting policy <see cref="Policy"/>: one concurrency limit shared by the endpoints that parse recipe or bake
/// profile text, plan, diff versions or verify record bundles (each mapped with <c>.RequireRateLimiting(HeavyRequests.Policy)</c>). At most
/// <see cref="LimitsOptions.HeavyRequestsInParallel"/> of them run at once and <see cref="LimitsOptions.HeavyRequestsQueued"/>
/// wait; the rest are refused with 429 and Retry-After by the rate-limiting middleware, after authentication and
/// before their body is read. A flood of such requests then keeps the other cores for /health, the dashboard and the
/// stations (MQTT does not pass through HTTP at all); /health and reads of stored data are never limited.
/// </summary>
public sealed class HeavyRequests : IRateLimiterPolicy<string>, IDisposable
{
    public const string Policy = "heavy";

    /// <summary>Seconds a refused caller is told to wait: a heavy request takes milliseconds, so one second is ample.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly ConcurrencyLimiter _limiter;
    private readonly LimitsOptions _limits;

    public HeavyRequests(IOptions<LimitsOptions> options)
    {
        _limits = options.Value;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _limits.HeavyRequestsInParallel,
            QueueLimit = _limits.HeavyRequestsQueued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Permits free now (tests wait on it instead of on time).</summary>
    public long AvailablePermits => _limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

    /// <summary>Requests waiting for a place now.</summary>
    public long Queued => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) => RateLimitPartition.Get(Policy, _ => new Shared(_limiter));

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
    {
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(ApiErrorMiddleware.WriteAsync(http, new ApiErrorBody("too many requests", 429,
            [new ApiError("limits", $"at most {_limits.HeavyRequestsInParallel} recipe, profile, plan, diff or record-check requests at once " +
                $"({LimitsOptions.Section}:HeavyRequestsInParallel) and {_limits.HeavyRequestsQueued} waiting ({LimitsOptions.Section}:HeavyRequestsQueued); " +
                $"retry after {RetryAfterSeconds} s")])));
    };

    public void Dispose() => _limiter.Dispose();

    /// <summary>
    /// The shared limiter as the middleware's partition cache sees it: never idle (the cache disposes limiters idle for a
    /// while and asks the factory again, which would hand back the disposed one) and not disposed by the cache.
    /// </summary>
    private sealed class Shared(ConcurrencyLimiter inner) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;
        public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);
        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => inner.AcquireAsync(permitCount, cancellationToken);
    }
}
