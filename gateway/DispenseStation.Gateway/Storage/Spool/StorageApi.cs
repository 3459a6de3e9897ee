using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Configuration;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Storage.Capacity;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Storage.Spool;

/// <summary>
/// GET /api/storage: the storage alarm for the dashboard (condition, spool, free disk, whether the
/// telemetry retention fits). POST /api/batches/{id}/close: a supervisor closes a stuck record.
/// </summary>
public static class StorageApi
{
    /// <summary>
    /// Assumed bytes per downsampled telemetry row in SQLite with its index (station id, time, four
    /// doubles, index entry): an estimate, not a measurement; the retention warning scales with it.
    /// </summary>
    public const double TelemetryBytesPerRow = 90;

    public sealed record CloseRequest(string? Supervisor, string? Reason);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/storage", (StorageHealth health, SpoolFile spool, StationRegistry stations, IOptions<GatewayOptions> options) =>
        {
            var o = options.Value;
            var free = DiskSpace.FreeBytes(o.Storage);
            var plan = free is { } f
                ? new RetentionPlan(f, Math.Max(1, stations.All().Count), o.Telemetry.DownsampleMilliseconds, TelemetryBytesPerRow, o.Telemetry.RetentionDays)
                : null;
            return Results.Ok(new
            {
                condition = health.Condition.ToString(), reason = health.Reason, since = health.Since,
                spool = spool.Spool is { } s ? new { path = s.Path, pending = s.Pending, freeBytes = s.FreeBytes } : null,
                disk = new { freeBytes = free },
                retention = plan is null ? null : new { days = plan.RetentionDays, daysThatFit = plan.DaysThatFit, fits = plan.Fits, warning = plan.Warning },
            });
        }).RequireAuthorization(GatewayRoles.Viewer);

        // The supervisor of record is the signed-in user; a "supervisor" field in the body is not trusted.
        api.MapPost("/batches/{id}/close", async (string id, CloseRequest? body, HttpContext http, BatchOrchestrator batches, CancellationToken ct) =>
        {
            if (body is null) throw RequestRejectedException.BadRequest("body", "a JSON body {reason} is required");
            return Results.Ok(await batches.CloseStuckAsync(id, http.User.Name(), body.Reason, ct));
        }).RequireAuthorization(GatewayRoles.Supervisor);
    }
}
