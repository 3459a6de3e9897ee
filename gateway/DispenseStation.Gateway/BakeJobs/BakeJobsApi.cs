using DispenseStation.Composition.Errors;
using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Records;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.BakeJobs;

/// <summary>
/// Body of POST /api/bake-profiles: the profile's YAML, why it changed, and optionally the version it was edited from (the
/// engineer of record is the signed-in user; a name here is ignored).
/// </summary>
public sealed record SaveProfileRequest(string? Yaml, string? Engineer, string? Note = null, int? BaseVersion = null);

/// <summary>Body of the wafer buttons and abort/stop: the wafer index the operator saw (who pressed is the signed-in user).</summary>
/// <summary>A wafer button: the wafer index the operator saw; AlreadyDown (wafer-down only): the wafer was on the plate
/// when the station withdrew its wafer-down, so it is back-dated to that landing.</summary>
public sealed record BakeJobCommandRequest(int? Wafer, string? Operator, bool? AlreadyDown = null);

/// <summary>A job with its profile version, live phase, wafer records, wafer-to-wafer summary and plate trace.</summary>
public sealed record BakeJobDetail(BakeJobRecord Job, BakeProfile? Profile, BakeJobLive? Live, IReadOnlyList<WaferRecord> Wafers,
    BakeJobSummary Summary, IReadOnlyList<BakeTracePoint> Trace);

/// <summary>
/// Bake profiles (GET list/versions; POST saves the next version: engineer) and bake jobs (POST submit, wafer-down,
/// wafer-removed, abort, stop: technician; GET list and detail: viewer). Errors name the field and the rule.
/// </summary>
public static class BakeJobsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/bake-profiles", async (BakeProfileLibrary library, CancellationToken ct) => await library.LatestAsync(ct))
            .RequireAuthorization(GatewayRoles.Viewer);

        api.MapGet("/bake-profiles/{name}", async (string name, BakeProfileLibrary library, CancellationToken ct) =>
        {
            var versions = await library.VersionsAsync(name, ct);
            if (versions.Count == 0) throw RequestRejectedException.NotFound("name", $"no bake profile '{name}'");
            return versions.Select(v => new { v.Profile, v.Yaml, v.Author, v.At, v.Note, v.Sha256, v.Shipped });
        }).RequireAuthorization(GatewayRoles.Viewer);

        api.MapPost("/bake-profiles", async (SaveProfileRequest? body, HttpContext http, BakeProfileLibrary library, AuditTrail audit,
            Guards.InputLimits limits, CancellationToken ct) =>
        {
            if (body?.Yaml is null) throw RequestRejectedException.BadRequest("yaml", "is required: the profile as YAML text");
            var note = Editor.RecipeEditor.CheckNote(body.Note);
            Guards.YamlGuard.Check(body.Yaml, "yaml", limits.Options);
            string engineer = http.User.Name();
            BakeProfile saved;
            try { saved = await library.SaveAsync(body.Yaml, engineer, note, body.BaseVersion, ct); }
            catch (CompositionException e) { throw RequestRejectedException.From(e, "invalid bake profile"); }
            await audit.AppendAsync(new AuditAction(engineer, AuditEntity.Profile, saved.Name, "version-saved",
                saved.Version > 1 ? new { version = saved.Version - 1 } : null,
                new { version = saved.Version, sha256 = Editor.ContentHash.Of(body.Yaml), note }), CancellationToken.None);
            return Results.Created($"/api/bake-profiles/{saved.Name}", saved);
        }).RequireAuthorization(GatewayRoles.Engineer).RequireRateLimiting(Guards.HeavyRequests.Policy);

        api.MapPost("/bake-jobs", async (BakeJobRequest? body, HttpContext http, BakeJobOrchestrator jobs, CancellationToken ct) =>
        {
            if (body is null) throw RequestRejectedException.BadRequest("body", "a JSON object with station, profile, wafers and operator is required");
            var job = await jobs.SubmitAsync(body with { Operator = http.User.Name() }, ct);
            return Results.Created($"/api/bake-jobs/{job.Id}", job);
        }).RequireAuthorization(GatewayRoles.Technician);

        api.MapGet("/bake-jobs", async (int? limit, BakeJobStore store, CancellationToken ct) =>
        {
            var list = new List<object>();
            foreach (var j in await store.ListJobsAsync(Math.Clamp(limit ?? 50, 1, 500), ct))
                list.Add(new { job = j, summary = BakeJobSummary.Of(j.Wafers, await store.GetWafersAsync(j.Id, ct)) });
            return list;
        }).RequireAuthorization(GatewayRoles.Viewer);

        api.MapGet("/bake-jobs/{id}", async (string id, BakeJobStore store, BakeProfileLibrary library, BakeJobOrchestrator jobs, CancellationToken ct) =>
        {
            var job = await store.GetJobAsync(id, ct) ?? throw RequestRejectedException.NotFound("id", $"no bake job '{id}'");
            var wafers = await store.GetWafersAsync(id, ct);
            return new BakeJobDetail(job, await library.FindAsync(job.ProfileName, job.ProfileVersion, ct), jobs.LiveOf(id), wafers,
                BakeJobSummary.Of(job.Wafers, wafers), await store.GetTraceAsync(id, ct));
        }).RequireAuthorization(GatewayRoles.Viewer);

        foreach (var command in new[] { CommandNames.WaferDown, CommandNames.WaferRemoved, CommandNames.Abort, CommandNames.Stop })
        {
            api.MapPost("/bake-jobs/{id}/" + command, async (string id, BakeJobCommandRequest? body, HttpContext http, BakeJobOrchestrator jobs,
                AuditTrail audit, CancellationToken ct) =>
            {
                bool alreadyDown = body?.AlreadyDown == true;
                var outcome = await jobs.CommandAsync(id, command, body?.Wafer, ct, alreadyDown);
                await audit.AppendAsync(new AuditAction(http.User.Name(), AuditEntity.Batch, id, "bake-job " + command + (alreadyDown ? " (already down)" : ""), null,
                    new { accepted = outcome.Accepted, reason = outcome.Reason, wafer = body?.Wafer, alreadyDown }, outcome.Station, id), CancellationToken.None);
                return outcome.Accepted ? Results.Ok(outcome)
                    : Results.Json(new Api.ApiErrorBody("command rejected by the station", 409,
                        [new ApiError("command", $"{outcome.Station} rejected {command}: {outcome.Reason}")]), statusCode: 409);
            }).RequireAuthorization(GatewayRoles.Technician);
        }
    }
}
