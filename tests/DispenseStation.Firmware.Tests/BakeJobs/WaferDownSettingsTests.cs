using DispenseStation.Firmware.BakeJobs;

namespace DispenseStation.Firmware.Tests.BakeJobs;

/// <summary>The wafer-down settings' rules, on their boundaries, and the detector refusing what breaks them.</summary>
public class WaferDownSettingsTests
{
    [Fact]
    public void The_defaults_are_usable()
    {
        Assert.Null(new WaferDownSettings().Validate());
    }

    [Fact]
    public void The_history_must_hold_the_energy_windows_128_samples_of_200ms_do_127_do_not()
    {
        // 1.5 s dead time + 10 s steady loss + 8 s window + 2 s loss window + 2 s averaging + 2 s = 25.5 s.
        Assert.Null(new WaferDownSettings { HistorySamples = 128 }.Validate());
        Assert.StartsWith("historySamples must hold", new WaferDownSettings { HistorySamples = 127 }.Validate());
        var e = Assert.Throws<ArgumentException>(() => new WaferDownDetector(new WaferDownSettings { HistorySamples = 127 }));
        Assert.StartsWith("waferDown.historySamples", e.Message);
    }

    [Fact]
    public void The_history_spans_at_most_32_s_160_samples_of_200ms_do_161_do_not()
    {
        // The detector keeps sample times as 16-bit ms offsets from a base that moves every 2^15 ms.
        Assert.Null(new WaferDownSettings { HistorySamples = 160 }.Validate());
        Assert.StartsWith("historySamples x samplePeriodMs must be at most 32000 ms", new WaferDownSettings { HistorySamples = 161 }.Validate());
        Assert.Throws<ArgumentException>(() => new WaferDownDetector(new WaferDownSettings { HistorySamples = 161 }));
    }

    [Fact]
    public void The_width_factor_may_be_1_not_less()
    {
        Assert.Null(new WaferDownSettings { WidthFactor = 1 }.Validate());
        Assert.Equal("widthFactor must be >= 1", new WaferDownSettings { WidthFactor = 0.99 }.Validate());
    }

    [Fact]
    public void The_separation_factor_may_be_0_the_test_off_not_less()
    {
        Assert.Null(new WaferDownSettings { SeparationFactor = 0 }.Validate());
        Assert.Equal("separationFactor must be >= 0", new WaferDownSettings { SeparationFactor = -0.01 }.Validate());
    }

    [Fact]
    public void The_suspect_and_onset_fractions_must_stay_under_the_provisional_one()
    {
        Assert.Null(new WaferDownSettings { SuspectFraction = 0.39, OnsetFraction = 0.39 }.Validate());
        Assert.Equal("suspectFraction must be > 0 and < provisionalFraction", new WaferDownSettings { SuspectFraction = 0.4 }.Validate());
        Assert.Equal("onsetFraction must be > 0 and < provisionalFraction", new WaferDownSettings { OnsetFraction = 0.4 }.Validate());
    }

    [Fact]
    public void The_energy_band_must_be_a_band()
    {
        Assert.Null(new WaferDownSettings { EnergyLow = 1.49 }.Validate());
        Assert.Equal("energyLow must be > 0 and energyHigh > energyLow", new WaferDownSettings { EnergyLow = 1.5 }.Validate());
    }

    [Fact]
    public void Without_an_expected_wafer_or_a_plate_model_there_is_no_energy_balance()
    {
        var d = new WaferDownDetector(new WaferDownSettings());
        d.Configure(6.77, 22, 110, 3, double.NaN, 4.4, 4.0);
        Assert.Equal(0, d.ExpectedJ);
        d.Configure(6.77, 110, 110, 3, 1500, 4.4, 4.0); // a wafer already at the setpoint takes nothing
        Assert.Equal(0, d.ExpectedJ);
        d.Configure(6.77, 22, 110, 3, 1500, 4.4, 1.5); // a reading lag all dead time: nothing left for the RTD's own lag
        Assert.Equal(0, d.ExpectedJ);
        d.Configure(6.77, 22, 110, 3, 1500, 4.4, 4.0);
        Assert.Equal(6.77 * 88, d.ExpectedJ, 6);
        Assert.InRange(d.ExpectedHalfWidthS, 6, 8); // tau 3 s through the RTD's 2.5 s lag and the 2 s windows
    }
}
