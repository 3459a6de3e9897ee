using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Records;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Api;

/// <summary>Body of POST /api/batches/{id}/commands/{name}; stepIndex only for confirm.</summary>
public sealed record BatchCommandRequest(int? StepIndex);

/// <summary>GET/POST /api/batches, GET /api/batches/{id}, POST /api/batches/{id}/commands/{name}.</summary>
public static class BatchesApi
{
    public const int MaxListLimit = 1000;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/batches", async (string? station, int? limit, BatchOrchestrator batches, CancellationToken ct) =>
        {
            var n = limit ?? 100;
            if (n is < 1 or > MaxListLimit) throw RequestRejectedException.BadRequest("limit", $"must be between 1 and {MaxListLimit}");
            return await batches.ListAsync(station, n, ct);
        });

        api.MapGet("/batches/{id}", async (string id, BatchOrchestrator batches, CancellationToken ct) =>
            await batches.DetailAsync(id, ct) ?? throw RequestRejectedException.NotFound("id", $"no batch '{id}'"));

        // Stored (downsampled) telemetry of the batch's station while the batch ran: the weight curve of history views.
        api.MapGet("/batches/{id}/telemetry", async (string id, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            var b = await repo.GetBatchAsync(id, ct) ?? throw RequestRejectedException.NotFound("id", $"no batch '{id}'");
            return await repo.GetTelemetryAsync(b.StationId, b.StartedAt ?? b.CreatedAt, b.EndedAt ?? time.GetUtcNow(), ct);
        });

        // The operator of record is the signed-in user; an "operator" field in the body is not trusted.
        // A saved recipe version (recipe + recipeVersion) runs its stored text; the batch record names id, version and hash.
        api.MapPost("/batches", async (BatchRequest? request, HttpContext http, BatchOrchestrator batches, Editor.RecipeEditor editor,
            Guards.InputLimits limits, CancellationToken ct) =>
        {
            if (request is null) throw RequestRejectedException.BadRequest("body", "a JSON batch request is required");
            limits.CheckRecipe(request.RecipeYaml);
            var (resolved, source) = await editor.ResolveRunAsync(request, ct);
            var created = await batches.SubmitAsync(resolved with { Operator = http.User.Name() }, source, ct);
            return Results.Created($"/api/batches/{created.Id}", created);
        }).RequireAuthorization(GatewayRoles.Technician).RequireRateLimiting(Guards.HeavyRequests.Policy);

        api.MapPost("/batches/{id}/commands/{name}", async (string id, string name, HttpRequest http, BatchOrchestrator batches,
            IGatewayRepository repo, AuditTrail audit, CancellationToken ct) =>
        {
            var body = await OptionalJsonBody.ReadAsync<BatchCommandRequest>(http, ct);
            var before = await repo.GetBatchAsync(id, ct);
            var outcome = await batches.CommandAsync(id, name, body?.StepIndex, ct);
            // Refused commands are attributed too: who tried to abort a batch matters as much as who did.
            await audit.AppendAsync(new AuditAction(http.HttpContext.User.Name(), AuditEntity.Batch, id, name,
                new { state = before?.State.ToString() }, new { accepted = outcome.Accepted, reason = outcome.Reason, stepIndex = body?.StepIndex },
                before?.StationId, id), CancellationToken.None);
            return outcome.Accepted
                ? Results.Ok(outcome)
                : Results.Json(new ApiErrorBody("command rejected by the station", 409, [new ApiError("command", $"{outcome.Station} rejected {name}: {outcome.Reason}")]), statusCode: 409);
        }).RequireAuthorization(GatewayRoles.Technician);
    }
}
