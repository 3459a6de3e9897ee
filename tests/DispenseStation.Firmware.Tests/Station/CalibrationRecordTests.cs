using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Scale;
using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Tests.Station.Fakes;
using DispenseStation.Firmware.Tests.Thermal;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Protocol.Messages;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Station;

/// <summary>
/// Calibrations keep their date (issue 17 part 5): stamped from the wall clock when the station knows UTC, unknown when it
/// does not, kept in the durable record with the values across a restart, and published in the retained state.
/// </summary>
public class CalibrationRecordTests
{
    private sealed class Wall : DispenseStation.Firmware.Ports.IWallClock
    {
        public long UtcMs { get; set; } = -1;
    }

    private static readonly long Nov20 = DateTimeOffset.Parse("2026-11-20T09:15:00Z").ToUnixTimeMilliseconds();
    private static readonly long Dec01 = DateTimeOffset.Parse("2026-12-01T06:30:00Z").ToUnixTimeMilliseconds();

    private static ThermalHotplateProcess RealPlate(ManualClock clock) =>
        new(new HotplateController(new FakeSensor { Celsius = 25 }, new FakeHeater(), new HotplateConfig()), clock, 8);

    [Fact]
    public void An_rtd_calibration_is_dated_published_and_kept_with_its_date_across_a_restart()
    {
        var wall = new Wall { UtcMs = Nov20 };
        var h = new StationHarness(hotplate: RealPlate, wallClock: wall);
        h.Run(1);
        var before = h.LastState();
        Assert.True(before.CalibrationReported);
        Assert.False(before.RtdCalibrated);

        Assert.Null(h.Station.ApplyRtdCalibration(0.12, 0.0, 130.35, 130.0));
        h.Run(1);
        var state = h.LastState();
        Assert.True(state.RtdCalibrated);
        Assert.Equal(Nov20, state.RtdCalibratedUtcMs);

        wall.UtcMs = Dec01; // the restart is days later: the date is the calibration's, not the boot's
        var after = h.Reboot();
        after.Run(1);
        var restored = after.LastState();
        Assert.True(restored.RtdCalibrated);
        Assert.Equal(Nov20, restored.RtdCalibratedUtcMs);
        var plate = (ThermalHotplateProcess)after.HotplateProcess;
        Assert.True(plate.RtdCalibrated);
    }

    [Fact]
    public void A_calibration_made_before_the_station_had_utc_has_no_date_and_a_bad_one_is_refused()
    {
        var h = new StationHarness(hotplate: RealPlate, wallClock: new Wall());
        var refused = h.Station.ApplyRtdCalibration(0, 0, 10, 10);
        Assert.Contains("at least 20 °C apart", refused);
        Assert.Null(h.Station.ApplyRtdCalibration(0.12, 0.0, 130.35, 130.0));
        h.Run(1);
        var state = h.LastState();
        Assert.True(state.RtdCalibrated);
        Assert.Equal(-1, state.RtdCalibratedUtcMs);
        var after = h.Reboot();
        after.Run(1);
        Assert.True(after.LastState().RtdCalibrated);
        Assert.Equal(-1, after.LastState().RtdCalibratedUtcMs);
    }

    [Fact]
    public void A_scale_calibration_is_stamped_with_the_station_time_kept_across_a_restart_and_refused_during_a_batch()
    {
        var wall = new Wall { UtcMs = Nov20 };
        var h = new StationHarness(wallClock: wall);
        h.Run(1);
        Assert.Null(h.Station.ApplyScaleCalibration(ScaleCalibration.FromTwoPoints(150_000, 0, 2_550_000, 200)));
        h.Run(1);
        var state = h.LastState();
        Assert.True(state.ScaleCalibrated);
        Assert.Equal(Nov20, state.ScaleCalibratedUtcMs);
        Assert.Equal(200, state.ScaleReferenceGrams);

        wall.UtcMs = Dec01;
        var after = h.Reboot();
        after.Run(1);
        Assert.Equal(Nov20, after.LastState().ScaleCalibratedUtcMs);
        Assert.Equal(200, after.LastState().ScaleReferenceGrams);

        after.Send(CommandNames.Start, StationHarness.SampleRecipe());
        after.Run(0.5);
        var busy = after.Station.ApplyScaleCalibration(ScaleCalibration.FromTwoPoints(150_000, 0, 2_550_000, 200));
        Assert.Contains("only accepted in Idle, Complete, Stopped or Aborted", busy);
        Assert.Equal(Nov20, after.Dosing.ScaleCalibratedUtcMs);
    }

