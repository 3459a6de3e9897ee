using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Drivers.DotNet;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Drivers.Tests.Fakes;
using Iot.Device.Max31865;
using UnitsNet;
using Xunit.Abstractions;

namespace DispenseStation.Firmware.Drivers.Tests;

/// <summary>
/// Start-up heap of the driver objects (what hardware/BUDGET.md quotes), measured on .NET as bytes
/// allocated by each constructor, with the pins, PWM channels and SPI devices created beforehand
/// (those belong to the platform). .NET object headers are 16 bytes against nanoFramework's 12,
/// so the figures are an upper bound for the ESP32 within a small factor.
/// </summary>
public class DriverMemoryBudgetTests(ITestOutputHelper output)
{
    /// <summary>Per driver on the ESP32's ~100 KB heap: generous, yet catches a buffer allocated per instance by mistake.</summary>
    private const long PerDriverBudgetBytes = 1024;

    [Fact]
    public void Driver_objects_fit_the_start_up_budget()
    {
        var clock = new ManualClock();
        var sim = new SimGpioDriver();
        var gpio = new GpioController(sim);
        GpioPin ssrPin = gpio.OpenPin(1, PinMode.Output), enPin = gpio.OpenPin(2, PinMode.Output), inPin = gpio.OpenPin(3, PinMode.Input);
        var pwm = new FakePwmChannel();
        var spi = new SimMax31865Spi(430);
        var max = new Max31865(spi, PlatinumResistanceThermometerType.Pt100, ResistanceTemperatureDetectorWires.ThreeWire, ElectricResistance.FromOhms(430));
        var hxGpio = new GpioController(new SimHx711(10, 11));
        var rate = new StepRate(3200, 20);

        var sizes = new (string name, long bytes)[]
        {
            ("SsrHeaterOutput", Allocation.Of(() => new SsrHeaterOutput(ssrPin, clock, 1000, 100, 3000, true))),
            ("PwmHeaterOutput", Allocation.Of(() => new PwmHeaterOutput(pwm, clock, 3000))),
            ("StepperPump (with StepRate)", Allocation.Of(() => new StepperPump(pwm, null!, enPin, true, true, new StepRate(3200, 20)))),
            ("PwmPump", Allocation.Of(() => new PwmPump(pwm, 0.15))),
            ("DebouncedInput", Allocation.Of(() => new DebouncedInput(inPin, clock, true, 5, 200, true))),
            ("Max31865Sensor (adapter only)", Allocation.Of(() => new Max31865Sensor(max, clock, 1000, -50, 400))),
            ("SamplerThread (before Start)", Allocation.Of(() => new SamplerThread(new Max31865Sensor(max, clock, 1000, -50, 400), 100))),
            ("MessageQueue(16)", Allocation.Of(() => new MessageQueue(16))),
            ("ReconnectBackoff", Allocation.Of(() => new ReconnectBackoff(1000, 60000, 20, 7))),
        };
        foreach (var (name, bytes) in sizes)
        {
            output.WriteLine($"{name}: {bytes} B");
            Assert.InRange(bytes, 1, PerDriverBudgetBytes);
        }
        GC.KeepAlive(rate);
        GC.KeepAlive(hxGpio);
    }

    /// <summary>
    /// The MAX31865 binding allocates per read (buffers, the FaultStatus record). That runs on the
    /// sampler thread at 10 Hz, not in the control tick; the figure goes into the GC budget.
    /// </summary>
    [Fact]
    public void Rtd_sampling_allocation_per_sample_is_bounded()
    {
        var clock = new ManualClock();
        var spi = new SimMax31865Spi(430) { RtdOhms = 138.5 };
        var max = new Max31865(spi, PlatinumResistanceThermometerType.Pt100, ResistanceTemperatureDetectorWires.ThreeWire, ElectricResistance.FromOhms(430));
        var sensor = new Max31865Sensor(max, clock, 1000, -50, 400);
        sensor.SampleOnce();
        long bytes = Allocation.Of(() => { for (int i = 0; i < 3; i++) sensor.SampleOnce(); });
        output.WriteLine($"Max31865Sensor.SampleOnce: {bytes / 3} B per sample on .NET IoT");
        Assert.InRange(bytes / 3, 0, 2048);
    }
}
