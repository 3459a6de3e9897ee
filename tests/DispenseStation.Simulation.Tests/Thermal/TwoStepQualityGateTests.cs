using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Simulation.Tests.Thermal;

/// <summary>
/// The two-step bake of the station runtime (seed 42): 25 °C -> post-apply bake 100 °C / 60 s ->
/// post-exposure bake 110 °C / 60 s, ±0.5 °C band; once with a setpoint step into 110 °C and once
/// with a 0.2 °C/s ramp. Also the same project controller with shaping off, which is what the
/// runtime measured (overshoot to 111.7 °C, about a minute outside the band).
/// </summary>
public sealed class TwoStepFixture
{
    public TwoStepComparison Step { get; } = new TwoStepBakeScenario { Seed = 42 }.Run();
    public TwoStepComparison Ramp { get; } = new TwoStepBakeScenario { Seed = 42, SecondRampCPerS = 0.2 }.Run();
    public TwoStepRun StepUnshaped { get; }

    public TwoStepFixture()
    {
        var unshaped = StepHoldScenario.ProjectConfig();
        unshaped.ShapeSetpoint = false;
        StepUnshaped = new TwoStepBakeScenario { Seed = 42 }.RunOne(unshaped, c => c.ApplyTuning(Step.Autotune, TuningRule.SimcPid));
    }
}

public class TwoStepQualityGateTests(TwoStepFixture fixture) : IClassFixture<TwoStepFixture>
{
    /// <summary>Gate of the follow-up to issue 4: highest plate temperature above 110 °C after the segment change.</summary>
    private const double MaxOvershootC = 0.3;
    /// <summary>Plate (true temperature) outside ±0.5 °C after first entering it, within 400 s of the change.</summary>
    private const double MaxPlateOutsideS = 1.0;
    /// <summary>What the program counts from RTD readings: noise can flick a reading at the band edge for a few ticks.</summary>
    private const double MaxReportedOutsideS = 2.0;

    public static TheoryData<string> Cases => ["step", "ramp"];

    private TwoStepComparison Case(string name) => name == "step" ? fixture.Step : fixture.Ramp;

    [Fact]
    public void Without_shaping_the_runtime_s_overshoot_is_reproduced()
    {
        var m = fixture.StepUnshaped.Metrics;
        Assert.True(m.OvershootC > 1.0, $"overshoot {m.OvershootC:F3} °C");
        Assert.True(m.ReportedOutsideS > 30, $"outside {m.ReportedOutsideS:F1} s");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Overshoot_at_the_segment_change_stays_within_0_3_degrees(string name)
    {
        var m = Case(name).Project.Metrics;
        Assert.True(m.OvershootC <= MaxOvershootC, $"{name}: overshoot {m.OvershootC:F3} °C");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Once_in_the_band_the_plate_stays_in_it(string name)
    {
        var m = Case(name).Project.Metrics;
        Assert.False(double.IsNaN(m.EnterBandS), $"{name}: never entered the band");
        Assert.True(m.OutsideAfterEnteringS <= MaxPlateOutsideS, $"{name}: plate outside {m.OutsideAfterEnteringS:F1} s");
        Assert.True(m.ReportedOutsideS <= MaxReportedOutsideS, $"{name}: program reported {m.ReportedOutsideS:F1} s outside");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_post_exposure_hold_completes_within_the_window(string name)
    {
        var run = Case(name).Project;
        Assert.Equal(ThermalFault.None, run.Fault);
        Assert.InRange(run.Metrics.HoldDoneS, 60, 200);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Project_beats_the_baseline_on_overshoot_and_integral_absolute_error(string name)
    {
        var c = Case(name);
        Assert.True(c.Project.Metrics.OvershootC < c.Baseline.Metrics.OvershootC, $"{name}: {c.Project.Metrics.OvershootC:F3} vs {c.Baseline.Metrics.OvershootC:F3}");
        Assert.True(c.Project.Metrics.IaeCs < c.Baseline.Metrics.IaeCs, $"{name}: {c.Project.Metrics.IaeCs:F1} vs {c.Baseline.Metrics.IaeCs:F1}");
        Assert.Equal(ThermalFault.None, c.Baseline.Fault);
    }

    [Fact]
    public void Shaping_leaves_the_first_approach_from_cold_alone()
    {
        // Up to the segment change the shaped and unshaped runs are the same controller doing the same thing.
        var shaped = fixture.Step.Project.Trace;
        var unshaped = fixture.StepUnshaped.Trace;
        int n = 0;
        while (n < shaped.Count && shaped.SetpointC[n] is double sp && (double.IsNaN(sp) || sp <= 100)) n++;
        Assert.True(n > 1000);
        for (int i = 0; i < n - 1; i++) Assert.Equal(unshaped.Duty[i], shaped.Duty[i]);
    }

    [Fact]
    public void Control_tick_allocates_nothing_through_shaped_segment_changes()
    {
        var scenario = new TwoStepBakeScenario { Seed = 9, SecondRampCPerS = 0.2 };
        var rig = new HotplateRig(scenario.Parameters, scenario.Seed, 25);
        var plate = new HotplateController(rig.Sensor, rig.Heater, StepHoldScenario.ProjectConfig());
        plate.ApplyTuning(fixture.Step.Autotune, TuningRule.SimcPid);
        plate.Tick(0);
        plate.SetProgram(
        [
            BakeSegment.Ramp(100, 0, 0.5), BakeSegment.Hold(100, 60, 0.5),
            BakeSegment.Ramp(110, 0.2, 0.5), BakeSegment.Hold(110, 60, 0.5),
            BakeSegment.Ramp(100, 0, 0.5), BakeSegment.Hold(100, 60, 0.5), // a shaped step down too
        ]);
        plate.StartProgram();
        long allocated = 0;
        int changesSeen = 0, lastSegment = 0;
        for (int i = 0; i < 120_000 && plate.State == HotplateState.Running; i++) // up to 20 simulated minutes
        {
            long now = rig.Clock.UptimeMs;
            if (now % 100 == 0)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                plate.Tick(now);
                plate.Safety.CheckWatchdog(now);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                if (plate.Program.SegmentIndex != lastSegment) { changesSeen++; lastSegment = plate.Program.SegmentIndex; }
            }
            rig.Step();
        }
        Assert.Equal(HotplateState.Completed, plate.State);
        Assert.Equal(6, changesSeen);
        Assert.Equal(0, allocated);
    }
}
