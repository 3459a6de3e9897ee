using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Api;

/// <summary>GET /api/stations, /api/stations/{id}, /api/stations/{id}/telemetry, /api/stations/{id}/alarms.</summary>
public static class StationsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/stations", (StationRegistry registry) => registry.All());

        api.MapGet("/stations/{id}", (string id, StationRegistry registry) =>
            registry.Find(id) ?? throw RequestRejectedException.NotFound("id", $"no station '{id}'"));

        // Stored (downsampled) telemetry of the last N minutes, for charts that open mid-batch.
        api.MapGet("/stations/{id}/telemetry", async (string id, int? minutes, StationRegistry registry, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            if (registry.Find(id) is null) throw RequestRejectedException.NotFound("id", $"no station '{id}'");
            var span = minutes ?? 10;
            if (span is < 1 or > 24 * 60) throw RequestRejectedException.BadRequest("minutes", "must be between 1 and 1440");
            var now = time.GetUtcNow();
            return await repo.GetTelemetryAsync(id, now.AddMinutes(-span), now, ct);
        });

        // Example recipes whose every material is loaded on the station and that fit its bottle and hotplate.
        api.MapGet("/stations/{id}/recipes", (string id, StationRegistry registry, BatchOrchestrator batches) =>
            registry.Find(id) is null ? throw RequestRejectedException.NotFound("id", $"no station '{id}'") : batches.RecipesFitting(id));

        api.MapGet("/stations/{id}/alarms", async (string id, bool? active, StationRegistry registry, IGatewayRepository repo, CancellationToken ct) =>
        {
            if (registry.Find(id) is null) throw RequestRejectedException.NotFound("id", $"no station '{id}'");
            return await repo.ListAlarmsAsync(id, null, active ?? false, ct);
        });
    }
}
