using DispenseStation.Firmware.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>The flow table: interpolation between calibrated speeds, the ends, the one-point tables of firmware before
/// the table, what is refused, and that the doser's fast, slow and dribble flows follow it.</summary>
public class PumpFlowCalibrationTests
{
    private static (PumpFlowCalibration Flow, DoseChannelSettings Ch) Make()
    {
        var ch = new DoseChannelSettings { FastSpeed = 1, SlowSpeed = 0.3, DribbleSpeed = 0.02 };
        return (new PumpFlowCalibration([ch]), ch);
    }

    // A worn peristaltic pump: flow meets zero at speed 0.05 and sags 3 % at full speed.
    private static double Truth(double s) => 5.0 * (s - 0.05) / 0.95 * (1 - 0.03 * s * s);

    [Fact]
    public void Between_calibrated_speeds_the_table_interpolates_and_beats_a_line_through_zero()
    {
        var (flow, ch) = Make();
        double[] speeds = [0.1, 0.25, 0.5, 0.75, 1];
        double[] flows = speeds.Select(Truth).ToArray();
        Assert.Null(flow.Set(0, speeds, flows, speeds.Length));
        foreach (double s in speeds) Assert.Equal(Truth(s), flow.FlowAt(0, s), 12);
        Assert.Equal((Truth(0.25) + Truth(0.5)) / 2, flow.FlowAt(0, 0.375), 12);
        Assert.Equal(Truth(1), ch.FastFlowGramsPerS, 12);
        // The doser's slow speed (0.3) lies between points: within 1 % of the truth, where one flow at full speed
        // scaled by speed (the single-flow calibration) is 10 % high.
        Assert.InRange(ch.SlowFlowGramsPerS / Truth(0.3), 0.99, 1.01);
        Assert.InRange(Truth(1) * 0.3 / Truth(0.3), 1.10, 1.12);
        Assert.Equal(Truth(1), flow.FullSpeedGramsPerS(0), 12);
    }

    [Fact]
    public void Below_the_slowest_speed_the_first_segment_goes_on_but_stays_positive()
    {
        var (flow, ch) = Make();
        Assert.Null(flow.Set(0, [0.1, 0.5], [0.5, 4.5], 2));
        // The first segment (10 g/s per unit speed) meets zero at speed 0.05; below that a quarter of 0.5 g/s scaled through zero.
        Assert.Equal(0.3, flow.FlowAt(0, 0.08), 12);
        Assert.Equal(0.25 * 0.5 * 0.05 / 0.1, flow.FlowAt(0, 0.05), 12);
        Assert.Equal(0.25 * 0.5 * 0.02 / 0.1, flow.FlowAt(0, 0.02), 12);
        Assert.Equal(flow.FlowAt(0, 0.02), ch.DribbleFlowGramsPerS, 12);
        Assert.True(ch.DribbleFlowGramsPerS > 0);
    }

    [Fact]
    public void Above_the_fastest_speed_the_last_segment_goes_on_unless_it_falls()
    {
        var (flow, _) = Make();
        Assert.Null(flow.Set(0, [0.25, 0.5], [1, 2], 2));
        Assert.Equal(4, flow.FlowAt(0, 1), 12);
        Assert.Null(flow.Set(0, [0.25, 0.5], [2, 1.95], 2)); // sagging by 2.5 %: kept, held flat beyond
        Assert.Equal(1.95, flow.FlowAt(0, 1), 12);
    }

    [Fact]
    public void A_one_point_table_scales_through_zero_as_the_single_flow_did()
    {
        var (flow, ch) = Make();
        Assert.True(flow.ImportFullSpeedFlows([4.0], 0));
        Assert.Equal(1, flow.PointCount(0));
        Assert.Equal(4.0 * 0.3, ch.SlowFlowGramsPerS, 12);
        Assert.Equal(4.0, flow.FullSpeedGramsPerS(0), 12);
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.25 }, new[] { 1.0, 2.0 }, "speeds must rise: 0.250 follows 0.500")]
    [InlineData(new[] { 0.5, 0.5 }, new[] { 1.0, 2.0 }, "speeds must rise: 0.500 follows 0.500")]
    [InlineData(new[] { 0.0, 0.5 }, new[] { 1.0, 2.0 }, "speed 0.000 must be in (0, 1]")]
    [InlineData(new[] { 0.5, 1.0 }, new[] { 2.0, 1.89 }, "flow falls from 2.0000 g/s to 1.8900 g/s at speed 1.000: a slipping tube or a disturbed weighing")]
    [InlineData(new[] { 0.5, 1.0 }, new[] { 0.0, 1.0 }, "flow at speed 0.500 must be a finite number > 0 g/s")]
    [InlineData(new[] { 0.5, 1.0 }, new[] { 1.0, 1001.0 }, "flow 1001.0 g/s is above 1000 g/s")]
    public void A_bad_table_is_refused_and_nothing_changes(double[] speeds, double[] flows, string expected)
    {
        var (flow, ch) = Make();
        double fast = ch.FastFlowGramsPerS;
        Assert.Equal(expected, flow.Set(0, speeds, flows, speeds.Length));
        Assert.Equal(0, flow.PointCount(0));
        Assert.Equal(fast, ch.FastFlowGramsPerS);
    }

    [Fact]
    public void A_falling_flow_at_its_limit_is_kept_and_just_beyond_is_refused()
    {
        var (flow, _) = Make();
        Assert.Null(flow.Set(0, [0.5, 1], [2, 2 * (1 - PumpFlowCalibration.MaxFallFraction)], 2));
        Assert.NotNull(flow.Set(0, [0.5, 1], [2, 2 * (1 - PumpFlowCalibration.MaxFallFraction) - 1e-9], 2));
    }

    [Fact]
    public void Export_import_round_trips_and_a_bad_table_is_ignored_whole()
    {
        var (flow, _) = Make();
        Assert.Null(flow.Set(0, [0.1, 0.5, 1], [0.4, 2.2, 4.1], 3));
        var values = new double[PumpFlowCalibration.ValuesPerChannel];
        flow.Export(values, 0);
        var (other, ch) = Make();
        Assert.True(other.Import(values, 0));
        Assert.Equal(3, other.PointCount(0));
        Assert.Equal(2.2, other.PointFlow(0, 1));
        Assert.Equal(4.1, ch.FastFlowGramsPerS, 12);
        values[1 + PumpFlowCalibration.MaxPoints + 1] = double.NaN;
        var (third, ch3) = Make();
        double fast = ch3.FastFlowGramsPerS;
        Assert.False(third.Import(values, 0));
        Assert.Equal(0, third.PointCount(0));
        Assert.Equal(fast, ch3.FastFlowGramsPerS);
    }
}
