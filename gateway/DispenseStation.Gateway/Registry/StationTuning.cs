namespace DispenseStation.Gateway.Registry;

/// <summary>A relay autotune's outcome as the station reported it (results only when it succeeded).</summary>
public sealed record AutotuneReport(
    DateTimeOffset At, string Status, string? Rule, double? Ku, double? PuS, double? ModelGainCPerDuty, double? TauS, double? DeadTimeS,
    string? Message);

/// <summary>
/// The hotplate PID gains a station last reported (ISA form: kp in heater duty per °C, ti and td in s), whether an
/// autotune runs now, and the last autotune's outcome. Replaced whole on every tuning event. Before the station's
/// first report the status is "not-reported" and the gains are null.
/// </summary>
public sealed record StationTuning(
    string Station, DateTimeOffset? At, string Status, double? Kp, double? Ti, double? Td, bool AutotuneRunning, AutotuneReport? LastAutotune,
    AutotuneEstimate? Estimate = null)
{
    public const string NotReportedStatus = "not-reported";

    public static StationTuning NotReported(string station) => new(station, null, NotReportedStatus, null, null, null, false, null);
}

/// <summary>
/// How far a running autotune has come and when it should end: relay cycles done and still to run at least, the last
/// cycle's length (station seconds), and the end estimated as remaining cycles x last cycle, turned into gateway time by
/// the station clock's rate since the autotune started (1 on hardware; faster on an accelerated virtual station).
/// A lower bound: an unbalanced cycle adds one more.
/// </summary>
public sealed record AutotuneEstimate(int CyclesDone, int CyclesRemaining, double? LastCycleS, double? RemainingS, DateTimeOffset? EndsAt);
