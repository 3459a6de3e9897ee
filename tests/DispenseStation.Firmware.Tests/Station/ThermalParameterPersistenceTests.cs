using DispenseStation.Firmware.Station.Processes;
using DispenseStation.Firmware.Tests.Station.Fakes;
using DispenseStation.Firmware.Tests.Thermal;
using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Station;

/// <summary>The hotplate's learned parameters survive a reboot, including the dead time that
/// setpoint shaping depends on; records from before the dead time was kept still import.</summary>
public class ThermalParameterPersistenceTests
{
    private static (HotplateController, ThermalHotplateProcess) NewPlate()
    {
        var controller = new HotplateController(new FakeSensor { Celsius = 25 }, new FakeHeater(), new HotplateConfig());
        return (controller, new ThermalHotplateProcess(controller, new ManualClock(), 8));
    }

    [Fact]
    public void Gains_and_feed_forward_with_dead_time_round_trip()
    {
        var (before, beforeProcess) = NewPlate();
        before.SetGains(new PidGains(0.21, 47, 4.5));
        before.FeedForward.SetModel(865, 1605, 22.5, 10.5);
        var saved = new double[16];
        int count = beforeProcess.ExportParameters(saved);

        var (after, afterProcess) = NewPlate();
        afterProcess.ImportParameters(saved, count);

        Assert.Equal(0.21, after.Pid.Kp, 12);
        Assert.Equal(47, after.Pid.Ti, 12);
        Assert.Equal(865, after.FeedForward.GainCPerDuty, 12);
        Assert.Equal(1605, after.FeedForward.TimeConstantS, 12);
        Assert.Equal(10.5, after.FeedForward.DeadTimeS, 12);
    }

    [Fact]
    public void A_six_value_record_imports_and_keeps_the_configured_dead_time()
    {
        var (after, afterProcess) = NewPlate();
        double configuredDeadTime = after.FeedForward.DeadTimeS;
        afterProcess.ImportParameters(new double[] { 0.21, 47, 4.5, 865, 1605, 22.5 }, 6);

        Assert.Equal(865, after.FeedForward.GainCPerDuty, 12);
        Assert.Equal(configuredDeadTime, after.FeedForward.DeadTimeS, 12);
    }
}
