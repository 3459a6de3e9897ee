using DispenseStation.Gateway.Auth;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Signatures;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Records.Bundles;

/// <summary>
/// GET /api/batches/{id}/record.json: the whole record as a sealed bundle (see <see cref="RecordBundle"/>).
/// POST /api/records/verify: a bundle read back in, checked (content against its hash, seal, each signature) without
/// storing anything; the answer says in words what does not hold.
/// </summary>
public static class RecordBundleApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/batches/{id}/record.json", async (string id, HttpContext http, IGatewayRepository repo, SignatureStore signatures, RecordSeal seal,
            TimeProvider time, CancellationToken ct) =>
        {
            var batch = await repo.GetBatchAsync(id, ct) ?? throw RequestRejectedException.NotFound("id", $"no batch '{id}'");
            var doses = await repo.GetDosesAsync(id, ct);
            var alarms = await repo.ListAlarmsAsync(null, id, activeOnly: false, ct);
            var trace = await repo.GetBakeTraceAsync(id, ct);
            var signed = await signatures.ListAsync(id, ct);
            var hash = RecordHash.Compute(batch, doses, alarms, trace);
            var bundle = new RecordBundle(RecordBundle.CurrentFormat, time.GetUtcNow(), http.User.Name(), batch, doses, alarms, trace, signed, hash,
                seal.Make(hash, signed));
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"record-{id}.json\"";
            return Results.Json(bundle);
        }).RequireAuthorization(GatewayRoles.Viewer);

        api.MapPost("/records/verify", async (RecordBundle? bundle, IGatewayRepository repo, RecordSeal seal, CancellationToken ct) =>
            Results.Json(await VerifyAsync(bundle, repo, seal, ct))).RequireAuthorization(GatewayRoles.Viewer).RequireRateLimiting(Guards.HeavyRequests.Policy);
    }

    public static async Task<BundleVerification> VerifyAsync(RecordBundle? bundle, IGatewayRepository repo, RecordSeal seal, CancellationToken ct)
    {
        if (bundle is null) throw RequestRejectedException.BadRequest("body", "required: a record bundle as GET /api/batches/{id}/record.json gives it");
        if (bundle.Format != RecordBundle.CurrentFormat)
            throw RequestRejectedException.BadRequest("format", $"'{bundle.Format}' is not a record bundle this gateway reads (expected '{RecordBundle.CurrentFormat}')");
        if (bundle.Batch is null || bundle.Doses is null || bundle.Alarms is null || bundle.BakeTrace is null || bundle.Signatures is null
            || bundle.ContentSha256 is null || bundle.Seal is null)
            throw RequestRejectedException.BadRequest("bundle", "incomplete: batch, doses, alarms, bakeTrace, signatures, contentSha256 and seal are all required");
        if (bundle.Doses.Any(d => d.BatchId != bundle.Batch.Id) || bundle.Signatures.Any(s => s.BatchId != bundle.Batch.Id))
            throw RequestRejectedException.BadRequest("bundle", $"doses and signatures must all belong to batch '{bundle.Batch.Id}'");

        var problems = new List<string>();
        var hash = RecordHash.Compute(bundle.Batch, bundle.Doses, bundle.Alarms, bundle.BakeTrace);
        bool contentOk = hash == bundle.ContentSha256;
        if (!contentOk) problems.Add($"content: the records in the bundle hash to {hash}, not to the {bundle.ContentSha256} it states: edited after export");
        bool sealOk = seal.Check(bundle.Seal, bundle.ContentSha256, bundle.Signatures);
        if (!sealOk) problems.Add("seal: does not open with this gateway's key ring for this hash and these signatures: exported by another gateway, or edited");
        var views = bundle.Signatures.Select(s => new SignatureView(s.Meaning, s.UserName, s.SignedAt, s.ContentSha256, s.ContentSha256 == hash)).ToList();
        foreach (var v in views.Where(v => !v.Valid))
            problems.Add($"signature {v.Meaning} by {v.UserName}: signed content {v.ContentSha256}, the bundle's records hash to {hash}: changed after signing");
        var stored = await RecordHash.OfAsync(repo, bundle.Batch.Id, ct);
        return new BundleVerification(bundle.Batch.Id, hash, contentOk, sealOk, stored == hash, views, problems);
    }
}
