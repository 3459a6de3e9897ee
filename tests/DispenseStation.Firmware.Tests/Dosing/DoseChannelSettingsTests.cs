using DispenseStation.Firmware.Dosing;

namespace DispenseStation.Firmware.Tests.Dosing;

public class DoseChannelSettingsTests
{
    [Fact]
    public void Defaults_are_valid() => new DoseChannelSettings().Validate();

    public static TheoryData<Action<DoseChannelSettings>, string> Broken => new()
    {
        { s => s.FastSpeed = 1.5, "FastSpeed" },
        { s => s.DribbleSpeed = 0.5, "DribbleSpeed <= SlowSpeed" },
        { s => s.SlowFlowGramsPerS = 0, "SlowFlowGramsPerS" },
        { s => s.LearningGain = 0, "LearningGain" },
        { s => s.InitialInFlightGrams = 5, "InitialInFlightGrams" },
        { s => s.AimBelowFraction = 1, "AimBelowFraction" },
        { s => s.SettleTimeoutS = 0.5, "SettleTimeoutS" },
        { s => s.MinPulseMs = 0, "MinPulseMs" },
        { s => s.NoFlowMinGrams = double.NaN, "NoFlowMinGrams" },
        { s => s.DrainTimeConstantS = 0, "DrainTimeConstantS" },
        { s => s.SettleTailFraction = 0, "SettleTailFraction" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_rule_names_its_field(Action<DoseChannelSettings> breakIt, string field)
    {
        var s = new DoseChannelSettings();
        breakIt(s);
        var ex = Assert.Throws<ArgumentException>(s.Validate);
        Assert.Contains(field, ex.Message);
    }

    [Fact]
    public void The_doser_refuses_a_broken_channel()
    {
        var bad = new DoseChannelSettings { LearningGain = 2 };
        var ex = Assert.Throws<ArgumentException>(() => new Doser(
            new Firmware.Scale.WeighScale(new Scale.ScriptedAdc(), new Simulation.SimClock(), new Firmware.Scale.ScaleCalibration(0, 1000), new Firmware.Scale.ScaleSettings()),
            [new Simulation.Dosing.SimPump(new Simulation.Dosing.PumpChannelParameters { Name = "x" })], [bad], new Simulation.SimClock()));
        Assert.Contains("LearningGain", ex.Message);
    }
}
