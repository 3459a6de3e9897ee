using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Orchestration;

public sealed partial class BatchOrchestrator
{
    public const int MaxCloseReasonLength = 500;

    /// <summary>
    /// A supervisor closes a batch record that cannot end by itself (the station is gone, or a storage
    /// fault lost its end): state Aborted with the supervisor's name and reason. The audit entry is
    /// written first; if it cannot be written nothing changes (no record closed without its audit).
    /// </summary>
    public async Task<BatchRecord> CloseStuckAsync(string batchId, string? supervisor, string? reason, CancellationToken ct)
    {
        var errors = new List<ApiError>();
        if (string.IsNullOrWhiteSpace(supervisor) || supervisor.Length > 100)
            errors.Add(new ApiError("supervisor", "the supervisor's name is required (1 to 100 characters)"));
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 3 || reason.Length > MaxCloseReasonLength)
            errors.Add(new ApiError("reason", $"a reason of 3 to {MaxCloseReasonLength} characters is required"));
        if (errors.Count > 0) throw new RequestRejectedException(400, "close refused", errors);
        var batch = await _repository.GetBatchAsync(batchId, ct) ?? throw RequestRejectedException.NotFound("batchId", $"no batch '{batchId}'");
        if (BatchRecord.IsTerminal(batch.State))
            throw RequestRejectedException.Conflict("batchId", $"batch {batchId} is already {batch.State}");

        var now = _time.GetUtcNow();
        var details = System.Text.Json.JsonSerializer.Serialize(new { from = batch.State.ToString(), to = nameof(BatchState.Aborted), reason = reason!.Trim() });
        await _repository.AppendAuditAsync(now, supervisor!, AuditEntity.Batch, batchId, "close-stuck", details, ct);
        await CloseAsync(batchId, BatchState.Aborted, $"closed by supervisor {supervisor}: {reason.Trim()}", ct);
        return await _repository.GetBatchAsync(batchId, ct) ?? batch;
    }
}
