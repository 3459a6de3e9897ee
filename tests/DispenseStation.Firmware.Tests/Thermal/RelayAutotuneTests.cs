using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class RelayAutotuneTests
{
    private const double Step = 0.1;

    private static AutotuneResult Tune(FopdtPlant plant, AutotuneSettings settings, double maxS = 5000)
    {
        var tune = new RelayAutotune();
        tune.Start(settings, 0);
        for (double t = 0; t < maxS && tune.IsRunning; t += Step)
            plant.Step(tune.Tick(t, plant.Temperature));
        return tune.Result;
    }

    [Theory]
    [InlineData(600.0, 900.0, 8.0)]
    [InlineData(400.0, 300.0, 15.0)]
    public void Fits_a_first_order_plus_dead_time_plant(double gain, double tau, double theta)
    {
        var plant = new FopdtPlant(gain, tau, theta, 22, Step);
        var settings = new AutotuneSettings { SetpointC = 110, AmbientC = 22, HysteresisC = 0.1, MaxTemperatureC = 200, MaxDurationS = 5000 };
        var r = Tune(plant, settings);

        Assert.Equal(AutotuneStatus.Succeeded, r.Status);
        // Ultimate period of a FOPDT with tau >> theta is close to 4 theta (relay with small hysteresis).
        Assert.InRange(r.UltimatePeriodS, 3.3 * theta, 4.6 * theta);
        // The relay measures the plant at one frequency; the fit must land near the true model.
        Assert.InRange(r.ProcessGainCPerDuty, gain * 0.9, gain * 1.1);
        Assert.InRange(r.DeadTimeS, theta * 0.75, theta * 1.3);
        Assert.InRange(r.TimeConstantS, tau * 0.6, tau * 1.5);
        Assert.InRange(r.MeanDuty, 88 / gain * 0.9, 88 / gain * 1.1);
    }

    [Fact]
    public void Aborts_with_heater_off_at_its_maximum_temperature()
    {
        // Sensor reads 15 °C high at the relay's peak: a plant that overshoots past the autotune's own limit.
        var plant = new FopdtPlant(600, 200, 30, 22, Step);
        var settings = new AutotuneSettings { SetpointC = 110, AmbientC = 22, MaxTemperatureC = 112, MaxDurationS = 5000 };
        var tune = new RelayAutotune();
        tune.Start(settings, 0);
        double last = 1;
        for (double t = 0; t < 5000 && tune.IsRunning; t += Step)
        {
            last = tune.Tick(t, plant.Temperature);
            plant.Step(last);
        }
        Assert.Equal(AutotuneStatus.FailedOverTemperature, tune.Status);
        Assert.Equal(0, last);
        Assert.False(tune.Result.Succeeded);
    }

    [Fact]
    public void Aborts_with_heater_off_when_it_runs_out_of_time()
    {
        var plant = new FopdtPlant(600, 900, 8, 22, Step);
        var settings = new AutotuneSettings { SetpointC = 110, AmbientC = 22, MaxTemperatureC = 150, MaxDurationS = 60 };
        var r = Tune(plant, settings);
        Assert.Equal(AutotuneStatus.FailedTimeout, r.Status);
        Assert.InRange(r.DurationS, 60, 60.2);
    }

    [Fact]
    public void Bad_settings_are_rejected_naming_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => new RelayAutotune().Start(new AutotuneSettings { HysteresisC = 0 }, 0));
        Assert.Contains("HysteresisC", e.Message);
        e = Assert.Throws<ArgumentException>(() => new RelayAutotune().Start(new AutotuneSettings { SetpointC = 110, MaxTemperatureC = 105 }, 0));
        Assert.Contains("MaxTemperatureC", e.Message);
    }

    [Fact]
    public void Tuning_rules_follow_their_formulas()
    {
        var r = new AutotuneResult
        {
            Status = AutotuneStatus.Succeeded, UltimateGain = 0.3, UltimatePeriodS = 40,
            ProcessGainCPerDuty = 800, TimeConstantS = 1000, DeadTimeS = 10,
        };
        var zn = TuningRules.Compute(r, TuningRule.ZieglerNichols);
        Assert.Equal((0.18, 20.0, 5.0), (Math.Round(zn.Kp, 9), zn.Ti, zn.Td));
        var tl = TuningRules.Compute(r, TuningRule.TyreusLuyben);
        Assert.Equal(0.3 / 2.2, tl.Kp, 12);
        Assert.Equal(88, tl.Ti, 9);
        Assert.Equal(40 / 6.3, tl.Td, 9);
        var simc = TuningRules.Compute(r, TuningRule.Simc);
        Assert.Equal(1000 / (800 * 20.0), simc.Kp, 12);
        Assert.Equal(80, simc.Ti, 9); // min(tau, 4 (tc + theta))
        Assert.Equal(0, simc.Td);
        var lambda = TuningRules.Compute(r, TuningRule.Lambda);
        Assert.Equal(1000 / (800 * 40.0), lambda.Kp, 12);
        Assert.Equal(1000, lambda.Ti, 9);
        var simcPid = TuningRules.Compute(r, TuningRule.SimcPid);
        // Series Kc=tau/(K*10)=0.125, Ti=40, Td=5 -> ISA: x(1 + 5/40).
        Assert.Equal(0.125 * 1.125, simcPid.Kp, 12);
        Assert.Equal(45, simcPid.Ti, 9);
        Assert.Equal(5 / 1.125, simcPid.Td, 9);
        // The detuned rules are gentler than Ziegler-Nichols.
        Assert.True(tl.Kp < zn.Kp && tl.Ti > zn.Ti);
    }

    [Fact]
    public void A_failed_autotune_yields_no_gains()
    {
        var e = Assert.Throws<ArgumentException>(() => TuningRules.Compute(new AutotuneResult { Status = AutotuneStatus.FailedTimeout }, TuningRule.Simc));
        Assert.Contains("autotune", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(0.7)]
    [InlineData(1.0)]
    [InlineData(-3.5)]
    [InlineData(250.0)]
    public void Atan_matches_the_framework(double x)
    {
        Assert.Equal(Math.Atan(x), ThermalMath.Atan(x), 12);
    }
}
