using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Records;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Api;

/// <summary>
/// GET /api/audit?entity=&amp;entityId=&amp;actor=&amp;action=&amp;station=&amp;batch=&amp;from=&amp;to=&amp;limit=: the append-only
/// change log, oldest first; from/to are ISO 8601 times (UTC unless an offset is given).
/// </summary>
public static class AuditApi
{
    public const int MaxLimit = 10_000;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/audit", async (string? entity, string? entityId, string? actor, string? action, string? station, string? batch,
            string? from, string? to, int? limit, AuditTrail audit, CancellationToken ct) =>
            await audit.QueryAsync(Filter(entity, entityId, actor, action, station, batch, from, to, limit), ct));
    }

    public static AuditFilter Filter(string? entity, string? entityId, string? actor, string? action, string? station, string? batch,
        string? from, string? to, int? limit)
    {
        var errors = new List<ApiError>();
        AuditEntity? kind = null;
        if (entity is not null)
        {
            if (Enum.TryParse<AuditEntity>(entity, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) kind = parsed;
            else errors.Add(new ApiError("entity", $"must be one of {string.Join(", ", Enum.GetNames<AuditEntity>())}"));
        }
        DateTimeOffset? Time(string field, string? value)
        {
            if (value is null) return null;
            if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)) return t;
            errors.Add(new ApiError(field, "must be an ISO 8601 time such as 2026-12-01T08:00:00Z"));
            return null;
        }
        var f = Time("from", from);
        var t = Time("to", to);
        var n = limit ?? 1000;
        if (n is < 1 or > MaxLimit) errors.Add(new ApiError("limit", $"must be between 1 and {MaxLimit}"));
        foreach (var (field, value) in new[] { ("entityId", entityId), ("actor", actor), ("action", action), ("station", station), ("batch", batch) })
            if (value is { Length: > 200 }) errors.Add(new ApiError(field, "at most 200 characters"));
        if (errors.Count > 0) throw new RequestRejectedException(400, "invalid audit filter", errors);
        return new AuditFilter(actor, kind, entityId, action, station, batch, f, t, n);
    }
}
