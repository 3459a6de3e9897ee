using DispenseStation.Gateway.Auth;

namespace DispenseStation.Gateway.Alarms;

/// <summary>Body of POST /api/alarms/{id}/{acknowledge|shelve|unshelve}: why, and for shelve, for how many minutes.</summary>
public sealed record AlarmActionRequest(string? Reason, int? Minutes);

/// <summary>GET /api/alarms (fleet-wide), POST /api/alarms/{id}/acknowledge, /shelve, /unshelve.</summary>
public static class AlarmsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        // show=open (default): raised, or cleared before anyone acknowledged it, and shelved ones; show=all: the latest 500.
        api.MapGet("/alarms", async (string? station, string? show, AlarmBoard board, CancellationToken ct) =>
        {
            if (show is not (null or "open" or "all")) throw Orchestration.RequestRejectedException.BadRequest("show", "must be 'open' or 'all'");
            return await board.ListAsync(station, show == "all", ct);
        });

        api.MapPost("/alarms/{id:long}/acknowledge", async (long id, HttpRequest http, AlarmBoard board, CancellationToken ct) =>
            await board.AcknowledgeAsync(id, http.HttpContext.User.Name(), (await BodyAsync(http, ct))?.Reason, ct))
            .RequireAuthorization(GatewayRoles.Technician);

        api.MapPost("/alarms/{id:long}/shelve", async (long id, HttpRequest http, AlarmBoard board, CancellationToken ct) =>
        {
            var body = await BodyAsync(http, ct);
            return await board.ShelveAsync(id, http.HttpContext.User.Name(), body?.Reason, body?.Minutes, ct);
        }).RequireAuthorization(GatewayRoles.Technician);

        api.MapPost("/alarms/{id:long}/unshelve", async (long id, HttpRequest http, AlarmBoard board, CancellationToken ct) =>
            await board.UnshelveAsync(id, http.HttpContext.User.Name(), (await BodyAsync(http, ct))?.Reason, ct))
            .RequireAuthorization(GatewayRoles.Technician);
    }

    private static Task<AlarmActionRequest?> BodyAsync(HttpRequest http, CancellationToken ct) =>
        Api.OptionalJsonBody.ReadAsync<AlarmActionRequest>(http, ct);
}
