namespace DispenseStation.Gateway.Fleet;

/// <summary>
/// Where a station's event stream was last recorded: the event's seq and the station's uptime when it sent it. Within
/// one session of the station both only grow (DESIGN.md 5: seq is a per-session counter, ts the station's uptime), so an
/// event is already recorded when neither is past the position. An event with a lower seq but a later uptime cannot
/// belong to the recorded session: it is new. <see cref="None"/>: nothing recorded in the station's current session.
/// </summary>
public readonly record struct HandledPosition(long Seq, long UptimeMs)
{
    public static readonly HandledPosition None = new(-1, -1);

    /// <summary>True when the event at (<paramref name="seq"/>, <paramref name="uptimeMs"/>) was recorded at or before this position.</summary>
    public bool Covers(long seq, long uptimeMs) => Seq >= 0 && seq <= Seq && uptimeMs <= UptimeMs;
}
