using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class ThermalSafetyTests
{
    private readonly FakeHeater _heater = new();
    private readonly ThermalSafetyLimits _limits = new();
    private readonly ThermalSafety _safety;
    private long _now;

    public ThermalSafetyTests() => _safety = new ThermalSafety(_heater, _limits);

    /// <summary>One 100 ms control period: evaluate the reading, then apply the duty.</summary>
    private bool Period(double celsius, double duty, double setpoint = double.NaN, bool ok = true, int bits = 0)
    {
        _now += 100;
        bool usable = _safety.Evaluate(_now, ok, celsius, bits, setpoint);
        _safety.ApplyDuty(_now, usable ? duty : 0);
        return usable;
    }

    private void AssertTripped(ThermalFault fault)
    {
        Assert.Equal(fault, _safety.Fault);
        Assert.Equal(0, _heater.AppliedDuty);
        // Latched: good readings and duty requests change nothing until Reset.
        Period(50, 0.5);
        Assert.Equal(fault, _safety.Fault);
        Assert.Equal(0, _heater.AppliedDuty);
    }

    [Fact]
    public void Heater_is_off_from_construction()
    {
        Assert.Equal(1, _heater.ForceOffCount);
    }

    [Fact]
    public void Over_temperature_cuts_off_on_the_first_reading()
    {
        Period(199.9, 1);
        Assert.Equal(1, _heater.AppliedDuty);
        Period(200.0, 1);
        AssertTripped(ThermalFault.OverTemperature);
    }

    [Theory]
    [InlineData(SensorFaults.HighThreshold | SensorFaults.RefInLow, ThermalFault.SensorOpen)]
    [InlineData(SensorFaults.LowThreshold, ThermalFault.SensorShort)]
    [InlineData(SensorFaults.NoResponse, ThermalFault.SensorNoResponse)]
    [InlineData(SensorFaults.OverUnderVoltage, ThermalFault.SensorNoResponse)]
    public void Sensor_faults_trip_after_three_bad_reads_heater_off_meanwhile(int bits, ThermalFault expected)
    {
        Period(100, 0.3);
        Assert.False(Period(100, 0.3, ok: false, bits: bits));
        Assert.Equal(0, _heater.AppliedDuty);   // a bad read never heats
        Assert.Equal(ThermalFault.None, _safety.Fault);
        Period(100, 0.3, ok: false, bits: bits);
        Period(100, 0.3, ok: false, bits: bits);
        AssertTripped(expected);
    }

    [Fact]
    public void A_single_glitch_is_tolerated()
    {
        Period(100, 0.3);
        Period(100, 0.3, ok: false, bits: SensorFaults.HighThreshold);
        Period(100.01, 0.3);
        Assert.Equal(ThermalFault.None, _safety.Fault);
        Assert.Equal(0.3, _heater.AppliedDuty);
    }

    [Theory]
    [InlineData(450.0, ThermalFault.SensorOpen)]
    [InlineData(-60.0, ThermalFault.SensorShort)]
    public void Readings_outside_the_plausible_range_are_a_broken_circuit(double reading, ThermalFault expected)
    {
        for (int i = 0; i < 3; i++) Period(reading, 0.3);
        Assert.Equal(expected, _safety.Fault);
    }

    [Fact]
    public void Implausible_jump_trips_at_once()
    {
        Period(100, 0.2);
        Period(102.4, 0.2); // 2.4 °C in 0.1 s: within 1 + 15 x 0.1
        Assert.Equal(ThermalFault.None, _safety.Fault);
        Period(105.0, 0.2); // 2.6 °C: beyond
        AssertTripped(ThermalFault.SensorImplausibleJump);
    }

    [Fact]
    public void Stuck_reading_while_heating_trips_after_the_stuck_time()
    {
        Period(100, 0.2);
        for (int i = 0; i < 99; i++) Period(100.0, 0.2); // 9.9 s identical
        Assert.Equal(ThermalFault.None, _safety.Fault);
        Period(100.0, 0.2);
        AssertTripped(ThermalFault.SensorStuck);
    }

    [Fact]
    public void An_identical_reading_with_the_heater_off_is_not_stuck()
    {
        for (int i = 0; i < 300; i++) Period(22.0, 0);
        Assert.Equal(ThermalFault.None, _safety.Fault);
    }

    [Fact]
    public void Full_duty_without_rise_is_runaway()
    {
        double t = 100;
        for (int i = 0; i < 290; i++) Period(t += 0.005 * (i % 2 == 0 ? 1 : -0.5), 1); // 29 s, ~0.7 °C rise
        Assert.Equal(ThermalFault.None, _safety.Fault);
        for (int i = 0; i < 20; i++) Period(t += 0.001, 1);
        AssertTripped(ThermalFault.RunawayNoRise);
    }

    [Fact]
    public void Full_duty_with_the_expected_rise_is_fine()
    {
        double t = 25;
        for (int i = 0; i < 1200; i++) Period(t += 0.05, 1); // 0.5 °C/s for 2 min
        Assert.Equal(ThermalFault.None, _safety.Fault);
    }

    [Fact]
    public void Falling_away_from_a_reached_setpoint_is_runaway()
    {
        double t = 105;
        while (t < 110) Period(t += 0.05, 0.5, setpoint: 110); // reach it: armed
        for (int i = 0; i < 100; i++) Period(t -= 0.06, 0.5, setpoint: 110); // falls to 104
        Assert.Equal(ThermalFault.None, _safety.Fault);
        for (int i = 0; i < 200; i++) Period(t + (i % 2) * 0.03, 0.5, setpoint: 110); // stays 6 °C low (noisy, not stuck)
        AssertTripped(ThermalFault.RunawayFallingAway);
    }

    [Fact]
    public void A_new_higher_setpoint_is_not_falling_away()
    {
        double t = 109.8;
        for (int i = 0; i < 10; i++) Period(t, 0.3, setpoint: 110);
        for (int i = 0; i < 600; i++) Period(t += 0.03, 1, setpoint: 150); // heating toward a new target
        Assert.Equal(ThermalFault.None, _safety.Fault);
    }

    [Fact]
    public void Watchdog_turns_a_heater_off_that_the_loop_stopped_refreshing()
    {
        Period(100, 0.4);
        _safety.CheckWatchdog(_now + 500);
        Assert.Equal(ThermalFault.None, _safety.Fault);
        _safety.CheckWatchdog(_now + 501);
        AssertTripped(ThermalFault.HeaterWatchdog);
    }

    [Fact]
    public void Watchdog_ignores_a_quiet_loop_with_the_heater_off()
    {
        Period(100, 0);
        _safety.CheckWatchdog(_now + 60_000);
        Assert.Equal(ThermalFault.None, _safety.Fault);
    }

    [Fact]
    public void Reset_is_refused_while_the_cause_remains_and_then_clears_the_latch()
    {
        Period(199, 1);
        Period(200.5, 1);
        Assert.Equal(ThermalFault.OverTemperature, _safety.Fault);
        Assert.False(_safety.Reset()); // still too hot
        _safety.Evaluate(_now += 100, true, 150, 0, double.NaN); // the plate has cooled
        Assert.True(_safety.Reset());
        Assert.Equal(ThermalFault.None, _safety.Fault);
        Assert.Equal(0, _heater.AppliedDuty);
    }

    [Fact]
    public void Reset_after_a_sensor_glitch_clears_once_readings_are_good()
    {
        Period(100, 0.3);
        for (int i = 0; i < 3; i++) Period(100, 0.3, ok: false, bits: SensorFaults.NoResponse);
        Assert.Equal(ThermalFault.SensorNoResponse, _safety.Fault);
        Assert.False(_safety.Reset()); // the last read was bad
    }

    [Fact]
    public void Reset_clears_a_watchdog_trip_and_the_heater_stays_off_until_commanded()
    {
        Period(100, 0.4);
        _safety.CheckWatchdog(_now + 1000);
        Assert.True(_safety.IsTripped);
        Assert.True(_safety.Reset());
        Assert.Equal(ThermalFault.None, _safety.Fault);
        Assert.Equal(0, _heater.AppliedDuty);
        Period(100, 0.4);
        Assert.Equal(0.4, _heater.AppliedDuty);
    }

    [Fact]
    public void Bad_limits_are_rejected_naming_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => new ThermalSafety(new FakeHeater(), new ThermalSafetyLimits { WatchdogTimeoutMs = 5 }));
        Assert.Contains("WatchdogTimeoutMs", e.Message);
    }
}
