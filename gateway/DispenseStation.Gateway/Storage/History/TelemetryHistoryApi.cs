using System.Globalization;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Registry;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage.History;

/// <summary>A station's telemetry over a range at one resolution; times are UTC instants (the gateway's clock).</summary>
public sealed record TelemetryHistory(string Station, DateTimeOffset From, DateTimeOffset To, double ResolutionS, string Source, string Zone,
    IReadOnlyList<HistoryPoint> Points);

/// <summary>GET /api/stations/{id}/history?from=&amp;to=&amp;resolution= (viewer): long-term telemetry from the finest tier that holds the range.</summary>
public static class TelemetryHistoryApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/stations/{id}/history", async (string id, string? from, string? to, string? resolution, StationRegistry registry,
            TelemetryHistoryStore store, TelemetryRollupService rollup, IOptions<TelemetryHistoryOptions> options, TimeProvider time, CancellationToken ct) =>
        {
            if (registry.Find(id) is null) throw RequestRejectedException.NotFound("id", $"no station '{id}'");
            var now = time.GetUtcNow();
            var end = Instant(to, "to") ?? now;
            var start = Instant(from, "from") ?? end.AddHours(-1);
            if (start >= end) throw RequestRejectedException.BadRequest("from", $"must be before to ({end:O})");
            long? wanted = null;
            if (resolution is not null)
            {
                if (!double.TryParse(resolution, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !double.IsFinite(s) || s <= 0)
                    throw RequestRejectedException.BadRequest("resolution", $"'{resolution}' is not a number of seconds above 0 (for example 1, 60, 3600)");
                wanted = (long)Math.Ceiling(s * 1000);
            }
            var max = options.Value.MaxPoints;
            var plan = HistoryPlan.Choose(rollup.Tiers, now, start, end, wanted, Math.Min(1000, max));
            var points = (end - start).TotalMilliseconds / plan.ResolutionMs;
            if (points > max)
                throw RequestRejectedException.BadRequest("resolution",
                    $"{plan.ResolutionMs / 1000.0} s over this range gives {Math.Ceiling(points)} points; at most {max}: use at least {Math.Ceiling((end - start).TotalSeconds / max)} s");
            var rows = await store.QueryAsync(id, plan.Source, start, end, plan.ResolutionMs, ct);
            return new TelemetryHistory(id, start, end, plan.ResolutionMs / 1000.0, plan.Source.Name, "UTC", rows);
        }).RequireAuthorization(GatewayRoles.Viewer);
    }

    private static DateTimeOffset? Instant(string? text, string field)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return t;
        throw RequestRejectedException.BadRequest(field, $"'{text}' is not a time: use ISO 8601, for example 2026-12-01T06:00:00Z");
    }
}
