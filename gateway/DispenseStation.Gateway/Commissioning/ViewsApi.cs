using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Registry;
using DispenseStation.Protocol;

namespace DispenseStation.Gateway.Commissioning;

/// <summary>
/// GET /api/stations/{id}/views (viewer): what the Sparkplug and Home Assistant views last published about a station.
/// POST /api/stations/{id}/retire (engineer): clears the offline station's retained state, so the views remove it
/// (DDEATH, discovery configs deleted); its records stay.
/// </summary>
public static class ViewsApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stations/{id}/views", (string id, StationRegistry registry, ViewJournal journal) =>
            registry.Find(id) is null ? throw RequestRejectedException.NotFound("id", $"no station '{id}'") : journal.For(id)).RequireAuthorization(GatewayRoles.Viewer);

        app.MapPost("/api/stations/{id}/retire", async (string id, StationRegistry registry, GatewayMqttClient mqtt, CancellationToken ct) =>
        {
            var station = registry.Find(id) ?? throw RequestRejectedException.NotFound("id", $"no station '{id}'");
            if (station.Online) throw RequestRejectedException.Conflict("id", $"station '{id}' is online; only an offline station can be retired");
            if (!await mqtt.PublishAsync(Topics.State(id), [], retain: true, ct))
                throw new RequestRejectedException(503, "MQTT link down", [new ApiError("id", $"could not clear the retained state of {id}: the gateway's MQTT link is down")]);
            return Results.Accepted(value: new { station = id, retired = true });
        }).RequireAuthorization(GatewayRoles.Engineer);
    }
}
