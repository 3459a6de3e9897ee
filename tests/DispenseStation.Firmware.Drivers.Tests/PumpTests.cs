using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Drivers.Tests.Fakes;

namespace DispenseStation.Firmware.Drivers.Tests;

public class PumpTests
{
    private const int Dir = 26, En = 27;

    private static (StepperPump pump, FakePwmChannel step, SimGpioDriver sim) Stepper()
    {
        var sim = new SimGpioDriver();
        var gpio = new GpioController(sim);
        var step = new FakePwmChannel { Frequency = 400 };
        var pump = new StepperPump(step, gpio.OpenPin(Dir, PinMode.Output), gpio.OpenPin(En, PinMode.Output),
            enableActiveLow: true, forwardHigh: true, new StepRate(maxStepsPerSecond: 3200, minStepsPerSecond: 20));
        return (pump, step, sim);
    }

    [Fact]
    public void Stepper_starts_disabled_and_stopped()
    {
        var (pump, step, sim) = Stepper();
        Assert.False(step.Running);
        Assert.Equal(PinValue.High, sim.Level(En));
        Assert.Equal(PinValue.High, sim.Level(Dir));
        Assert.Equal(0, pump.CommandedSpeed);
    }

    [Theory]
    [InlineData(1.0, 3200)]
    [InlineData(0.5, 1600)]
    [InlineData(0.1, 320)]
    [InlineData(2.0, 3200)]
    public void Step_rate_is_the_speed_fraction_of_the_maximum(double fraction, int hz)
    {
        var (pump, step, sim) = Stepper();
        pump.SetSpeed(fraction);
        Assert.True(step.Running);
        Assert.Equal(hz, step.Frequency);
        Assert.Equal(0.5, step.DutyCycle);
        Assert.Equal(PinValue.Low, sim.Level(En));
        Assert.Equal(Math.Min(fraction, 1), pump.CommandedSpeed);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.005)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Zero_tiny_negative_or_NaN_speed_stops_and_disables(double fraction)
    {
        var (pump, step, sim) = Stepper();
        pump.SetSpeed(0.5);
        pump.SetSpeed(fraction);
        Assert.False(step.Running);
        Assert.Equal(PinValue.High, sim.Level(En));
        Assert.Equal(0, pump.CommandedSpeed);
        Assert.Equal(0, pump.StepFrequency);
    }

    [Fact]
    public void Changing_speed_while_running_retunes_without_restarting()
    {
        var (pump, step, _) = Stepper();
        pump.SetSpeed(0.2);
        pump.SetSpeed(0.8);
        Assert.Equal(1, step.Starts);
        Assert.Equal(2560, step.Frequency);
    }

    [Fact]
    public void Stepper_SetSpeed_allocates_nothing_of_its_own()
    {
        double perWrite = Allocation.GpioWriteBaseline();
        var (pump, _, sim) = Stepper();
        pump.SetSpeed(0.3);
        int before = sim.Writes(En);
        long bytes = Allocation.Of(() =>
        {
            for (int i = 0; i < 10_000; i++) pump.SetSpeed((i % 10) / 10.0);
        });
        Assert.Equal((sim.Writes(En) - before) * perWrite, bytes);
    }

    [Fact]
    public void Stepper_with_a_strapped_direction_needs_no_dir_pin()
    {
        var sim = new SimGpioDriver();
        var step = new FakePwmChannel();
        var pump = new StepperPump(step, null!, new GpioController(sim).OpenPin(En, PinMode.Output), true, true, new StepRate(1000, 10));
        pump.SetSpeed(0.25);
        Assert.Equal(250, step.Frequency);
        Assert.Equal(0, sim.Writes(Dir));
    }

    [Fact]
    public void Pwm_pump_sets_duty_and_stops_below_stall()
    {
        var pwm = new FakePwmChannel();
        var pump = new PwmPump(pwm, stallDuty: 0.15);
        Assert.True(pwm.Running);
        Assert.Equal(0, pwm.DutyCycle);
        pump.SetSpeed(0.6);
        Assert.Equal(0.6, pwm.DutyCycle);
        pump.SetSpeed(0.1);
        Assert.Equal(0, pwm.DutyCycle);
        Assert.Equal(0, pump.CommandedSpeed);
        pump.SetSpeed(double.NaN);
        Assert.Equal(0, pwm.DutyCycle);
        Assert.Equal(0, Allocation.Of(() => { for (int i = 0; i < 1000; i++) pump.SetSpeed(i % 3 * 0.4); }));
    }

    [Fact]
    public void Pwm_heater_starts_at_zero_clamps_and_fails_off_when_not_driven()
    {
        var pwm = new FakePwmChannel();
        var clock = new ManualClock();
        var heater = new PwmHeaterOutput(pwm, clock, holdMs: 2000);
        Assert.Equal(0, pwm.DutyCycle);
        heater.SetDuty(1.7);
        Assert.Equal(1, pwm.DutyCycle);
        clock.Advance(2000);
        heater.Service();
        Assert.Equal(1, heater.AppliedDuty);
        clock.Advance(1);
        heater.Service();
        Assert.Equal(0, pwm.DutyCycle);
        heater.SetDuty(0.5);
        heater.ForceOff();
        Assert.Equal(0, heater.AppliedDuty);
        heater.SetDuty(0.5);
        heater.SetDuty(double.NaN);
        Assert.Equal(0, pwm.DutyCycle);
        Assert.Equal(0, Allocation.Of(() =>
        {
            for (int i = 0; i < 10_000; i++) { clock.Advance(10); heater.SetDuty(i % 5 * 0.2); heater.Service(); }
        }));
    }

    [Fact]
    public void Step_rate_configuration_is_checked()
    {
        Assert.Equal("maxStepsPerSecond", Assert.Throws<ArgumentOutOfRangeException>(() => new StepRate(0, 1)).ParamName);
        Assert.Equal("minStepsPerSecond", Assert.Throws<ArgumentOutOfRangeException>(() => new StepRate(100, 200)).ParamName);
    }
}
