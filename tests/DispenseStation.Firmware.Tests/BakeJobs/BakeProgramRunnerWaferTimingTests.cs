using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.BakeJobs;

/// <summary>The wafer-timed mode of BakeProgramRunner: time on plate counts from wafer-down, on the clock.</summary>
public class BakeProgramRunnerWaferTimingTests
{
    private static BakeProgramRunner Started(params BakeSegment[] segments)
    {
        var r = new BakeProgramRunner();
        r.Load(segments, 180);
        r.EnableWaferTiming();
        r.Start(25);
        return r;
    }

    [Fact]
    public void Waits_at_the_first_setpoint_without_counting_until_wafer_down()
    {
        var r = Started(BakeSegment.Hold(110, 60, 0.3));
        for (int i = 0; i < 1000; i++) r.Tick(0.1, 110, 0.3);
        Assert.Equal(BakeProgramStatus.Running, r.Status);
        Assert.Equal(110, r.Setpoint);
        Assert.False(r.WaferOnPlate);
        Assert.False(r.TimeUp);
        Assert.Equal(0, r.TimeOnPlateS);
    }

    [Fact]
    public void Time_is_up_exactly_at_the_planned_time_on_plate_counted_from_the_landing_in_band_or_not()
    {
        var r = Started(BakeSegment.Hold(110, 60, 0.3));
        Assert.True(r.MarkWaferDown(2.5));
        // The plate is far out of band the whole time (a cold wafer dipped it): the clock still runs.
        for (int i = 0; i < 574; i++) r.Tick(0.1, 108, 0.8);
        Assert.False(r.TimeUp);
        Assert.Equal(59.9, r.TimeOnPlateS, 6);
        r.Tick(0.1, 108, 0.8);
        Assert.True(r.TimeUp);
        Assert.Equal(60, r.TimeOnPlateS, 6);
        Assert.Equal(57.5, r.OutsideBandS(0), 6);
        Assert.Equal(BakeProgramStatus.Running, r.Status);
    }

    [Fact]
    public void Segments_change_setpoint_at_their_hold_times_and_rearm_returns_to_the_first()
    {
        var r = Started(BakeSegment.Hold(100, 30, 0.5), BakeSegment.Hold(110, 30, 0.3));
        Assert.Equal(60, r.PlannedTimeOnPlateS, 9);
        r.MarkWaferDown(0);
        for (int i = 0; i < 299; i++) r.Tick(0.1, 100, 0.3);
        Assert.Equal(100, r.Setpoint);
        r.Tick(0.1, 100, 0.3);
        Assert.Equal(110, r.Setpoint);
        for (int i = 0; i < 300; i++) r.Tick(0.1, 110, 0.3);
        Assert.True(r.TimeUp);
        Assert.Equal(110, r.Setpoint);
        Assert.False(r.MarkWaferDown(0)); // one wafer at a time
        r.RearmForNextWafer();
        Assert.Equal(100, r.Setpoint);
        Assert.False(r.WaferOnPlate);
        Assert.True(r.MarkWaferDown(0));
    }

    [Fact]
    public void Completed_holds_under_a_wafer_do_not_teach_feed_forward()
    {
        var r = Started(BakeSegment.Hold(110, 10, 0.3));
        r.MarkWaferDown(0);
        for (int i = 0; i < 200; i++) r.Tick(0.1, 110, 0.3);
        Assert.False(r.TakeCompletedHold(out _, out _));
    }

    [Fact]
    public void Only_hold_segments_and_only_a_loaded_program_can_be_wafer_timed()
    {
        var r = new BakeProgramRunner();
        Assert.Throws<InvalidOperationException>(() => r.EnableWaferTiming());
        r.Load([BakeSegment.Ramp(110, 1, 0.3), BakeSegment.Hold(110, 60, 0.3)], 180);
        var e = Assert.Throws<ArgumentException>(() => r.EnableWaferTiming());
        Assert.Equal("segments[0].Kind must be Hold in a wafer-timed program", e.Message);
        Assert.False(r.WaferTimed);
        r.Start(25);
        Assert.False(r.MarkWaferDown(0)); // not wafer-timed
    }

    [Fact]
    public void Loading_an_ordinary_program_clears_wafer_timing()
    {
        var r = new BakeProgramRunner();
        r.Load([BakeSegment.Hold(110, 60, 0.3)], 180);
        r.EnableWaferTiming();
        r.Load([BakeSegment.Hold(110, 60, 0.3)], 180);
        Assert.False(r.WaferTimed);
    }
}
