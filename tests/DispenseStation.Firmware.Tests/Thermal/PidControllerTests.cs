using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class PidControllerTests
{
    private static PidSettings Settings(double b = 1, bool dOnMeasurement = true, AntiWindup antiWindup = AntiWindup.BackCalculation, double rate = 0) => new()
    {
        SamplePeriodS = 0.1,
        DerivativeFilterN = 10,
        SetpointWeight = b,
        DerivativeOnMeasurement = dOnMeasurement,
        AntiWindup = antiWindup,
        OutputRateLimitPerS = rate,
        OutputMin = -100,
        OutputMax = 100,
    };

    [Fact]
    public void Proportional_term_uses_the_weighted_setpoint_plus_feed_forward()
    {
        var pid = new PidController(new PidGains(2, 0, 0), Settings(b: 0.5));
        double u = pid.Update(setpoint: 10, measurement: 4, feedForward: 0.25);
        Assert.Equal(2 * (0.5 * 10 - 4) + 0.25, u, 12);
    }

    [Fact]
    public void Tracking_update_differentiates_the_error_so_a_planned_rise_is_not_braked()
    {
        // Reference and measurement rising together at 1 per step: D on the measurement would brake
        // by Kp*Td*rate; tracking sees no change in the error and adds nothing.
        var tracking = new PidController(new PidGains(1, 0, 5), Settings(dOnMeasurement: true));
        var plain = new PidController(new PidGains(1, 0, 5), Settings(dOnMeasurement: true));
        double u = 0, v = 0;
        for (int i = 0; i < 50; i++)
        {
            u = tracking.UpdateTracking(i + 0.5, i, 0);
            v = plain.Update(i + 0.5, i, 0);
        }
        Assert.Equal(0.5, u, 9);
        Assert.True(v < -10, $"D on measurement brakes the rise: {v}");
    }

    [Fact]
    public void Switching_to_automatic_with_a_new_setpoint_does_not_kick_the_error_derivative()
    {
        var pid = new PidController(new PidGains(1, 50, 5), Settings(dOnMeasurement: true));
        pid.SetManual(0.3);
        for (int i = 0; i < 20; i++) pid.Update(10, 10, 0); // manual: tracking the measurement
        pid.SetAutomatic(setpoint: 10.5, measurement: 10, feedForward: 0);
        double u = pid.UpdateTracking(10.5, 10, 0);
        Assert.Equal(0.3, u, 2); // bumpless: one sample of integral action only
    }

    [Fact]
    public void Derivative_on_measurement_gives_no_kick_on_a_setpoint_step_but_on_error_does()
    {
        var onMeasurement = new PidController(new PidGains(1, 0, 5), Settings(dOnMeasurement: true));
        var onError = new PidController(new PidGains(1, 0, 5), Settings(dOnMeasurement: false));
        onMeasurement.Update(0, 0, 0);
        onError.Update(0, 0, 0);
        double a = onMeasurement.Update(1, 0, 0);
        double b = onError.Update(1, 0, 0);
        Assert.Equal(1.0, a, 12); // only P
        Assert.True(b > 5, $"derivative on error should kick, got {b}");
    }

    [Fact]
    public void Derivative_is_low_pass_filtered_with_time_constant_Td_over_N()
    {
        var pid = new PidController(new PidGains(1, 0, 2), Settings());
        pid.Update(0, 0, 0);
        double first = pid.DerivativeTerm;
        pid.Update(0, -1, 0); // measurement falls by 1: D pushes up
        double d1 = pid.DerivativeTerm;
        pid.Update(0, -1, 0);
        double d2 = pid.DerivativeTerm;
        double tf = 2.0 / 10, ts = 0.1;
        Assert.Equal(0, first, 12);
        Assert.Equal(1 * 2 / (tf + ts), d1, 9);          // first response bounded by Kp*Td/(Tf+Ts), not infinite
        Assert.Equal(d1 * tf / (tf + ts), d2, 9);         // then decays geometrically
    }

    [Fact]
    public void Back_calculation_keeps_the_integrator_bounded_while_saturated()
    {
        var settings = Settings();
        settings.OutputMin = 0;
        settings.OutputMax = 1;
        var pid = new PidController(new PidGains(0.1, 20, 0), settings);
        for (int i = 0; i < 6000; i++) pid.Update(110, 25, 0); // 10 minutes of saturation
        // Integral settles where the unlimited output is just above the limit, not at 10 min of error.
        Assert.InRange(pid.IntegralTerm, -10, 5);
        Assert.Equal(1, pid.Output);
    }

    [Fact]
    public void Clamping_stops_integration_while_saturated_in_the_direction_of_the_error()
    {
        var settings = Settings(antiWindup: AntiWindup.Clamping);
        settings.OutputMin = 0;
        settings.OutputMax = 1;
        var pid = new PidController(new PidGains(0.1, 20, 0), settings);
        for (int i = 0; i < 6000; i++) pid.Update(110, 25, 0);
        Assert.Equal(0, pid.IntegralTerm, 12);
    }

    [Fact]
    public void Output_respects_limits_and_rate_limit()
    {
        var settings = Settings(rate: 0.5);
        settings.OutputMin = 0;
        settings.OutputMax = 1;
        var pid = new PidController(new PidGains(10, 0, 0), settings);
        double previous = 0;
        for (int i = 0; i < 40; i++)
        {
            double u = pid.Update(100, 0, 0);
            Assert.InRange(u, 0, 1);
            Assert.True(u - previous <= 0.05 + 1e-12, $"step {u - previous} exceeds 0.5/s x 0.1 s");
            previous = u;
        }
        Assert.Equal(1, previous, 12);
    }

    [Fact]
    public void Manual_to_automatic_is_bumpless()
    {
        var pid = new PidController(new PidGains(0.2, 30, 2), Settings());
        pid.SetManual(0.37);
        for (int i = 0; i < 50; i++) pid.Update(100, 80 + i * 0.1, 0.1);
        Assert.Equal(0.37, pid.Output, 12);
        pid.SetAutomatic();
        double u = pid.Update(100, 85.0, 0.1); // the measurement ramp continues
        // Only the proportional response to this sample's 0.1 °C rise (0.2 x 0.1) moves it: no bump.
        Assert.Equal(0.37 - 0.02, u, 6);
    }

    [Fact]
    public void Gain_change_is_bumpless()
    {
        var pid = new PidController(new PidGains(0.2, 30, 2), Settings());
        for (int i = 0; i < 50; i++) pid.Update(100, 95, 0);
        double before = pid.Update(100, 95, 0);
        pid.SetGains(new PidGains(0.6, 10, 0));
        double after = pid.Update(100, 95, 0);
        // Only one sample of integral action at the new gains separates them.
        Assert.Equal(before, after, 1);
        Assert.True(Math.Abs(after - before) < 0.6 * 0.1 / 10 * 5 + 1e-9);
    }

    [Fact]
    public void Gain_change_folds_only_the_P_change_into_the_integrator_and_rescales_D()
    {
        var pid = new PidController(new PidGains(0.2, 30, 4), Settings());
        for (int i = 0; i < 20; i++) pid.Update(100, 95 + (i % 2) * 0.05, 0); // noisy: D is busy
        double integral = pid.IntegralTerm, derivative = pid.DerivativeTerm;
        Assert.NotEqual(0, derivative);
        pid.SetGains(new PidGains(0.4, 30, 1));
        double lastY = 95 + (19 % 2) * 0.05;
        Assert.Equal(integral + (0.2 - 0.4) * (100 - lastY), pid.IntegralTerm, 12);
        Assert.Equal(derivative * (0.4 * 1) / (0.2 * 4), pid.DerivativeTerm, 12);
    }

    [Theory]
    [InlineData(0, 10, 1, "Kp")]
    [InlineData(1, -1, 1, "Ti")]
    [InlineData(1, 10, double.NaN, "Td")]
    public void Invalid_gains_are_rejected_naming_the_field(double kp, double ti, double td, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => new PidController(new PidGains(kp, ti, td), Settings()));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Invalid_settings_are_rejected_naming_the_field()
    {
        var settings = Settings();
        settings.SetpointWeight = 1.5;
        var e = Assert.Throws<ArgumentException>(() => new PidController(new PidGains(1, 1, 1), settings));
        Assert.Contains("SetpointWeight", e.Message);
    }

    [Fact]
    public void Update_allocates_nothing()
    {
        var pid = new PidController(new PidGains(0.2, 30, 2), Settings(b: 0.7, rate: 1));
        pid.Update(100, 20, 0.1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sink = 0;
        for (int i = 0; i < 100_000; i++) sink += pid.Update(100, 20 + i * 1e-3, 0.1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }
}
