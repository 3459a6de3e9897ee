using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.Thermal;
using DispenseStation.Simulation.Thermal.Wafer;

namespace DispenseStation.Simulation.Tests.Thermal;

/// <summary>The project's wafer bench over 8 seeds (the same runs the bench report prints).</summary>
public sealed class WaferBenchFixture
{
    public IReadOnlyList<WaferBenchFigures> Project { get; }

    public WaferBenchFixture()
    {
        var p = HotplateParameters.LoadDefault();
        var results = new WaferBenchFigures[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => results[i] = new WaferBenchRun().Run(ContenderKind.Project, p, i + 1));
        Project = results;
    }
}

/// <summary>
/// Issue 16's targets on the documented plate, asserted on the worst of 8 seeds, on the simulation's
/// true plate and wafer temperatures. (Replaces the single-seed hold gate, which judged an uncalibrated reading.)
/// </summary>
public class WaferQualityGateTests(WaferBenchFixture fixture) : IClassFixture<WaferBenchFixture>
{
    private double Worst(Func<WaferBenchFigures, double> figure) =>
        fixture.Project.Max(f => double.IsNaN(figure(f)) ? double.PositiveInfinity : figure(f));

    [Fact]
    public void Cold_wafer_dips_the_plate_at_most_1_degree() => Assert.InRange(Worst(f => f.DropDipC), 0.3, 1.0);

    [Fact]
    public void After_the_dip_neither_plate_nor_wafer_overshoots_by_more_than_0_1_degree()
    {
        Assert.InRange(Worst(f => f.DropPlateOvershootC), 0, 0.1);
        Assert.InRange(Worst(f => f.DropWaferOvershootC), 0, 0.1);
    }

    [Fact]
    public void Every_wafer_settles_within_0_1_degree_and_stays()
    {
        // Issue target 30 s; the gap's 3.7 s time constant alone needs ~25 s from 88 °C below, and the
        // calibration's residual puts some seeds' wafers 0.03-0.05 °C low: the worst seed takes ~28 s.
        Assert.InRange(Worst(f => f.DropWaferSettleS), 15, 30);
        Assert.InRange(Worst(f => f.WorstWaferSettleS), 15, 30);
    }

    [Fact]
    public void Dose_spread_over_25_wafers_is_under_0_2_percent() => Assert.InRange(Worst(f => f.DoseSpreadPercent), 0, 0.2);

    [Fact]
    public void Hold_peak_to_peak_is_under_0_08_degree() => Assert.InRange(Worst(f => f.HoldPeakToPeakC), 0, 0.08);

    [Fact]
    public void Step_and_segment_change_overshoot_at_most_0_1_degree()
    {
        Assert.InRange(Worst(f => f.StepOvershootC), 0, 0.1);
        Assert.InRange(Worst(f => f.SegmentOvershootC), 0, 0.1);
    }

    [Fact]
    public void Disturbances_keep_the_plate_within_0_5_degree_without_a_fault_or_a_retune_advice()
    {
        Assert.InRange(Worst(f => f.DisturbanceMaxDeviationC), 0, 0.5);
        Assert.All(fixture.Project, f => Assert.Equal(ThermalFault.None, f.Fault));
        Assert.All(fixture.Project, f => Assert.False(f.RetuneAdvised, $"seed {f.Seed} advised a retune on the nominal plate"));
    }
}
