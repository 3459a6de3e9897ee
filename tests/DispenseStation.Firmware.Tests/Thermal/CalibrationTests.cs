using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class CalibrationTests
{
    [Fact]
    public void Two_points_correct_offset_and_slope_and_pass_the_points_exactly()
    {
        var cal = new RtdCalibration();
        Assert.Equal(110.0, cal.Correct(110.0));
        cal.Set(40.3, 40.0, 150.7, 150.0);
        Assert.True(cal.IsCalibrated);
        Assert.Equal(40.0, cal.Correct(40.3), 9);
        Assert.Equal(150.0, cal.Correct(150.7), 9);
        Assert.Equal(110.0 - 0.3 - (110 - 40) * (0.4 / 110.4), cal.Correct(110.0), 2);
    }

    [Theory]
    [InlineData(150.7, 150.0, 40.3, 40.0, "monotonic")]
    [InlineData(40.3, 40.0, 40.3, 150.0, "monotonic")]
    [InlineData(40.3, 40.0, 59.0, 59.9, "20 °C apart")]
    [InlineData(double.NaN, 40.0, 150.7, 150.0, "finite")]
    public void Bad_points_are_refused_with_the_reason_and_the_old_calibration_kept(double r1, double f1, double r2, double f2, string reason)
    {
        var cal = new RtdCalibration();
        cal.Set(40.3, 40.0, 150.7, 150.0);
        var e = Assert.Throws<ArgumentException>(() => cal.Set(r1, f1, r2, f2));
        Assert.Contains(reason, e.Message);
        Assert.Equal(150.0, cal.Correct(150.7), 9);
    }

    [Fact]
    public void A_correction_beyond_the_parts_tolerance_is_refused_at_its_boundary()
    {
        // At 150 °C: 1.5 x (0.15 + 0.3 + 0.406) = 1.284 °C.
        double limit = RtdCalibration.ToleranceMultiple * RtdCalibration.PartsToleranceC(150);
        Assert.Equal(1.284, limit, 3);
        Assert.Null(RtdCalibration.Check(40, 40, 150 + limit - 1e-6, 150));
        string error = RtdCalibration.Check(40, 40, 150 + limit + 1e-3, 150);
        Assert.Contains("point 2", error);
        Assert.Contains("check the probe", error);
    }

    [Fact]
    public void Surface_offsets_interpolate_and_hold_their_ends()
    {
        var table = new SurfaceOffsetTable();
        Assert.Equal(0, table.OffsetFor(110));
        table.Set([90, 110, 130], [0.5, 0.7, 0.9], 3);
        Assert.Equal(0.5, table.OffsetFor(60));
        Assert.Equal(0.6, table.OffsetFor(100), 9);
        Assert.Equal(0.7, table.OffsetFor(110), 9);
        Assert.Equal(0.9, table.OffsetFor(200));
    }

    [Theory]
    [InlineData(new double[] { 110, 90 }, new double[] { 0.7, 0.5 }, "increase")]
    [InlineData(new double[] { 90, 110 }, new double[] { 0.5, 5.01 }, "±5")]
    public void Bad_surface_offsets_are_refused_and_the_table_kept(double[] setpoints, double[] offsets, string reason)
    {
        var table = new SurfaceOffsetTable();
        table.Set([110], [0.7], 1);
        var e = Assert.Throws<ArgumentException>(() => table.Set(setpoints, offsets, 2));
        Assert.Contains(reason, e.Message);
        Assert.Equal(0.7, table.OffsetFor(110));
        table.Set([90, 110], [0.5, 5.0], 2); // exactly at the limit is accepted
    }
}

public class WaferFrameTests
{
    [Fact]
    public void The_plate_reports_its_reading_in_the_wafer_frame_only_while_a_program_holds_the_offset()
    {
        var sensor = new FakeSensor { Celsius = 110.7 };
        var plate = new HotplateController(sensor, new FakeHeater(), new HotplateConfig());
        plate.SurfaceOffsets.Set([90, 110, 130], [0.5, 0.7, 0.9], 3);
        long now = 0;
        plate.Tick(now += 100);
        Assert.Equal(110.7, plate.WaferFrameC, 9); // no program: no offset held

        plate.SetProgram([BakeSegment.Hold(110, 60, 0.5)]);
        plate.StartProgram();
        for (int i = 0; i < 50; i++) plate.Tick(now += 100);
        Assert.Equal(110.7, plate.PlateSetpointC, 9);
        Assert.Equal(110.0, plate.WaferFrameC, 9);

        plate.Abort();
        plate.Tick(now += 100);
        Assert.Equal(110.7, plate.WaferFrameC, 9);
    }
}
