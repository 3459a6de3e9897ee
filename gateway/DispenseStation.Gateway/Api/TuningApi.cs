using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Json;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Api;

/// <summary>Body of POST /api/stations/{id}/tuning/gains: ISA-form gains. Engineer is ignored: the audit log names the signed-in user.</summary>
public sealed record SetGainsRequest(double? Kp, double? Ti, double? Td, string? Engineer);

/// <summary>Body of POST /api/stations/{id}/tuning/autotune; rule, maxC and maxS fall back to the station's defaults. Engineer is ignored (signed-in user).</summary>
public sealed record AutotuneRequest(double? TargetC, string? Rule, double? MaxC, double? MaxS, string? Engineer);

/// <summary>
/// GET /api/stations/{id}/tuning (gains and last autotune as reported; status not-reported before the first report), POST .../tuning/gains,
/// .../tuning/autotune and .../tuning/autotune/cancel.
/// Values are checked with the protocol's own rules before anything is sent; a station that is offline, running or
/// holding a batch, or already autotuning, gets nothing (409); a station's own refusal is a 409 with its reason.
/// </summary>
public static class TuningApi
{
    public const int MaxEngineerLength = 64;
    private static readonly string[] RestStates = [PackMlStates.Idle, PackMlStates.Complete, PackMlStates.Stopped, PackMlStates.Aborted];

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/stations/{id}/tuning", (string id, StationRegistry registry, TuningRegistry tuning) =>
        {
            if (registry.Find(id) is null) throw RequestRejectedException.NotFound("id", $"no station '{id}'");
            return tuning.Find(id) ?? StationTuning.NotReported(id);
        });

        api.MapPost("/stations/{id}/tuning/gains", async (string id, SetGainsRequest? body, HttpContext http, StationRegistry registry, TuningRegistry tuning,
            CommandSender commands, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            if (body is null) throw RequestRejectedException.BadRequest("body", "a JSON object with kp, ti and td is required");
            CheckEngineer(body.Engineer);
            string engineer = http.User.Name();
            void Fill(CommandMessage m) { m.Kp = body.Kp ?? double.NaN; m.Ti = body.Ti ?? double.NaN; m.Td = body.Td ?? double.NaN; }
            ProtocolCheck.Command(CommandNames.SetGains, Fill);
            CheckStationAtRest(id, registry, tuning);
            var before = tuning.Find(id);
            var outcome = await commands.SendAsync(id, CommandNames.SetGains, ct: ct, arguments: Fill);
            if (!outcome.Accepted) return Rejected(outcome);
            string details = TuningRegistry.Describe(body.Kp!.Value, body.Ti!.Value, body.Td!.Value)
                + (before?.Kp is { } kp ? " (was " + TuningRegistry.Describe(kp, before.Ti ?? double.NaN, before.Td ?? double.NaN) + ")" : "");
            await repo.AppendAuditAsync(time.GetUtcNow(), engineer, AuditEntity.Parameter, TuningRegistry.GainsEntityId(id), "set-gains", details, ct);
            return Results.Ok(outcome);
        }).RequireAuthorization(GatewayRoles.Engineer);

        api.MapPost("/stations/{id}/tuning/autotune", async (string id, AutotuneRequest? body, HttpContext http, StationRegistry registry, TuningRegistry tuning,
            CommandSender commands, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            if (body is null) throw RequestRejectedException.BadRequest("body", "a JSON object with targetC is required");
            CheckEngineer(body.Engineer);
            string engineer = http.User.Name();
            if (body.Rule is not null && !TuningRuleNames.IsKnown(body.Rule))
                throw RequestRejectedException.BadRequest("rule", "must be one of " + string.Join(", ", TuningRuleNames.All));
            void Fill(CommandMessage m)
            {
                m.TargetC = body.TargetC ?? double.NaN;
                m.Rule = body.Rule;
                m.MaxC = body.MaxC ?? double.NaN;
                m.MaxS = body.MaxS ?? double.NaN;
            }
            ProtocolCheck.Command(CommandNames.Autotune, Fill);
            CheckStationAtRest(id, registry, tuning);
            var outcome = await commands.SendAsync(id, CommandNames.Autotune, ct: ct, arguments: Fill);
            if (!outcome.Accepted) return Rejected(outcome);
            await repo.AppendAuditAsync(time.GetUtcNow(), engineer, AuditEntity.Parameter, TuningRegistry.GainsEntityId(id), "autotune-started",
                $"targetC {body.TargetC}, rule {body.Rule ?? "station default"}", ct);
            return Results.Accepted($"/api/stations/{id}/tuning", outcome);
        }).RequireAuthorization(GatewayRoles.Engineer);

        // Cancelling is the station's PackML stop: it ends the autotune with the heater off (the station then reports
        // the autotune as failed, "stopped"); the orchestrator resets a Stopped station before its next batch.
        api.MapPost("/stations/{id}/tuning/autotune/cancel", async (string id, HttpContext http, StationRegistry registry, TuningRegistry tuning,
            CommandSender commands, IGatewayRepository repo, TimeProvider time, CancellationToken ct) =>
        {
            var s = registry.Find(id) ?? throw RequestRejectedException.NotFound("id", $"no station '{id}'");
            if (!s.Online) throw RequestRejectedException.Conflict("station", $"station '{id}' is offline");
            if (tuning.Find(id)?.AutotuneRunning != true) throw RequestRejectedException.Conflict("station", $"station '{id}' is not running an autotune");
            var outcome = await commands.SendAsync(id, CommandNames.Stop, ct: ct);
            if (!outcome.Accepted) return Rejected(outcome);
            await repo.AppendAuditAsync(time.GetUtcNow(), http.User.Name(), AuditEntity.Parameter, TuningRegistry.GainsEntityId(id), "autotune-cancelled",
                "stopped by the engineer", ct);
            return Results.Ok(outcome);
        }).RequireAuthorization(GatewayRoles.Engineer);
    }

    private static string CheckEngineer(string? engineer)
    {
        if (engineer is null) return "api";
        if (engineer.Trim().Length == 0 || engineer.Length > MaxEngineerLength)
            throw RequestRejectedException.BadRequest("engineer", $"must be 1 to {MaxEngineerLength} characters");
        return engineer.Trim();
    }

    private static void CheckStationAtRest(string id, StationRegistry registry, TuningRegistry tuning)
    {
        var s = registry.Find(id) ?? throw RequestRejectedException.NotFound("id", $"no station '{id}'");
        if (!s.Known) throw RequestRejectedException.Conflict("station", $"station '{id}' has never connected");
        if (!s.Online) throw RequestRejectedException.Conflict("station", $"station '{id}' is offline");
        if (s.Interrupted) throw RequestRejectedException.Conflict("station", $"station '{id}' holds interrupted batch {s.BatchId}: resume or abort it first");
        if (!RestStates.Contains(s.PackMlState))
            throw RequestRejectedException.Conflict("station", $"station '{id}' is busy (PackML {s.PackMlState}{(s.BatchId is null ? "" : ", batch " + s.BatchId)})");
        if (tuning.Find(id)?.AutotuneRunning == true) throw RequestRejectedException.Conflict("station", $"station '{id}' is running an autotune");
    }

    private static IResult Rejected(CommandOutcome outcome) =>
        Results.Json(new ApiErrorBody("command rejected by the station", 409,
            [new ApiError("command", $"{outcome.Station} rejected {outcome.Name}: {outcome.Reason}")]), statusCode: 409);
}
