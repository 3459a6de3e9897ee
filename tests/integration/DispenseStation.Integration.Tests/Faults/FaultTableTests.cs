using System.Globalization;
using DispenseStation.Protocol.Messages;
using Xunit.Abstractions;

namespace DispenseStation.Integration.Tests.Faults;

/// <summary>
/// Runs every row of <see cref="FaultTable"/> on a fresh virtual station through the broker and checks
/// the row's promise: the alarm it names (code and words), the required outputs off within the bound and
/// kept off, the PackML state the record shows, and that no event was lost. The run writes
/// bench/results/faults.md (<see cref="FaultReport"/>).
/// </summary>
[Collection(BenchResults.Collection)]
public sealed class FaultTableTests(FaultReport report, ITestOutputHelper output) : IClassFixture<FaultReport>
{
    public static TheoryData<string> RowNames()
    {
        var data = new TheoryData<string>();
        foreach (var row in FaultTable.Rows) data.Add(row.ToString());
        return data;
    }

    [Fact]
    public void The_table_has_at_least_forty_rows_with_unique_names()
    {
        Assert.True(FaultTable.Rows.Count >= 40, $"{FaultTable.Rows.Count} rows");
        Assert.Equal(FaultTable.Rows.Count, FaultTable.Rows.Select(r => r.ToString()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Fault_is_detected_made_safe_and_recorded(string name)
    {
        var row = FaultTable.Rows.Single(r => r.ToString() == name);
        var outcome = await RunAsync(row);
        report.Add(outcome);
        output.WriteLine($"{outcome.Fault} / {outcome.When}: {outcome.DetectedAs}; detect {outcome.DetectS} s; safe {outcome.SafeS} s; {outcome.Record}; {outcome.DataLost}");
        Assert.True(outcome.Passed, outcome.Failure);
    }

    private static async Task<FaultOutcome> RunAsync(FaultRow row)
    {
        await using var rig = await FaultRig.StartAsync();
        await row.Arrange(rig);
        await rig.SettleAsync();
        // The events after the fault: after the last one before it, in arrival and in seq. Seq restarts at a reboot, so an
        // arrangement that rebooted the station counts from its own session's last event, not the highest seq seen.
        var eventsSoFar = rig.Probe.Events();
        int eventsBefore = eventsSoFar.Count;
        long lastSeqBefore = eventsBefore > 0 ? eventsSoFar[eventsBefore - 1].Seq : -1;
        int resultsBefore = rig.Probe.Results().Count;
        rig.ResetOutputWatch();
        long injectedMs = rig.NowMs;
        await row.Inject(rig);

        // Observe: until the expected alarm arrives (or the bound passes), then long enough to see the outputs stay off.
        if (row.AlarmCode != null)
        {
            try
            {
                await rig.RunUntilAsync(() => rig.Probe.Events().Skip(eventsBefore).Any(e => e.Seq > lastSeqBefore && e.Kind == EventKinds.AlarmRaised && e.AlarmCode == row.AlarmCode),
                    Math.Max(row.SafeWithinS, 1) + 30, "alarm " + row.AlarmCode);
            }
            catch (TimeoutException)
            {
                // reported below as a failure with what was seen instead
            }
        }
        await rig.RunForAsync(row.ObserveS);

        var events = rig.Probe.Events();
        var raised = events.Skip(eventsBefore).Where(e => e.Seq > lastSeqBefore && e.Kind == EventKinds.AlarmRaised).ToList();
        var alarm = row.AlarmCode != null ? raised.FirstOrDefault(e => e.AlarmCode == row.AlarmCode) ?? raised.FirstOrDefault() : raised.FirstOrDefault();
        var failures = new List<string>();

        string detectedAs;
        double? detectS = null;
        if (row.Refusal != null)
        {
            var refused = rig.Probe.Results().Skip(resultsBefore).FirstOrDefault(r => r.Id.StartsWith(row.Refusal, StringComparison.Ordinal));
            detectedAs = refused == null ? "no answer" : refused.Accepted ? "accepted" : "refused: " + refused.Reason;
            if (refused == null || refused.Accepted) failures.Add("expected the command to be refused with a reason; " + detectedAs);
            else if (string.IsNullOrWhiteSpace(refused.Reason)) failures.Add("refused without a reason");
        }
        else if (alarm != null)
        {
            detectedAs = alarm.AlarmCode + ": " + alarm.Message;
            detectS = Math.Max(0, (alarm.UptimeMs - injectedMs) / 1000.0);
            if (row.AlarmCode != null && alarm.AlarmCode != row.AlarmCode) failures.Add($"expected alarm {row.AlarmCode}, got {detectedAs}");
            if (string.IsNullOrWhiteSpace(alarm.Message)) failures.Add($"alarm {alarm.AlarmCode} has no words");
        }
        else
        {
            detectedAs = "none";
            if (row.AlarmCode != null) failures.Add($"expected alarm {row.AlarmCode}, none raised");
        }

        double? safeS = SafeAfter(rig, row.MustBeOff, injectedMs);
        if (row.MustBeOff != Outputs.None && safeS > row.SafeWithinS)
            failures.Add($"outputs ({row.MustBeOff}) on until {safeS:F2} s after the fault, bound {row.SafeWithinS} s");

        string state = rig.Probe.States().LastOrDefault()?.PackMlState ?? "unknown";
        if (state != row.Record) failures.Add($"record shows {state}, expected {row.Record}");
        string record = Describe(events.Skip(eventsBefore), lastSeqBefore, state, rig);

        string lost = LostData(rig, events);
        if (lost != "none") failures.Add("data lost: " + lost);

        var outcome = new FaultOutcome(row.Fault, row.When, detectedAs, detectS, row.MustBeOff == Outputs.None ? null : safeS,
            row.SafeWithinS, row.MustBeOff.ToString(), record, lost, false, "");
        string? extra = row.Check?.Invoke(rig, outcome);
        if (extra != null) failures.Add(extra);
        return outcome with { Passed = failures.Count == 0, Failure = string.Join("; ", failures) };
    }

    /// <summary>Seconds from the fault until the required outputs were last on (0 when already off), judged
    /// up to the moment the cause went away by design (the broker back), after which they may run again.</summary>
    private static double SafeAfter(FaultRig rig, Outputs required, long injectedMs)
    {
        long until = rig.RecoveredAtMs >= 0 ? rig.RecoveredAtMs : rig.NowMs;
        long last = rig.LastOnMs(required.HasFlag(Outputs.Heater), required.HasFlag(Outputs.Pumps), injectedMs, until);
        return last < injectedMs ? 0 : (last - injectedMs + 10) / 1000.0; // +1 tick: off from the next tick
    }

    private static string Describe(IEnumerable<EventMessage> events, long afterSeq, string state, FaultRig rig)
    {
        var kinds = events.Where(e => e.Seq > afterSeq && e.Kind is EventKinds.BatchAborted or EventKinds.BatchInterrupted
            or EventKinds.BatchResumed or EventKinds.BatchCompleted or EventKinds.DoseResult).Select(e => e.Kind == EventKinds.DoseResult
            ? (e.Success ? "dose ok " : "dose failed ") + e.ActualGrams.ToString("F3", CultureInfo.InvariantCulture) + " g"
            : e.Kind).Distinct();
        string list = string.Join(", ", kinds);
        return state + (rig.Sim.Station.Interrupted ? " (interrupted)" : "") + (list.Length > 0 ? "; " + list : "");
    }

    /// <summary>Events arrive once each and in order; nothing was dropped by the station's outbox or link.</summary>
    private static string LostData(FaultRig rig, List<EventMessage> events)
    {
        var problems = new List<string>();
        var bySession = events.Where(e => e.Seq >= 0).ToList();
        if (bySession.Any(e => e.Kind == EventKinds.OutboxOverflow)) problems.Add("outbox overflow");
        if (rig.Link.DroppedReceived > 0) problems.Add($"{rig.Link.DroppedReceived} received messages dropped");
        return problems.Count == 0 ? "none" : string.Join(", ", problems);
    }
}
