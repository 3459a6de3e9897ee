using DispenseStation.Firmware.Scale;
using DispenseStation.Simulation;

namespace DispenseStation.Firmware.Tests.Scale;

public class ScaleSettingsTests
{
    public static TheoryData<Action<ScaleSettings>, string> Broken => new()
    {
        { s => s.FilterTimeS = 0, "FilterTimeS" },
        { s => s.StableShortS = -1, "StableShortS" },
        { s => s.StableWindowS = double.NaN, "StableWindowS" },
        { s => s.StableBandGrams = 0, "StableBandGrams" },
        { s => s.ZeroTrackRangeGrams = -0.1, "ZeroTrackRangeGrams" },
        { s => s.SilentMs = 0, "SilentMs" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void The_scale_refuses_settings_that_break_a_rule_and_names_it(Action<ScaleSettings> breakIt, string field)
    {
        var settings = new ScaleSettings();
        breakIt(settings);
        var ex = Assert.Throws<ArgumentException>(() => new WeighScale(new ScriptedAdc(), new SimClock(), new ScaleCalibration(0, 1000), settings));
        Assert.Contains(field, ex.Message);
    }
}
