using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Drivers.Tests.Fakes;

namespace DispenseStation.Firmware.Drivers.Tests;

public class DebounceTests
{
    [Fact]
    public void Bounces_shorter_than_the_assert_time_are_ignored()
    {
        var d = new Debouncer(assertMs: 20, releaseMs: 200, initialState: false, nowMs: 0);
        bool[] bouncy = { true, false, true, false, true, false };
        long t = 0;
        foreach (bool raw in bouncy) { t += 5; Assert.False(d.Sample(raw, t)); }
        Assert.False(d.Sample(true, t += 5));
        Assert.False(d.Sample(true, t += 15));
        Assert.True(d.Sample(true, t += 5));
    }

    [Fact]
    public void Assert_is_fast_and_release_is_slow()
    {
        var d = new Debouncer(assertMs: 10, releaseMs: 500, initialState: false, nowMs: 0);
        d.Sample(true, 0);
        Assert.True(d.Sample(true, 10));
        d.Sample(false, 20);
        Assert.True(d.Sample(false, 400));
        Assert.True(d.Sample(false, 519));
        Assert.False(d.Sample(false, 520));
    }

    [Fact]
    public void A_release_interrupted_by_a_glitch_starts_over()
    {
        var d = new Debouncer(assertMs: 0, releaseMs: 100, initialState: true, nowMs: 0);
        d.Sample(false, 0);
        d.Sample(true, 90);
        d.Sample(false, 95);
        Assert.True(d.Sample(false, 150));
        Assert.False(d.Sample(false, 195));
    }

    [Fact]
    public void Safety_input_starts_active_until_proven_clear()
    {
        var sim = new SimGpioDriver();
        var gpio = new GpioController(sim);
        var clock = new ManualClock();
        // Normally-closed e-stop to ground with pull-up: low = healthy, high = pressed or wire cut.
        sim.SetInput(4, PinValue.Low);
        var estop = new DebouncedInput(gpio.OpenPin(4, PinMode.Input), clock, activeHigh: true, assertMs: 10, releaseMs: 200, startActive: true);
        Assert.True(estop.IsActive);
        clock.Advance(150);
        Assert.True(estop.IsActive);
        clock.Advance(60);
        Assert.False(estop.IsActive);

        sim.SetInput(4, PinValue.High);
        Assert.False(estop.IsActive);
        clock.Advance(10);
        Assert.True(estop.IsActive);
    }

    [Fact]
    public void Active_low_switch_is_inverted()
    {
        var sim = new SimGpioDriver();
        var clock = new ManualClock();
        sim.SetInput(5, PinValue.High);
        var bottle = new DebouncedInput(new GpioController(sim).OpenPin(5, PinMode.Input), clock, activeHigh: false, assertMs: 30, releaseMs: 30, startActive: false);
        Assert.False(bottle.IsActive);
        sim.SetInput(5, PinValue.Low);
        Assert.False(bottle.IsActive);
        clock.Advance(30);
        Assert.True(bottle.IsActive);
    }

    [Fact]
    public void Reading_an_input_allocates_nothing()
    {
        var sim = new SimGpioDriver();
        var clock = new ManualClock();
        var input = new DebouncedInput(new GpioController(sim).OpenPin(6, PinMode.Input), clock, true, 10, 100, true);
        _ = input.IsActive;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            clock.Advance(1);
            sim.SetInput(6, (i / 50) % 2 == 0 ? PinValue.High : PinValue.Low);
            _ = input.IsActive;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
