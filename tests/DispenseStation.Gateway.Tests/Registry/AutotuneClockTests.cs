using DispenseStation.Gateway.Registry;

namespace DispenseStation.Gateway.Tests.Registry;

/// <summary>The autotune end estimate: cycles to go x last cycle, on the gateway's clock whatever the station clock's rate.</summary>
public class AutotuneClockTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_764_000_000);

    [Fact]
    public void On_a_real_time_station_the_end_is_cycles_to_go_times_the_last_cycle()
    {
        // Started at uptime 10 s; 300 s later (station and gateway alike) 3 cycles of 60 s remain.
        var e = AutotuneClock.Estimate(3, 3, 60, (T0, 10_000), T0.AddSeconds(300), 310_000);
        Assert.Equal(180, e.RemainingS!.Value, 6);
        Assert.Equal(T0.AddSeconds(480), e.EndsAt);
        Assert.Equal((3, 3, 60.0), (e.CyclesDone, e.CyclesRemaining, e.LastCycleS!.Value));
    }

    [Fact]
    public void A_station_clock_running_40_times_faster_ends_40_times_sooner_on_the_gateway_clock()
    {
        var e = AutotuneClock.Estimate(2, 4, 60, (T0, 0), T0.AddSeconds(5), 200_000);
        Assert.Equal(4 * 60 / 40.0, e.RemainingS!.Value, 6);
    }

    [Theory]
    [InlineData(0.999)]   // just under the baseline the rate is not trusted: taken as 1
    [InlineData(0.0)]
    public void Too_short_a_baseline_takes_the_station_clock_as_real_time(double gatewayS)
    {
        var e = AutotuneClock.Estimate(1, 2, 50, (T0, 0), T0.AddSeconds(gatewayS), 100_000);
        Assert.Equal(100, e.RemainingS!.Value, 6);
    }

    [Fact]
    public void At_the_baseline_the_measured_rate_is_used()
    {
        var e = AutotuneClock.Estimate(1, 2, 50, (T0, 0), T0.AddSeconds(AutotuneClock.MinBaselineS), 10_000);
        Assert.Equal(10, e.RemainingS!.Value, 6);
    }

    [Fact]
    public void Without_a_start_or_a_cycle_length_there_is_no_end_to_tell()
    {
        Assert.Equal(100, AutotuneClock.Estimate(1, 2, 50, null, T0, 5_000).RemainingS!.Value, 6);
        var none = AutotuneClock.Estimate(0, 6, double.NaN, (T0, 0), T0.AddSeconds(30), 30_000);
        Assert.Null(none.RemainingS);
        Assert.Null(none.EndsAt);
        Assert.Equal(6, none.CyclesRemaining);
    }
}
