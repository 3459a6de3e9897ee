using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.PumpMaintenance;

/// <summary>
/// POST /api/stations/{id}/maintenance/prime and .../calibrate-pump (technician): checked with the protocol's own rules,
/// refused (409, in words) when the station is unknown, offline or busy with a batch, a bake job, an autotune or another
/// run; a station that finished a job is reset to Idle first. 202 with the command id once the station accepted; the
/// result arrives as the station's pump-run event and shows in GET .../maintenance/pump-runs (every signed-in user).
/// POST .../maintenance/pump-runs/stop (technician) stops the running one: the station's PackML stop, pump off at once.
/// GET .../maintenance/pump-calibrations: per channel, the table of its latest completed calibration, when and by whom.
/// </summary>
public static class PumpMaintenanceApi
{
    public const int MaxHistory = 500;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/stations/{id}/maintenance/prime", (string id, PumpRunRequestBody? body, HttpContext http, PumpRunStarter starter, CancellationToken ct) =>
            starter.StartAsync(id, CommandNames.Prime, body, http.User.Name(), ct)).RequireAuthorization(GatewayRoles.Technician);

        api.MapPost("/stations/{id}/maintenance/calibrate-pump", (string id, PumpRunRequestBody? body, HttpContext http, PumpRunStarter starter, CancellationToken ct) =>
            starter.StartAsync(id, CommandNames.CalibratePump, body, http.User.Name(), ct)).RequireAuthorization(GatewayRoles.Technician);

        api.MapPost("/stations/{id}/maintenance/pump-runs/stop", (string id, HttpContext http, PumpRunStarter starter, CancellationToken ct) =>
            starter.StopAsync(id, http.User.Name(), ct)).RequireAuthorization(GatewayRoles.Technician);

        api.MapGet("/stations/{id}/maintenance/pump-runs", async (string id, int? limit, Registry.StationRegistry registry, PumpRunStore store, CancellationToken ct) =>
        {
            if (registry.Find(id) is null) throw RequestRejectedException.NotFound("id", $"no station '{id}'");
            int n = limit ?? 50;
            if (n is < 1 or > MaxHistory) throw RequestRejectedException.BadRequest("limit", $"must be 1 to {MaxHistory}");
            return await store.HistoryAsync(id, n, ct);
        });

        api.MapGet("/stations/{id}/maintenance/pump-calibrations", async (string id, Registry.StationRegistry registry, PumpRunStore store, CancellationToken ct) =>
        {
            if (registry.Find(id) is null) throw RequestRejectedException.NotFound("id", $"no station '{id}'");
            return await store.CurrentCalibrationsAsync(id, ct);
        });
    }
}
