using DispenseStation.Gateway.Orchestration;
using DispenseStation.Gateway.Records;
using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Alarms;

/// <summary>
/// The fleet-wide alarm list and what people may do with it: acknowledge (once, by whom, optionally why), shelve for a
/// limited time with a reason, unshelve. Critical alarms (e-stop, over-temperature, runaway) cannot be shelved: ISA-18.2
/// keeps safety alarms in front of the operator. Every action is stored and audited.
/// </summary>
public sealed class AlarmBoard(IGatewayRepository repository, AlarmResponseStore responses, AuditTrail audit, TimeProvider time)
{
    public const int MaxReasonLength = 200;
    public const int MinShelveReasonLength = 3;
    public const int MaxShelveMinutes = 8 * 60;
    /// <summary>How many of the most recent alarms the "all" list reads.</summary>
    public const int AllLimit = 500;

    /// <summary>The alarms of every station (or one); <paramref name="all"/> false keeps the open and shelved ones.</summary>
    public async Task<IReadOnlyList<AlarmView>> ListAsync(string? stationId, bool all, CancellationToken ct)
    {
        var alarms = (await repository.ListAlarmsAsync(stationId, null, activeOnly: false, ct))
            .OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).Take(AllLimit).ToList();
        var byAlarm = await responses.ForAlarmsAsync(alarms.Select(a => a.Id).ToList(), ct);
        var now = time.GetUtcNow();
        var views = alarms.Select(a => AlarmView.Of(a, byAlarm[a.Id], now));
        if (!all) views = views.Where(v => v.IsOpen || v.Status == AlarmStatuses.Shelved);
        return AlarmView.Ordered(views).ToList();
    }

    public async Task<AlarmView> AcknowledgeAsync(long id, string user, string? reason, CancellationToken ct)
    {
        var view = await FindAsync(id, ct);
        var why = CheckReason(reason ?? "", required: false);
        if (view.Acknowledged is { } ack)
            throw RequestRejectedException.Conflict("id", $"alarm {id} was already acknowledged by {ack.By} at {ack.At:u}");
        return await RespondAsync(view, new AlarmResponse(id, AlarmActions.Acknowledge, user, why, time.GetUtcNow(), null), ct);
    }

    public async Task<AlarmView> ShelveAsync(long id, string user, string? reason, int? minutes, CancellationToken ct)
    {
        var view = await FindAsync(id, ct);
        var why = CheckReason(reason ?? "", required: true);
        if (minutes is not { } m || m < 1 || m > MaxShelveMinutes)
            throw RequestRejectedException.BadRequest("minutes", $"required, from 1 to {MaxShelveMinutes} (a shelf always ends)");
        if (view.Severity == Severities.Critical)
            throw RequestRejectedException.Conflict("id", $"alarm {id} is critical ({view.Code}): critical alarms cannot be shelved");
        if (view.ClearedAt is not null)
            throw RequestRejectedException.Conflict("id", $"alarm {id} has cleared: there is nothing to shelve");
        if (view.Shelved is { } s)
            throw RequestRejectedException.Conflict("id", $"alarm {id} is already shelved by {s.By} until {s.Until:u}");
        var now = time.GetUtcNow();
        return await RespondAsync(view, new AlarmResponse(id, AlarmActions.Shelve, user, why, now, now.AddMinutes(m)), ct);
    }

    public async Task<AlarmView> UnshelveAsync(long id, string user, string? reason, CancellationToken ct)
    {
        var view = await FindAsync(id, ct);
        var why = CheckReason(reason ?? "", required: false);
        if (view.Shelved is null) throw RequestRejectedException.Conflict("id", $"alarm {id} is not shelved");
        return await RespondAsync(view, new AlarmResponse(id, AlarmActions.Unshelve, user, why, time.GetUtcNow(), null), ct);
    }

    private async Task<AlarmView> RespondAsync(AlarmView before, AlarmResponse response, CancellationToken ct)
    {
        await responses.AddAsync(response, ct);
        var after = await FindAsync(before.Id, ct);
        await audit.AppendAsync(new AuditAction(response.User, AuditEntity.Alarm, before.Id.ToString(), response.Action,
            new { status = before.Status }, new { status = after.Status, reason = response.Reason, shelvedUntil = response.ShelvedUntil },
            before.StationId, before.BatchId, new { code = before.Code, severity = before.Severity }), CancellationToken.None);
        return after;
    }

    private async Task<AlarmView> FindAsync(long id, CancellationToken ct)
    {
        // Alarm ids are global; one station's list is short, so the lookup reads all and picks (no per-id query yet).
        var alarm = (await repository.ListAlarmsAsync(null, null, activeOnly: false, ct)).FirstOrDefault(a => a.Id == id)
            ?? throw RequestRejectedException.NotFound("id", $"no alarm {id}");
        var byAlarm = await responses.ForAlarmsAsync([id], ct);
        return AlarmView.Of(alarm, byAlarm[id], time.GetUtcNow());
    }

    private static string CheckReason(string reason, bool required)
    {
        reason = reason.Trim();
        if (reason.Length > MaxReasonLength) throw RequestRejectedException.BadRequest("reason", $"at most {MaxReasonLength} characters");
        if (required && reason.Length < MinShelveReasonLength)
            throw RequestRejectedException.BadRequest("reason", $"required to shelve: say why, in at least {MinShelveReasonLength} characters");
        return reason;
    }
}
