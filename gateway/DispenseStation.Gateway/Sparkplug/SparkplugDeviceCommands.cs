using System.Text.Json;
using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Registry;
using DispenseStation.Gateway.Storage;

namespace DispenseStation.Gateway.Sparkplug;

/// <summary>
/// Applies a host's DCMD hold or abort the way the API applies an operator's: through
/// <see cref="BatchOrchestrator.CommandAsync"/> on the batch the station runs (same checks: batch not finished,
/// station online, the station's own answer), with an audit row naming the Sparkplug host as the actor.
/// </summary>
public sealed class SparkplugDeviceCommands(StationRegistry registry, BatchOrchestrator batches, IGatewayRepository repository,
    TimeProvider time, ILogger<SparkplugDeviceCommands> log)
{
    public const string Actor = "sparkplug-host";

    /// <summary>Completes when the station answered (or the command was refused); never throws.</summary>
    public async Task ApplyAsync(string station, string command, RefusalLog refusals)
    {
        var batchId = registry.Find(station)?.BatchId;
        if (batchId is null)
        {
            refusals.Refuse("no-batch", $"DCMD {command} for {station}: the station runs no batch to {command}");
            return;
        }
        string verdict;
        string? reason;
        try
        {
            var outcome = await batches.CommandAsync(batchId, command, null, CancellationToken.None);
            verdict = outcome.Accepted ? "accepted" : "rejected by the station";
            reason = outcome.Reason;
        }
        catch (RequestRejectedException e)
        {
            verdict = "refused";
            reason = e.Message;
            refusals.Refuse("device-command", $"DCMD {command} for {station}: {e.Message}");
        }
        catch (Exception e)
        {
            log.LogError(e, "DCMD {Command} for {Station} failed", command, station);
            verdict = "failed";
            reason = e.Message;
        }
        try
        {
            await repository.AppendAuditAsync(time.GetUtcNow(), Actor, AuditEntity.Batch, batchId, command,
                JsonSerializer.Serialize(new { station, via = "sparkplug DCMD", verdict, reason }), CancellationToken.None);
        }
        catch (Exception e) { log.LogError(e, "Audit of DCMD {Command} for {Station} not written", command, station); }
    }
}
