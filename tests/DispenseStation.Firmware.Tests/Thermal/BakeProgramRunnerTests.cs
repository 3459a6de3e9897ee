using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class BakeProgramRunnerTests
{
    [Fact]
    public void Invalid_program_is_rejected_naming_segment_and_field_and_the_old_one_stays()
    {
        var runner = new BakeProgramRunner();
        runner.Load([BakeSegment.Hold(100, 60, 0.5)], 180);
        var e = Assert.Throws<ArgumentException>(() => runner.Load(
            [BakeSegment.Ramp(110, 1, 0.5), BakeSegment.Hold(110, -5, 0.5)], 180));
        Assert.Contains("segments[1].HoldS", e.Message);
        e = Assert.Throws<ArgumentException>(() => runner.Load([BakeSegment.Hold(300, 60, 0.5)], 180));
        Assert.Contains("segments[0].TargetC", e.Message);
        e = Assert.Throws<ArgumentException>(() => runner.Load([BakeSegment.Hold(100, 60, 0)], 180));
        Assert.Contains("BandC", e.Message);
        e = Assert.Throws<ArgumentException>(() => runner.Load([BakeSegment.Ramp(100, 50, 0.5)], 180));
        Assert.Contains("RateCPerS", e.Message);
        e = Assert.Throws<ArgumentException>(() => runner.Load([], 180));
        Assert.Contains("segments", e.Message);
        // Nothing half-applied: the first program is still the one loaded.
        Assert.Equal(1, runner.SegmentCount);
        runner.Start(25);
        Assert.Equal(100, runner.Setpoint);
    }

    [Fact]
    public void Ramp_moves_the_setpoint_at_its_rate_and_waits_for_the_band()
    {
        var runner = new BakeProgramRunner();
        runner.Load([BakeSegment.Ramp(100, 2, 0.5), BakeSegment.Hold(100, 10, 0.5)], 180);
        runner.Start(40);
        for (int i = 0; i < 100; i++) runner.Tick(0.1, 40, 1); // 10 s
        Assert.Equal(60, runner.Setpoint, 9);
        Assert.Equal(2, runner.SetpointRateCPerS);
        for (int i = 0; i < 300; i++) runner.Tick(0.1, 90, 1); // setpoint reaches 100 but the plate lags
        Assert.Equal(100, runner.Setpoint);
        Assert.Equal(0, runner.SegmentIndex);
        runner.Tick(0.1, 99.7, 0.2);
        Assert.Equal(1, runner.SegmentIndex);
    }

    [Fact]
    public void Hold_counts_only_inside_the_band_and_reports_time_outside()
    {
        var runner = new BakeProgramRunner();
        runner.Load([BakeSegment.Hold(110, 60, 0.2), BakeSegment.Cool(50)], 180);
        runner.Start(25);
        for (int i = 0; i < 100; i++) runner.Tick(0.1, 100, 1);      // approach: neither held nor "outside"
        Assert.Equal(0, runner.CurrentHeldS);
        Assert.Equal(0, runner.OutsideBandS(0));
        for (int i = 0; i < 300; i++) runner.Tick(0.1, 110.1, 0.1);  // 30 s in band
        for (int i = 0; i < 150; i++) runner.Tick(0.1, 109.5, 0.3);  // a cold wafer: 15 s out of band
        Assert.Equal(30, runner.CurrentHeldS, 6);
        Assert.Equal(15, runner.OutsideBandS(0), 6);
        for (int i = 0; i < 299; i++) runner.Tick(0.1, 109.9, 0.1);
        Assert.Equal(0, runner.SegmentIndex);
        runner.Tick(0.1, 110, 0.1);
        Assert.Equal(1, runner.SegmentIndex);                        // 60 s counted inside: done
        Assert.Equal(15, runner.TotalOutsideBandS, 6);
        Assert.True(runner.TakeCompletedHold(out double target, out double duty));
        Assert.Equal(110, target);
        Assert.Equal(0.1, duty, 6);
        Assert.False(runner.TakeCompletedHold(out _, out _));       // reported once
    }

    [Fact]
    public void Cool_keeps_the_heater_off_until_below_target_then_completes()
    {
        var runner = new BakeProgramRunner();
        runner.Load([BakeSegment.Cool(50)], 180);
        runner.Start(110);
        Assert.False(runner.HeaterEnabled);
        runner.Tick(0.1, 60, 0);
        Assert.Equal(BakeProgramStatus.Running, runner.Status);
        runner.Tick(0.1, 49.9, 0);
        Assert.Equal(BakeProgramStatus.Completed, runner.Status);
    }

    [Fact]
    public void Abort_stops_the_program()
    {
        var runner = new BakeProgramRunner();
        runner.Load([BakeSegment.Hold(100, 60, 0.5)], 180);
        runner.Start(25);
        runner.Abort();
        Assert.Equal(BakeProgramStatus.Aborted, runner.Status);
        Assert.False(runner.HeaterEnabled);
        runner.Tick(0.1, 100, 0);
        Assert.Equal(0, runner.CurrentHeldS);
    }
}
