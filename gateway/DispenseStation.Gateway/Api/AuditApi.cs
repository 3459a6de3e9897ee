using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Api;

/// <summary>GET /api/audit?entity=Recipe&amp;entityId=...: the append-only change log.</summary>
public static class AuditApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/audit", async (string? entity, string? entityId, IGatewayRepository repo, CancellationToken ct) =>
        {
            AuditEntity? kind = null;
            if (entity is not null)
            {
                if (!Enum.TryParse<AuditEntity>(entity, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                    throw RequestRejectedException.BadRequest("entity", $"must be one of {string.Join(", ", Enum.GetNames<AuditEntity>())}");
                kind = parsed;
            }
            return await repo.ListAuditAsync(kind, entityId, ct);
        });
    }
}
