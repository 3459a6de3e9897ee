using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class SetpointTrajectoryTests
{
    private const double Dt = 0.1;

    [Fact]
    public void A_step_is_rate_limited_then_lands_exponentially_without_passing_the_target()
    {
        var t = new SetpointTrajectory();
        t.Reset(100);
        double last = 100, maxRate = 0;
        for (int i = 0; i < 1200; i++)
        {
            t.Update(110, 0, 110, Dt, maxRiseCPerS: 0.5, maxFallCPerS: 0.2, approachS: 10, lagS: 9);
            Assert.True(t.ShapedC >= last && t.ShapedC <= 110, $"shaped {t.ShapedC} at {i}");
            maxRate = Math.Max(maxRate, t.ShapedRateCPerS);
            last = t.ShapedC;
            if (i == 50) Assert.Equal(0.5, t.ShapedRateCPerS, 9); // far from the target: the rate limit binds
        }
        Assert.True(maxRate <= 0.5 + 1e-12);
        Assert.Equal(110, t.ShapedC, 3);
        Assert.Equal(110, t.ReferenceC, 2);
    }

    [Fact]
    public void The_landing_is_first_order_with_the_approach_time_constant()
    {
        var t = new SetpointTrajectory();
        t.Reset(109);
        for (int i = 0; i < 100; i++) t.Update(110, 0, 110, Dt, 10, 10, approachS: 10, lagS: 0); // 10 s
        // Backward-Euler-free forward step: gap shrinks by (1 - dt/T) per step.
        Assert.Equal(Math.Pow(1 - Dt / 10, 100), 110 - t.ShapedC, 9);
    }

    [Fact]
    public void A_ramp_the_plate_can_follow_is_followed_without_lag_until_the_landing()
    {
        var t = new SetpointTrajectory();
        t.Reset(100);
        double programmed = 100;
        for (int i = 0; i < 200; i++) // 20 s at 0.2 °C/s: 104 °C, still 6 °C from the target
        {
            programmed += 0.2 * Dt;
            t.Update(programmed, 0.2, 110, Dt, 0.5, 0.2, approachS: 10, lagS: 9);
        }
        // Given the already-advanced setpoint each step, it runs one step (0.02 °C) ahead: no lag.
        Assert.InRange(t.ShapedC - programmed, 0, 0.021);
        Assert.Equal(0.2, t.ShapedRateCPerS, 2);
        // The reference is what a reading lagging 9 s shows: 0.2 °C/s x 9 s behind, once settled.
        Assert.InRange(programmed - t.ReferenceC, 1.5, 1.8);
        // Near the end it decelerates before the program's corner: within 2 °C (0.2 °C/s x 10 s) the landing binds (here 108.5 °C).
        for (int i = 0; i < 225; i++) { programmed += 0.2 * Dt; t.Update(programmed, 0.2, 110, Dt, 0.5, 0.2, 10, 9); }
        Assert.True(t.ShapedRateCPerS < 0.2 - 1e-9, $"rate {t.ShapedRateCPerS}");
    }

    [Fact]
    public void Falls_are_limited_by_the_cooling_rate()
    {
        var t = new SetpointTrajectory();
        t.Reset(110);
        t.Update(100, 0, 100, Dt, 0.5, 0.05, 10, 9);
        Assert.Equal(-0.05, t.ShapedRateCPerS, 9);
        Assert.Equal(110 - 0.005, t.ShapedC, 9);
    }

    [Fact]
    public void Pass_through_and_reset_leave_no_motion()
    {
        var t = new SetpointTrajectory();
        t.Reset(50);
        t.Update(110, 0, 110, Dt, 0.5, 0.2, 10, 9);
        t.PassThrough(110);
        Assert.Equal(110, t.ShapedC);
        Assert.Equal(110, t.ReferenceC);
        Assert.Equal(0, t.ShapedRateCPerS);
    }
}
