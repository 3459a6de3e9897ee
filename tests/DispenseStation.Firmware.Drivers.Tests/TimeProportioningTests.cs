using DispenseStation.Firmware.Drivers.Logic;

namespace DispenseStation.Firmware.Drivers.Tests;

public class TimeProportioningTests
{
    /// <summary>Runs the proportioner at 10 ms resolution and returns total on-time and the shortest on/off pulse.</summary>
    private static (long onMs, long shortestPulse, int pulses) Run(TimeProportioning tp, double duty, long durationMs)
    {
        tp.RequestedDuty = duty;
        long on = 0, shortest = long.MaxValue, runStart = -1;
        bool last = false;
        int pulses = 0;
        for (long t = 0; t < durationMs; t += 10)
        {
            bool state = tp.Update(t);
            if (state) on += 10;
            if (state != last)
            {
                if (runStart >= 0) shortest = Math.Min(shortest, t - runStart);
                runStart = t;
                if (state) pulses++;
            }
            last = state;
        }
        return (on, shortest, pulses);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.25)]
    [InlineData(0.73)]
    public void Mid_range_duty_gives_that_fraction_of_each_window(double duty)
    {
        var tp = new TimeProportioning(1000, 100);
        var (on, _, pulses) = Run(tp, duty, 20_000);
        Assert.InRange(on / 20_000.0, duty - 0.011, duty + 0.011);
        Assert.Equal(20, pulses);
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.05)]
    [InlineData(0.96)]
    public void Duty_below_the_minimum_switching_period_is_carried_so_the_average_holds(double duty)
    {
        var tp = new TimeProportioning(1000, 100);
        var (on, shortest, _) = Run(tp, duty, 100_000);
        Assert.InRange(on / 100_000.0, duty - 0.005, duty + 0.005);
        Assert.True(shortest >= 100, $"a pulse of {shortest} ms is shorter than the 100 ms minimum");
    }

    [Fact]
    public void Zero_and_full_duty_never_switch()
    {
        var off = Run(new TimeProportioning(1000, 100), 0, 10_000);
        Assert.Equal(0, off.onMs);
        var full = Run(new TimeProportioning(1000, 100), 1, 10_000);
        Assert.Equal(10_000, full.onMs);
        Assert.Equal(1, full.pulses); // on once at the start, never off again
    }

    [Fact]
    public void Duty_is_latched_at_the_window_start()
    {
        var tp = new TimeProportioning(1000, 0);
        tp.RequestedDuty = 0.3;
        Assert.True(tp.Update(0));
        tp.RequestedDuty = 0.9;
        Assert.False(tp.Update(500));
        Assert.True(tp.Update(1500));
        Assert.Equal(900, tp.OnMsThisWindow);
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(-0.4, 0)]
    [InlineData(7, 1)]
    public void Bad_duties_are_clamped(double requested, double expected)
    {
        var tp = new TimeProportioning(1000, 100) { RequestedDuty = requested };
        Assert.Equal(expected, tp.RequestedDuty);
    }

    [Fact]
    public void A_late_caller_skips_missed_windows()
    {
        var tp = new TimeProportioning(1000, 0) { RequestedDuty = 0.5 };
        Assert.True(tp.Update(0));
        Assert.True(tp.Update(10_100));
        Assert.False(tp.Update(10_600));
    }

    [Fact]
    public void Reset_forgets_owed_time()
    {
        var tp = new TimeProportioning(1000, 100) { RequestedDuty = 0.04 };
        tp.Update(0);
        tp.Update(1000);
        tp.Reset();
        tp.RequestedDuty = 0.04;
        Assert.False(tp.Update(5000));
        Assert.Equal(0, tp.OnMsThisWindow);
    }

    [Fact]
    public void Invalid_configuration_names_the_parameter()
    {
        Assert.Equal("windowMs", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeProportioning(0, 0)).ParamName);
        Assert.Equal("minSwitchMs", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeProportioning(1000, 600)).ParamName);
    }
}
