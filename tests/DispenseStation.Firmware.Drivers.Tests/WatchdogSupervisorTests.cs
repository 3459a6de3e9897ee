using System.Device.Gpio;
using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Drivers.Tests.Fakes;

namespace DispenseStation.Firmware.Drivers.Tests;

/// <summary>The external watchdog: the feed's edges and the supervisor IC's time-out, at the boundary.</summary>
public class WatchdogSupervisorTests
{
    [Fact]
    public void A_floating_WDI_keeps_the_supervisor_disarmed_through_boot()
    {
        var ic = new WatchdogSupervisor(1600);
        Assert.True(ic.Check(60_000));
        Assert.False(ic.Armed);
    }

    [Fact]
    public void Outputs_stay_enabled_at_exactly_the_timeout_and_are_cut_one_ms_later()
    {
        var ic = new WatchdogSupervisor(1600);
        ic.Drive(false, 1000);
        Assert.True(ic.Check(2600));
        Assert.True(ic.OutputsEnabled);
        Assert.False(ic.Check(2601));
        Assert.Equal(2601, ic.TrippedAtMs);
        ic.Drive(true, 2602); // a late edge does not restore power: RESET restarts the board
        Assert.False(ic.Check(2603));
    }

    [Fact]
    public void Only_level_changes_restart_the_timeout()
    {
        var ic = new WatchdogSupervisor(1000);
        ic.Drive(true, 0);
        ic.Drive(true, 900); // same level: not an edge
        Assert.False(ic.Check(1001));

        var fed = new WatchdogSupervisor(1000);
        fed.Drive(true, 0);
        fed.Drive(false, 900);
        Assert.True(fed.Check(1899));
        Assert.False(fed.Check(1901));
    }

    [Fact]
    public void The_feed_changes_the_WDI_level_on_every_call_without_allocating()
    {
        var sim = new SimGpioDriver();
        var feed = new SupervisorFeed(new GpioController(sim).OpenPin(2, PinMode.Output));
        Assert.Equal(PinValue.Low, sim.Level(2));
        feed.Feed();
        Assert.Equal(PinValue.High, sim.Level(2));
        feed.Feed();
        Assert.Equal(PinValue.Low, sim.Level(2));
        Assert.Equal(2, feed.Edges);
        double baseline = Allocation.GpioWriteBaseline();
        long bytes = Allocation.Of(() => { for (int i = 0; i < 1000; i++) feed.Feed(); });
        Assert.Equal(1000 * baseline, bytes); // only .NET IoT's own Write allocates
    }
}
