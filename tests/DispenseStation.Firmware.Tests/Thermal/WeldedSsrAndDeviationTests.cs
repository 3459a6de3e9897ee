using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

/// <summary>The two alarms issue 16 added: welded SSR (heat with the heater off) and above-setpoint deviation.</summary>
public class WeldedSsrAndDeviationTests
{
    private readonly FakeHeater _heater = new();
    private readonly ThermalSafetyLimits _limits = new();
    private readonly ThermalSafety _safety;
    private long _now;

    public WeldedSsrAndDeviationTests() => _safety = new ThermalSafety(_heater, _limits);

    private void Period(double celsius, double duty, double setpoint = double.NaN)
    {
        _now += 100;
        bool usable = _safety.Evaluate(_now, true, celsius, 0, setpoint);
        _safety.ApplyDuty(_now, usable ? duty : 0);
    }

    [Fact]
    public void Stated_limits_fit_the_stated_detection_times()
    {
        Assert.True(_limits.WeldedGraceS + 2 * _limits.WeldedWindowS <= 30);
        Assert.True(_limits.AboveWindowS <= 10);
        Assert.Contains("30 s", new ThermalSafetyLimits { WeldedGraceS = 20, WeldedWindowS = 6 }.Validate());
    }

    [Fact]
    public void Plate_rising_with_the_heater_off_latches_a_welded_ssr_within_30_s()
    {
        double c = 110;
        Period(c, 0); // heater commanded off from here
        long offAt = _now;
        while (_safety.Fault == ThermalFault.None && _now - offAt < 40_000)
        {
            c += 0.07; // 0.7 °C/s: a welded 1200 W heater
            Period(c, 0);
        }
        Assert.Equal(ThermalFault.SsrWelded, _safety.Fault);
        Assert.InRange(_now - offAt, (long)(_limits.WeldedGraceS * 1000), 30_000);
        Assert.Equal(0, _heater.AppliedDuty);
    }

    [Fact]
    public void Rise_just_under_the_limit_per_window_is_not_a_welded_ssr()
    {
        double c = 110;
        for (int i = 0; i < 1200; i++)
        {
            // Residual element heat: just under WeldedRiseC per window, then cooling.
            c += i < 400 ? 0.99 * _limits.WeldedRiseC / (_limits.WeldedWindowS * 10) : -0.005;
            Period(c, 0);
        }
        Assert.Equal(ThermalFault.None, _safety.Fault);
    }

    [Fact]
    public void Heat_while_the_heater_is_on_is_not_a_welded_ssr()
    {
        double c = 25;
        for (int i = 0; i < 600; i++) { c += 0.07; Period(c, 0.5); }
        Assert.Equal(ThermalFault.None, _safety.Fault);
    }

    [Fact]
    public void Welded_ssr_overrides_a_fault_latched_before_it()
    {
        double c = 110;
        Period(c, 0.1, 110);
        for (int i = 0; i < 400 && _safety.Fault != ThermalFault.SsrWelded; i++) { c += 0.07; Period(c, 0.1, 110); }
        Assert.Equal(ThermalFault.SsrWelded, _safety.Fault); // AboveSetpoint tripped first, then this
    }

    [Fact]
    public void Above_setpoint_by_its_margin_for_its_window_trips_and_not_a_tick_sooner()
    {
        Period(110, 0.1, 110); // reached: armed
        double over = 110 + _limits.AboveMarginC + 0.01;
        long start = _now + 100;
        int periods = (int)(_limits.AboveWindowS * 10);
        for (int i = 0; i < periods; i++)
        {
            Period(over, 0.1, 110);
            Assert.Equal(ThermalFault.None, _safety.Fault);
        }
        Period(over, 0.1, 110);
        Assert.Equal(ThermalFault.AboveSetpoint, _safety.Fault);
        Assert.Equal((long)(_limits.AboveWindowS * 1000), _now - start);
    }

    [Fact]
    public void Exactly_at_the_margin_or_above_an_unreached_or_lowered_setpoint_does_not_trip()
    {
        Period(110, 0.1, 110);
        for (int i = 0; i < 100; i++) Period(110 + _limits.AboveMarginC, 0.1, 110);
        Assert.Equal(ThermalFault.None, _safety.Fault);
        // Segment down to 100 °C: the plate cools through 'above' without an alarm until it reaches 100.
        for (int i = 0; i < 100; i++) Period(110, 0, 100);
        Assert.Equal(ThermalFault.None, _safety.Fault);
    }
}
