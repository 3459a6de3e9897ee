using DispenseStation.Gateway.Storage;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Gateway.Alarms;

/// <summary>An alarm's status words (ISA-18.2 alarm states).</summary>
public static class AlarmStatuses
{
    public const string Unacknowledged = "unacknowledged";
    public const string Acknowledged = "acknowledged";
    public const string ClearedUnacknowledged = "cleared-unacknowledged";
    public const string Cleared = "cleared";
    public const string Shelved = "shelved";
}

public sealed record AlarmAcknowledgement(string By, DateTimeOffset At, string Reason);

public sealed record AlarmShelf(string By, DateTimeOffset At, DateTimeOffset Until, string Reason);

/// <summary>
/// An alarm as the alarm list shows it: the station's record plus what people did about it, read from the append-only
/// responses. Status follows ISA-18.2's alarm states: unacknowledged, acknowledged, cleared-unacknowledged (returned to
/// normal, nobody has seen it yet), cleared, and shelved (hidden from attention for a limited time, by someone, for a reason).
/// </summary>
public sealed record AlarmView(
    long Id, string StationId, string? BatchId, string Code, string Severity, string Message, DateTimeOffset RaisedAt,
    DateTimeOffset? ClearedAt, string Status, AlarmAcknowledgement? Acknowledged, AlarmShelf? Shelved, IReadOnlyList<AlarmResponse> History)
{
    /// <summary>Still wants someone's attention: raised and not shelved, or cleared before anyone acknowledged it.</summary>
    public bool IsOpen => Status is AlarmStatuses.Unacknowledged or AlarmStatuses.Acknowledged or AlarmStatuses.ClearedUnacknowledged;

    public static AlarmView Of(AlarmRecord a, IEnumerable<AlarmResponse> responses, DateTimeOffset now)
    {
        var history = responses.OrderBy(r => r.At).ToList();
        var ack = history.FirstOrDefault(r => r.Action == AlarmActions.Acknowledge);
        AlarmShelf? shelf = null;
        foreach (var r in history)
        {
            if (r.Action == AlarmActions.Shelve && r.ShelvedUntil is { } until) shelf = new AlarmShelf(r.User, r.At, until, r.Reason);
            else if (r.Action == AlarmActions.Unshelve) shelf = null;
        }
        // A shelf ends by itself when its time is up, and means nothing once the condition has cleared.
        if (shelf is not null && (shelf.Until <= now || a.ClearedAt is not null)) shelf = null;
        var acknowledged = ack is null ? null : new AlarmAcknowledgement(ack.User, ack.At, ack.Reason);
        var status = shelf is not null ? AlarmStatuses.Shelved
            : a.ClearedAt is null ? (acknowledged is null ? AlarmStatuses.Unacknowledged : AlarmStatuses.Acknowledged)
            : acknowledged is null ? AlarmStatuses.ClearedUnacknowledged : AlarmStatuses.Cleared;
        return new AlarmView(a.Id, a.StationId, a.BatchId, a.Code, a.Severity, a.Message, a.RaisedAt, a.ClearedAt, status, acknowledged, shelf, history);
    }

    /// <summary>Most urgent first: open before shelved before closed, critical before warning before info, newest first.</summary>
    public static IEnumerable<AlarmView> Ordered(IEnumerable<AlarmView> alarms) => alarms
        .OrderBy(a => a.IsOpen ? 0 : a.Status == AlarmStatuses.Shelved ? 1 : 2)
        .ThenBy(a => a.Severity switch { Severities.Critical => 0, Severities.Warning => 1, _ => 2 })
        .ThenByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id);
}
