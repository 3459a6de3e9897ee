using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Registry;
using Microsoft.Extensions.Options;

namespace DispenseStation.Gateway.Maintenance;

/// <summary>Body of POST /api/maintenance/scale-checks/{station}/zero: the test weight's nominal mass and certificate id.</summary>
public sealed record ScaleCheckZeroRequest(double? NominalGrams, string? Certificate);

/// <summary>A station's scale-check page: tolerance and where it comes from, the live reading, step 1 if recorded, history.</summary>
public sealed record ScaleCheckStatus(
    string Station, bool Online, string? PackMlState, double ToleranceGrams, string ToleranceSource, int MaxReadingAgeSeconds,
    double? ScaleGrams, bool ScaleStable, DateTimeOffset? ReadingReceivedAt, StationCalibration? Calibration,
    PendingScaleCheck? Pending, IReadOnlyList<ScaleCheckRecord> Checks);

/// <summary>
/// Scale checks with a test weight: GET /api/maintenance/scale-checks (history, ?station=), GET .../scale-checks/{station}
/// (status and history of one station), POST .../scale-checks/{station}/zero (step 1), /weight (step 2, stores the check),
/// /cancel. Steps are for technicians; every signed-in user may read.
/// </summary>
public static class MaintenanceApi
{
    public const int HistoryOnStatus = 50;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/maintenance/scale-checks", async (string? station, int? limit, ScaleChecks checks, CancellationToken ct) =>
        {
            if (station is not null) CheckStationId(station);
            var n = limit ?? 100;
            if (n is < 1 or > ScaleChecks.MaxListLimit) throw RequestRejectedException.BadRequest("limit", $"must be between 1 and {ScaleChecks.MaxListLimit}");
            return await checks.ListAsync(station, n, ct);
        });

        api.MapGet("/maintenance/scale-checks/{station}", async (string station, ScaleChecks checks, StationRegistry registry,
            IOptions<MaintenanceOptions> options, CancellationToken ct) =>
        {
            CheckStationId(station);
            var s = registry.Find(station) ?? throw RequestRejectedException.NotFound("station", $"no station '{station}'");
            var o = options.Value;
            return new ScaleCheckStatus(s.Id, s.Online, s.PackMlState, o.ToleranceFor(s.Id), o.ToleranceSource(s.Id), o.MaxReadingAgeSeconds,
                s.LastTelemetry?.ScaleGrams, s.LastTelemetry?.ScaleStable ?? false, s.TelemetryReceivedAt, s.Calibration,
                checks.Pending(s.Id), await checks.ListAsync(s.Id, HistoryOnStatus, ct));
        });

        api.MapPost("/maintenance/scale-checks/{station}/zero", async (string station, HttpRequest http, ScaleChecks checks, CancellationToken ct) =>
        {
            CheckStationId(station);
            var body = await Api.OptionalJsonBody.ReadAsync<ScaleCheckZeroRequest>(http, ct);
            return await checks.RecordZeroAsync(station, http.HttpContext.User.Name(), body?.NominalGrams, body?.Certificate, ct);
        }).RequireAuthorization(GatewayRoles.Technician);

        api.MapPost("/maintenance/scale-checks/{station}/weight", async (string station, HttpContext http, ScaleChecks checks, CancellationToken ct) =>
        {
            CheckStationId(station);
            var check = await checks.RecordWeightAsync(station, http.User.Name(), ct);
            return Results.Created($"/api/maintenance/scale-checks?station={station}", check);
        }).RequireAuthorization(GatewayRoles.Technician);

        api.MapPost("/maintenance/scale-checks/{station}/cancel", async (string station, HttpContext http, ScaleChecks checks) =>
        {
            CheckStationId(station);
            return new { cancelled = await checks.CancelAsync(station, http.User.Name()) };
        }).RequireAuthorization(GatewayRoles.Technician);
    }

    private static void CheckStationId(string station)
    {
        if (Protocol.StationId.Check(station) is { } why) throw RequestRejectedException.BadRequest("station", why);
    }
}
