using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Drivers.Tests.Fakes;

namespace DispenseStation.Firmware.Drivers.Tests;

public class SsrHeaterOutputTests
{
    private const int Pin = 25;

    private static (SsrHeaterOutput heater, SimGpioDriver sim, ManualClock clock) Make(bool activeHigh = true, PinValue? preset = null)
    {
        var sim = new SimGpioDriver();
        if (preset is PinValue p) sim.SetInput(Pin, p);
        var gpio = new GpioController(sim);
        var clock = new ManualClock { UptimeMs = 1000 };
        var heater = new SsrHeaterOutput(gpio.OpenPin(Pin, PinMode.Output), clock, 1000, 100, 3000, activeHigh);
        return (heater, sim, clock);
    }

    [Fact]
    public void Pin_is_driven_off_at_construction()
    {
        var (heater, sim, _) = Make(activeHigh: true, preset: PinValue.High);
        Assert.Equal(PinValue.Low, sim.Level(Pin));
        Assert.Equal(0, heater.AppliedDuty);

        var (_, simLow, _) = Make(activeHigh: false, preset: PinValue.Low);
        Assert.Equal(PinValue.High, simLow.Level(Pin));
    }

    [Fact]
    public void Pin_follows_the_time_proportioned_window()
    {
        var (heater, sim, clock) = Make();
        heater.SetDuty(0.4);
        long onMs = 0;
        for (int i = 0; i < 500; i++)
        {
            clock.Advance(20);
            if (i % 5 == 0) heater.SetDuty(0.4);
            heater.Service();
            if (sim.Level(Pin) == PinValue.High) onMs += 20;
        }
        Assert.InRange(onMs / 10_000.0, 0.38, 0.42);
        Assert.InRange(heater.SwitchCount, 9, 11);
    }

    [Fact]
    public void ForceOff_turns_the_pin_off_at_once()
    {
        var (heater, sim, clock) = Make();
        heater.SetDuty(1);
        clock.Advance(10);
        heater.Service();
        Assert.Equal(PinValue.High, sim.Level(Pin));
        heater.ForceOff();
        Assert.Equal(PinValue.Low, sim.Level(Pin));
        Assert.Equal(0, heater.AppliedDuty);
        clock.Advance(10);
        heater.Service();
        Assert.Equal(PinValue.Low, sim.Level(Pin));
    }

    [Fact]
    public void Heater_fails_off_when_the_loop_stops_setting_duty()
    {
        var (heater, sim, clock) = Make();
        heater.SetDuty(1);
        for (int i = 0; i < 140; i++) { clock.Advance(20); heater.Service(); }
        Assert.Equal(PinValue.High, sim.Level(Pin));
        for (int i = 0; i < 20; i++) { clock.Advance(20); heater.Service(); }
        Assert.Equal(PinValue.Low, sim.Level(Pin));
        Assert.Equal(0, heater.AppliedDuty);
    }

    [Fact]
    public void Service_and_SetDuty_allocate_nothing_of_their_own()
    {
        double perWrite = Allocation.GpioWriteBaseline();
        var (heater, sim, clock) = Make();
        heater.SetDuty(0.5);
        heater.Service();
        int writesBefore = sim.Writes(Pin);
        long bytes = Allocation.Of(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                clock.Advance(10);
                heater.SetDuty(0.3 + (i % 7) * 0.1);
                heater.Service();
            }
        });
        int writes = sim.Writes(Pin) - writesBefore;
        Assert.InRange(writes, 150, 250);
        Assert.Equal(writes * perWrite, bytes);
    }
}
