using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Drivers.Tests.Fakes;

namespace DispenseStation.Firmware.Drivers.Tests;

public class GpioPumpPowerTests
{
    private const int Pin = 27;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Pumps_are_unpowered_from_construction_and_follow_the_doser(bool activeHigh)
    {
        var sim = new SimGpioDriver();
        var on = activeHigh ? PinValue.High : PinValue.Low;
        var off = activeHigh ? PinValue.Low : PinValue.High;
        var power = new GpioPumpPower(new GpioController(sim).OpenPin(Pin, PinMode.Output), activeHigh);
        Assert.Equal(off, sim.Level(Pin));
        Assert.False(power.IsEnabled);
        power.SetEnabled(true);
        Assert.Equal(on, sim.Level(Pin));
        Assert.True(power.IsEnabled);
        int writes = sim.Writes(Pin);
        power.SetEnabled(true);
        Assert.Equal(writes, sim.Writes(Pin));
        power.SetEnabled(false);
        Assert.Equal(off, sim.Level(Pin));
        Assert.False(power.IsEnabled);
    }

    [Fact]
    public void A_pin_is_required() =>
        Assert.Throws<ArgumentNullException>(() => new GpioPumpPower(null!, true));
}