    [Fact]
    public void The_state_still_goes_out_when_the_calibration_would_not_fit()
    {
        var h = new StationHarness(new DispenseStation.Firmware.Station.StationConfig { StationId = StationHarness.Id, LinkHoldMs = 10_000, MaxMessageBytes = 256 },
            wallClock: new Wall { UtcMs = Nov20 });
        h.Run(1);
        h.Station.ApplyScaleCalibration(ScaleCalibration.FromTwoPoints(150_000, 0, 2_550_000, 200));
        h.Send(CommandNames.Start, StationHarness.SampleRecipe("B-long-batch-identifier-0123456789"));
        h.Run(0.5);
        var state = h.LastState();
        Assert.Equal(PackMlStates.Execute, state.PackMlState);
        Assert.False(state.CalibrationReported);
    }

    private static DoserDosingProcess NewDosing(ScaleCalibration calibration)
    {
        var plant = DosingPlantParameters.LoadDefault();
        var rig = new DosingRig(plant, 1);
        var settings = ReferenceStation.ChannelSettings(plant);
        var scale = new WeighScale(rig.Adc, rig.Clock, calibration, new ScaleSettings());
        return new DoserDosingProcess(scale, new Doser(scale, rig.PumpOutputs, settings, rig.Clock), rig.PumpOutputs, settings, rig.Clock);
    }

    [Fact]
    public void The_dosing_record_keeps_the_date_and_reference_mass_and_reads_the_record_of_older_firmware()
    {
        var saved = new double[DispenseStation.Firmware.Station.Persistence.ProgressRecord.MaxDosingParameters];
        var before = NewDosing(new ScaleCalibration(150_000, 12_000, true, Nov20, 200));
        int count = before.ExportParameters(saved);

        var after = NewDosing(ScaleCalibration.Nominal(1400));
        Assert.False(after.ScaleCalibrated);
        after.ImportParameters(saved, count);
        Assert.True(after.ScaleCalibrated);
        Assert.Equal(Nov20, after.ScaleCalibratedUtcMs);
        Assert.Equal(200, after.ScaleReferenceGrams);
        Assert.Equal(12_000, after.Scale.Calibration.CountsPerGram);

        // Firmware before the date was kept wrote no tail (and no pump flows): a calibration, date and mass not known.
        var old = NewDosing(ScaleCalibration.Nominal(1400));
        int channels = (count - 6) / (1 + DispenseStation.Firmware.Dosing.PumpFlowCalibration.ValuesPerChannel); // head 3, in-flight per channel, facts 3, flow table per channel
        old.ImportParameters(saved, 3 + channels);
        Assert.True(old.ScaleCalibrated);
        Assert.Equal(-1, old.ScaleCalibratedUtcMs);
        Assert.True(double.IsNaN(old.ScaleReferenceGrams));

        // The nominal span stays "not calibrated" through the record.
        var nominal = NewDosing(ScaleCalibration.Nominal(1400));
        int n = nominal.ExportParameters(saved);
        var again = NewDosing(new ScaleCalibration(1, 1400));
        again.ImportParameters(saved, n);
        Assert.False(again.ScaleCalibrated);
    }

    [Fact]
    public void A_newer_dated_calibration_from_the_settings_replaces_an_older_stored_one()
    {
        var saved = new double[DispenseStation.Firmware.Station.Persistence.ProgressRecord.MaxDosingParameters];
        int count = NewDosing(new ScaleCalibration(150_000, 12_000, true, Nov20, 200)).ExportParameters(saved);

        var newer = NewDosing(new ScaleCalibration(151_000, 12_100, true, Dec01, 500));
        newer.ImportParameters(saved, count);
        Assert.Equal(Dec01, newer.ScaleCalibratedUtcMs);
        Assert.Equal(12_100, newer.Scale.Calibration.CountsPerGram);

        var older = NewDosing(new ScaleCalibration(149_000, 11_900, true, Nov20 - 86_400_000, 500));
        older.ImportParameters(saved, count);
        Assert.Equal(Nov20, older.ScaleCalibratedUtcMs);
        Assert.Equal(12_000, older.Scale.Calibration.CountsPerGram);
    }

    [Fact]
    public void A_two_point_calibration_records_its_reference_mass()
    {
        var cal = ScaleCalibration.FromTwoPoints(150_000, 0, 2_550_000, 200);
        Assert.True(cal.IsCalibrated);
        Assert.Equal(200, cal.ReferenceGrams);
        Assert.Equal(-1, cal.CalibratedUtcMs);
        Assert.Equal(Nov20, cal.Dated(Nov20, 200).CalibratedUtcMs);
        Assert.False(ScaleCalibration.Nominal(1400).IsCalibrated);
        Assert.Throws<ArgumentException>(() => new ScaleCalibration(0, 1400, true, -1, -5));
    }
}
