using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Records;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Signatures;

/// <summary>Body of POST /api/batches/{id}/sign/{meaning}: the signer's password, entered again for this signature.</summary>
public sealed record SignRequest(string? Password);

/// <summary>
/// GET /api/batches/{id}/signatures; POST /api/batches/{id}/sign/performed (technician), /sign/reviewed and
/// /sign/released (supervisor). A signature is the signed-in user, their re-entered password, the meaning and the time,
/// bound to the record's content hash (<see cref="RecordHash"/>). Only a finished batch is signed; each meaning once;
/// reviewed needs performed, released needs reviewed, all still valid; the reviewer is not the performer.
/// </summary>
public static class SignaturesApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/batches/{id}/signatures", async (string id, IGatewayRepository repo, SignatureStore store, CancellationToken ct) =>
            await ViewAsync(id, repo, store, ct));

        MapSign(api, SignatureMeaning.Performed, GatewayRoles.Technician);
        MapSign(api, SignatureMeaning.Reviewed, GatewayRoles.Supervisor);
        MapSign(api, SignatureMeaning.Released, GatewayRoles.Supervisor);
    }

    private static void MapSign(IEndpointRouteBuilder api, string meaning, string role) =>
        api.MapPost($"/batches/{{id}}/sign/{meaning}", async (string id, SignRequest? body, HttpContext http, Accounts accounts, IGatewayRepository repo,
            SignatureStore store, AuditTrail audit, TimeProvider time, CancellationToken ct) =>
        {
            var name = http.User.Name();
            // The password is checked again at each signing (21 CFR 11.200): a session left open does not sign.
            if (await accounts.VerifyAsync(name, body?.Password, ct) is null)
                throw RequestRejectedException.BadRequest("password", $"is not {name}'s password; a signature needs the signer's own password");
            var batch = await repo.GetBatchAsync(id, ct) ?? throw RequestRejectedException.NotFound("id", $"no batch '{id}'");
            if (!BatchRecord.IsTerminal(batch.State))
                throw RequestRejectedException.Conflict("id", $"batch {id} is {batch.State}; only a finished record (Complete, Aborted, Interrupted) is signed");
            var view = await ViewAsync(id, repo, store, ct);
            CheckOrder(meaning, name, view);
            var signature = new SignatureRecord(0, id, meaning, name, time.GetUtcNow(), view.ContentSha256);
            if (!await store.AddAsync(signature, ct))
                throw RequestRejectedException.Conflict("meaning", $"batch {id} is already signed as {meaning}");
            await audit.AppendAsync(new AuditAction(name, AuditEntity.Signature, id, "signed-" + meaning, null,
                new { meaning, contentSha256 = view.ContentSha256 }, batch.StationId, id), CancellationToken.None);
            return Results.Ok(await ViewAsync(id, repo, store, ct));
        }).RequireAuthorization(role).RequireRateLimiting(AuthSetup.LoginRateLimit);

    private static void CheckOrder(string meaning, string signer, SignaturesView view)
    {
        var existing = view.Signatures.FirstOrDefault(s => s.Meaning == meaning);
        if (existing is not null)
            throw RequestRejectedException.Conflict("meaning", $"already signed as {meaning} by {existing.UserName} at {existing.SignedAt:u}");
        var broken = view.Signatures.Where(s => !s.Valid).ToList();
        if (broken.Count > 0)
            throw RequestRejectedException.Conflict("record", "the record changed after it was signed ("
                + string.Join(", ", broken.Select(s => $"{s.Meaning} by {s.UserName}")) + "): its signatures are broken; investigate before signing");
        string? Need(string m) => view.Signatures.FirstOrDefault(s => s.Meaning == m)?.UserName;
        if (meaning == SignatureMeaning.Reviewed)
        {
            var performer = Need(SignatureMeaning.Performed) ?? throw RequestRejectedException.Conflict("meaning", "reviewed needs the performed signature first");
            if (performer == signer) throw RequestRejectedException.Conflict("meaning", $"{signer} signed as performer and may not also review");
        }
        if (meaning == SignatureMeaning.Released && Need(SignatureMeaning.Reviewed) is null)
            throw RequestRejectedException.Conflict("meaning", "released needs the reviewed signature first");
    }

    public static async Task<SignaturesView> ViewAsync(string id, IGatewayRepository repo, SignatureStore store, CancellationToken ct)
    {
        var hash = await RecordHash.OfAsync(repo, id, ct) ?? throw RequestRejectedException.NotFound("id", $"no batch '{id}'");
        var signatures = (await store.ListAsync(id, ct))
            .Select(s => new SignatureView(s.Meaning, s.UserName, s.SignedAt, s.ContentSha256, s.ContentSha256 == hash)).ToList();
        return new SignaturesView(id, hash, signatures);
    }
}
