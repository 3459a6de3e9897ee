using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Tests.Station;

public class LinkLossTests
{
    [Fact]
    public void Link_loss_during_a_dose_suspends_it_and_reconnect_resumes_with_events_in_order()
    {
        var h = new StationHarness();
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.RunUntil(() => h.Station.StepIndex == 1 && h.Dosing.NetGrams > 10, 60);
        int publishedBefore = h.Link.Published.Count;

        h.Link.Disconnect();
        h.Step(); h.Step();
        Assert.Equal(PackMlState.Suspended, h.Station.State);
        Assert.False(h.Dosing.IsDosing);
        double grams = h.Dosing.NetGrams;
        h.Run(5);
        Assert.Equal(grams, h.Dosing.NetGrams);
        Assert.Equal(publishedBefore, h.Link.Published.Count);

        h.Link.Reconnect();
        h.Step();
        h.RunUntil(() => h.Events().Any(e => e.Kind == EventKinds.DoseResult), 60);
        Assert.Equal(PackMlState.Execute, h.Station.State);

        var after = h.Link.Published.Skip(publishedBefore).ToList();
        var events = h.Events().Where(e => e.Seq > 0).ToList();
        var lost = events.Single(e => e.Kind == EventKinds.AlarmRaised && e.AlarmCode == "link-lost");
        var back = events.Single(e => e.Kind == EventKinds.AlarmCleared && e.AlarmCode == "link-lost");
        Assert.True(lost.Seq < back.Seq);
        // Events published after the reconnect keep the order they were raised in.
        var eventSeqs = events.Select(e => e.Seq).ToList();
        Assert.Equal(eventSeqs.Order(), eventSeqs);
        // The retained state is re-published after the reconnect and shows the resumed batch.
        Assert.Contains(after, p => p.Topic.EndsWith("/state") && p.Retain && p.Payload.Contains("\"Execute\""));
        var dose = h.Events().Single(e => e.Kind == EventKinds.DoseResult);
        Assert.True(dose.Success);
        Assert.Equal(40, dose.ActualGrams, 6);
    }

    [Fact]
    public void Heater_goes_safe_after_the_hold_time_and_the_batch_holds()
    {
        var h = new StationHarness(new DispenseStation.Firmware.Station.StationConfig { StationId = StationHarness.Id, LinkHoldMs = 10_000 });
        h.Send(CommandNames.Start, StationHarness.SampleRecipe());
        h.RunUntil(() => h.Events().Any(e => e.Kind == EventKinds.Prompt), 300);
        h.Send(CommandNames.Confirm, stepIndex: 5);
        h.RunUntil(() => h.Hotplate.IsRunning && h.Hotplate.PlateC >= 100, 60);

        h.Link.Disconnect();
        h.Run(9.5);
        Assert.True(h.Hotplate.IsRunning, "the bake continues within the hold time");
        Assert.Equal(PackMlState.Suspended, h.Station.State);
        h.Run(1);
        Assert.False(h.Hotplate.IsRunning);
        Assert.Equal(0, h.Hotplate.HeaterDuty);
        Assert.Equal(PackMlState.Held, h.Station.State);

        h.Link.Reconnect();
        h.Step();
        Assert.Equal(PackMlState.Held, h.Station.State); // the gateway decides
        Assert.Contains(h.Events(), e => e.Kind == EventKinds.AlarmRaised && e.AlarmCode == "link-hold-expired");
        Assert.True(h.ResultFor(h.Send(CommandNames.Unhold)).Accepted);
        h.RunUntil(() => h.Station.State == PackMlState.Complete, 600);
        Assert.Equal(2, h.Hotplate.ProgramsStarted); // the interrupted bake ran again from its start
    }

    [Fact]
    public void A_full_outbox_reports_the_loss_first_then_sends_the_rest_in_order()
    {
        var h = new StationHarness(new DispenseStation.Firmware.Station.StationConfig { StationId = StationHarness.Id, OutboxCapacity = 8 });
        h.Step();
        h.Link.Disconnect();
        h.Step();
        for (int i = 0; i < 10; i++)
        {
            h.PumpInterlock.IsActive = i % 2 == 0;
            h.Step();
        }
        // 1 link-lost + 10 interlock events = 11 raised while down; 8 fit.
        int before = h.Link.Published.Count;
        h.Link.Reconnect();
        h.Step();
        var sent = h.Events().Skip(h.Events().Count - 10).ToList();
        var overflow = h.Events().Single(e => e.Kind == EventKinds.OutboxOverflow);
        Assert.StartsWith("3 events lost", overflow.Message);
        var afterOverflow = h.Events().SkipWhile(e => e.Kind != EventKinds.OutboxOverflow).Skip(1).ToList();
        Assert.True(afterOverflow.Count >= 8);
        Assert.All(afterOverflow.Take(8), e => Assert.Equal("pump-interlock", e.AlarmCode));
        var seqs = afterOverflow.Take(8).Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(3, h.Station.EventsLost);
    }

    [Fact]
    public void Telemetry_taken_while_disconnected_is_thinned_and_sent_batched()
    {
        var h = new StationHarness(new DispenseStation.Firmware.Station.StationConfig { StationId = StationHarness.Id, TelemetryBacklog = 16 });
        h.Run(1);
        h.Link.Disconnect();
        h.Run(10); // 50 samples at 5 Hz, 16 kept
        int before = h.Telemetry().Count;
        long lastBeforeDrop = h.Telemetry().Last().Samples[0].UptimeMs;
        h.Link.Reconnect();
        h.Run(3);
        // The 16 kept samples go out oldest first, in messages no larger than MaxMessageBytes (several
        // samples each), then one sample per period again: every sample once, in order.
        var after = h.Telemetry().Skip(before).ToList();
        Assert.True(after[0].SampleCount > 1);
        Assert.All(h.Link.Published.Where(p => p.Topic == DispenseStation.Protocol.Topics.Telemetry(StationHarness.Id)),
            p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p.Payload) <= h.Station.Config.MaxMessageBytes));
        var ts = after.SelectMany(t => t.Samples.Take(t.SampleCount)).Select(s => s.UptimeMs).ToList();
        Assert.Equal(ts.Order(), ts);
        Assert.Equal(ts.Distinct().Count(), ts.Count);
        Assert.True(ts[0] > lastBeforeDrop);
        // The 16 kept (the newest taken while down) are consecutive samples, 200 ms apart, up to now.
        Assert.All(ts.Zip(ts.Skip(1)), p => Assert.Equal(200, p.Second - p.First));
        Assert.Equal(1, after.Last().SampleCount);
        Assert.True(h.Station.TelemetryThinned >= 30);
    }
}
