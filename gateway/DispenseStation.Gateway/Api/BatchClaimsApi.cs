using System.Text.Json;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Api;

/// <summary>GET /api/batches/{id}/claims: the as-dispensed claim report stored when the batch completed.</summary>
public static class BatchClaimsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/batches/{id}/claims", async (string id, IGatewayRepository repo, ClaimReportStore store, CancellationToken ct) =>
        {
            var batch = await repo.GetBatchAsync(id, ct) ?? throw RequestRejectedException.NotFound("id", $"no batch '{id}'");
            var report = await store.GetAsync(id, ct)
                ?? throw RequestRejectedException.NotFound("id", $"batch '{id}' is {batch.State}: the as-dispensed claim report is written when it completes");
            return new
            {
                report.BatchId, claimSet = report.ClaimSetId, report.Verdict, report.Summary, report.ComputedAt,
                report = JsonSerializer.Deserialize<JsonElement>(report.ReportJson),
            };
        });
    }
}
