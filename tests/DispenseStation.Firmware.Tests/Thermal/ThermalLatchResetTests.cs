using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

/// <summary>
/// Latch and reset semantics, one row per thermal fault: once tripped the heater is off and stays off
/// through good readings and duty requests; Reset is refused while the cause is still seen (a bad read,
/// a plate above the cut-off); once the cause is gone Reset clears the latch, the heater stays off until
/// the controller commands it again, and then it heats.
/// </summary>
public class ThermalLatchResetTests
{
    private readonly FakeHeater _heater = new();
    private readonly ThermalSafety _safety;
    private long _now;

    public ThermalLatchResetTests() => _safety = new ThermalSafety(_heater, new ThermalSafetyLimits());

    private bool Period(double celsius, double duty, double setpoint = double.NaN, bool ok = true, int bits = 0)
    {
        _now += 100;
        bool usable = _safety.Evaluate(_now, ok, celsius, bits, setpoint);
        _safety.ApplyDuty(_now, usable ? duty : 0);
        return usable;
    }

    public static TheoryData<ThermalFault> EveryFault()
    {
        var data = new TheoryData<ThermalFault>();
        foreach (ThermalFault f in Enum.GetValues<ThermalFault>())
            if (f != ThermalFault.None) data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryFault))]
    public void Each_fault_latches_with_the_heater_off_until_reset(ThermalFault fault)
    {
        Trip(fault);
        Assert.Equal(fault, _safety.Fault);
        Assert.Equal(0, _heater.AppliedDuty);
        long trippedAt = _safety.TrippedAtMs;

        // Good readings and duty requests for a minute change nothing: only Reset clears a latch.
        for (int i = 0; i < 600; i++) Period(100 + (i % 2) * 0.01, 0.5, setpoint: 100);
        Assert.Equal(fault, _safety.Fault);
        Assert.Equal(trippedAt, _safety.TrippedAtMs);
        Assert.Equal(0, _heater.AppliedDuty);
    }

    [Theory]
    [MemberData(nameof(EveryFault))]
    public void Reset_clears_each_fault_once_its_cause_is_gone_and_the_heater_waits_for_a_command(ThermalFault fault)
    {
        Trip(fault);
        RemoveCause(fault);
        Assert.True(_safety.Reset(), $"reset refused for {fault} with its cause gone");
        Assert.Equal(ThermalFault.None, _safety.Fault);
        Assert.False(_safety.IsTripped);
        Assert.Equal(0, _heater.AppliedDuty);

        Assert.True(Period(100, 0.4, setpoint: 100));
        Assert.Equal(0.4, _heater.AppliedDuty);
    }

    public static TheoryData<ThermalFault> FaultsWithAVisibleCause() => new()
    {
        ThermalFault.OverTemperature, ThermalFault.SensorOpen, ThermalFault.SensorShort, ThermalFault.SensorNoResponse,
    };

    [Theory]
    [MemberData(nameof(FaultsWithAVisibleCause))]
    public void Reset_is_refused_while_the_cause_is_still_seen(ThermalFault fault)
    {
        Trip(fault);
        // The cause persists in the next reading.
        if (fault == ThermalFault.OverTemperature) Period(205, 1);
        else Period(100, 0.3, ok: false, bits: Bits(fault));
        Assert.False(_safety.Reset());
        Assert.Equal(fault, _safety.Fault);
        Assert.Equal(0, _heater.AppliedDuty);
    }

    [Fact]
    public void Reset_with_nothing_latched_is_accepted_and_changes_nothing()
    {
        Period(100, 0.3, setpoint: 100);
        Assert.True(_safety.Reset());
        Assert.Equal(ThermalFault.None, _safety.Fault);
    }

    private void Trip(ThermalFault fault)
    {
        Period(100, 0.3, setpoint: 100);
        switch (fault)
        {
            case ThermalFault.OverTemperature:
                Period(200.0, 1);
                break;
            case ThermalFault.SensorOpen:
            case ThermalFault.SensorShort:
            case ThermalFault.SensorNoResponse:
                for (int i = 0; i < 3; i++) Period(100, 0.3, ok: false, bits: Bits(fault));
                break;
            case ThermalFault.SensorImplausibleJump:
                Period(110, 0.3);
                break;
            case ThermalFault.SensorStuck:
                for (int i = 0; i < 101; i++) Period(100.0, 0.3);
                break;
            case ThermalFault.RunawayNoRise:
                for (int i = 0; i < 320; i++) Period(100 + (i % 2) * 0.01, 1);
                break;
            case ThermalFault.RunawayFallingAway:
                double t = 100;
                while (t < 110) Period(t += 0.05, 0.5, setpoint: 110);
                for (int i = 0; i < 100; i++) Period(t -= 0.06, 0.5, setpoint: 110);
                for (int i = 0; i < 250; i++) Period(t + (i % 2) * 0.03, 0.5, setpoint: 110);
                break;
            case ThermalFault.HeaterWatchdog:
                _safety.CheckWatchdog(_now + 1000);
                _now += 1000;
                break;
            case ThermalFault.SsrWelded:
                double w = 100;
                for (int i = 0; i < 400 && _safety.Fault == ThermalFault.None; i++) Period(w += 0.07, 0);
                break;
            case ThermalFault.AboveSetpoint:
                for (int i = 0; i < 51; i++) Period(102.5, 0.3, setpoint: 100);
                break;
            default:
                throw new ArgumentException(fault.ToString());
        }
        Assert.Equal(fault, _safety.Fault);
    }

    /// <summary>A good reading below the cut-off: what every cause looks like once it is gone.</summary>
    private void RemoveCause(ThermalFault fault) => _safety.Evaluate(_now += 100, true, 100, 0, double.NaN);

    private static int Bits(ThermalFault fault) => fault switch
    {
        ThermalFault.SensorOpen => SensorFaults.HighThreshold,
        ThermalFault.SensorShort => SensorFaults.LowThreshold,
        _ => SensorFaults.NoResponse,
    };
}
