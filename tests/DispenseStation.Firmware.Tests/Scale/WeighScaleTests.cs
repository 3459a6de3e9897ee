using DispenseStation.Firmware.Scale;
using DispenseStation.Simulation;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Scale;

public class WeighScaleTests
{
    private static readonly ScaleCalibration Cal = new(84_000, 4_000);

    private static (WeighScale scale, ScriptedAdc adc, SimClock clock) Make(ScaleSettings? settings = null)
    {
        var adc = new ScriptedAdc();
        var clock = new SimClock();
        return (new WeighScale(adc, clock, Cal, settings ?? new ScaleSettings()), adc, clock);
    }

    private static void Feed(WeighScale scale, ScriptedAdc adc, SimClock clock, double grams, int samples)
    {
        for (int i = 0; i < samples; i++)
        {
            clock.Advance(12);
            adc.Push((int)Math.Round(84_000 + 4_000 * grams));
            scale.Update();
        }
    }

    [Fact]
    public void Tare_needs_a_stable_weight_and_then_zeroes_the_net()
    {
        var (scale, adc, clock) = Make();
        Feed(scale, adc, clock, 150, 3);
        Assert.False(scale.TryTare());
        Assert.Equal(0, scale.TareGrams);
        Feed(scale, adc, clock, 150, 200);
        Assert.True(scale.TryTare());
        Assert.InRange(scale.NetGrams, -0.001, 0.001);
        Feed(scale, adc, clock, 162.5, 200);
        Assert.InRange(scale.StableNetGrams, 12.499, 12.501);
    }

    [Fact]
    public void Zero_tracking_absorbs_slow_drift_near_zero_only_when_enabled()
    {
        var settings = new ScaleSettings { ZeroTrackRateGramsPerS = 0.01 };
        var (on, adcOn, clockOn) = Make(settings);
        var (off, adcOff, clockOff) = Make(settings);
        off.ZeroTrackingEnabled = false;
        foreach (var (s, a, c) in new[] { (on, adcOn, clockOn), (off, adcOff, clockOff) })
        {
            Feed(s, a, c, 150, 200);
            Assert.True(s.TryTare());
            Feed(s, a, c, 150.01, 80 * 20); // 10 mg of zero creep, held 20 s
        }
        Assert.InRange(on.StableNetGrams, -0.001, 0.001);
        Assert.InRange(off.StableNetGrams, 0.009, 0.011);
    }

    [Fact]
    public void Zero_tracking_leaves_real_loads_alone()
    {
        var (scale, adc, clock) = Make();
        Feed(scale, adc, clock, 150, 200);
        scale.TryTare();
        Feed(scale, adc, clock, 150.05, 80 * 30); // 50 mg is a dose, not drift
        Assert.InRange(scale.StableNetGrams, 0.049, 0.051);
    }

    [Fact]
    public void Silence_and_rails_are_reported()
    {
        var (scale, adc, clock) = Make();
        Feed(scale, adc, clock, 150, 10);
        Assert.False(scale.IsSilent);
        clock.Advance(501);
        Assert.False(scale.Update());
        Assert.True(scale.IsSilent);
        adc.Push(WeighScale.AdcMax);
        Assert.True(scale.Update());
        Assert.False(scale.IsSilent);
        Assert.True(scale.IsSaturated);
    }

    [Fact]
    public void Two_point_calibration_on_the_simulated_load_cell_reads_a_reference_mass()
    {
        var rig = new DosingRig(DosingPlantParameters.LoadDefault(), seed: 5);
        // Start from a deliberately wrong calibration, as a fresh unit would.
        var scale = new WeighScale(rig.LoadCell, rig.Clock, new ScaleCalibration(0, 3_000), new ScaleSettings());
        rig.RemoveBottle();
        double rawEmpty = StableRaw(rig, scale);
        rig.ReferenceMassGrams = 200;
        double rawRef = StableRaw(rig, scale);
        scale.SetCalibration(ScaleCalibration.FromTwoPoints(rawEmpty, 0, rawRef, 200));

        rig.ReferenceMassGrams = 0;
        rig.ReplaceBottle(); // 150 g bottle
        Settle(rig, scale);
        Assert.InRange(scale.StableNetGrams, 150 - 0.01, 150 + 0.01);
    }

    [Fact]
    public void A_calibration_restored_before_the_first_conversion_starts_the_filter_at_the_first_real_reading()
    {
        // Boot order on the station: the stored calibration is set before the ADC has converted once.
        var (scale, adc, clock) = Make();
        scale.SetCalibration(new ScaleCalibration(84_000, 4_000));
        Feed(scale, adc, clock, 215.9, 1);
        Assert.InRange(scale.NetGrams, 215.9 - 0.001, 215.9 + 0.001);
        for (int i = 0; i < 40; i++)
        {
            Feed(scale, adc, clock, 215.9, 1);
            Assert.InRange(scale.NetGrams, 215.9 - 0.001, 215.9 + 0.001); // no ringing from a phantom start
        }
    }

    [Fact]
    public void A_calibration_set_after_readings_re_expresses_the_last_reading_at_once()
    {
        var (scale, adc, clock) = Make();
        Feed(scale, adc, clock, 100, 50);
        scale.SetCalibration(new ScaleCalibration(84_000, 2_000)); // the same counts now mean twice the grams
        Assert.InRange(scale.NetGrams, 200 - 0.001, 200 + 0.001);
    }

    private static double StableRaw(DosingRig rig, WeighScale scale)
    {
        for (int i = 0; i < 300 || !scale.IsRawStable; i++)
        {
            rig.Step(10);
            scale.Update();
            if (i > 3000) throw new Xunit.Sdk.XunitException("raw reading never stable");
        }
        return scale.StableRawCounts;
    }

    private static void Settle(DosingRig rig, WeighScale scale)
    {
        for (int i = 0; i < 300 || !scale.IsStable; i++)
        {
            rig.Step(10);
            scale.Update();
            if (i > 3000) throw new Xunit.Sdk.XunitException("never stable");
        }
    }
}

public class BalanceScaleSettingsTests
{
    private static (WeighScale scale, ScriptedAdc adc, SimClock clock) Balance()
    {
        var adc = new ScriptedAdc(10);
        var clock = new SimClock();
        return (new WeighScale(adc, clock, new ScaleCalibration(0, 1_000_000), ScaleSettings.ForBalance(0.001)), adc, clock);
    }

    private static int ReadingsUntilStable(double startGrams, double gramsPerS, int max)
    {
        var (scale, adc, clock) = Balance();
        for (int i = 0; i < max; i++)
        {
            clock.Advance(100);
            adc.Push((int)Math.Round((startGrams + gramsPerS * i / 10.0) * 1_000_000)); // counts of 1 ug (5 g stays below the ADC rail): no rounding at the band
            scale.Update();
            if (scale.IsStable) return i + 1;
        }
        return -1;
    }

    [Fact]
    public void A_resting_weight_is_stable_after_seven_readings_of_a_10_per_s_balance()
    {
        // 2 readings per short average, 6 short averages in the window: the 7th reading completes it.
        Assert.Equal(7, ReadingsUntilStable(5, 0, 50));
    }

    [Theory]
    [InlineData(0.0079, true)]
    [InlineData(0.0081, false)]
    [InlineData(0.1, false)]
    public void A_weight_creeping_faster_than_4_mg_per_half_second_is_never_stable(double gramsPerS, bool stable)
    {
        // The first and last short averages of the window are 0.5 s apart and differ by rate x 0.5 s; the band is 4 x 1 mg.
        Assert.Equal(stable, ReadingsUntilStable(5, gramsPerS, 100) > 0);
    }

    [Fact]
    public void Balance_settings_follow_the_repeatability_and_have_no_frozen_check()
    {
        var s = ScaleSettings.ForBalance(0.0001);
        Assert.Equal(0.0004, s.StableBandGrams, 12);
        Assert.Equal(0.0001, s.RepeatabilityGrams, 12);
        Assert.Equal(0, s.FrozenSamples);
    }
}
