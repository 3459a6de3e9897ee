using System.Linq;
using DispenseStation.Firmware.Thermal;
using Xunit;

namespace DispenseStation.Firmware.Esp32.Tests;

/// <summary>Program's independent watchdog timer over the assembled station.</summary>
public class WatchdogMonitorTests
{
    [Fact]
    public void A_fed_loop_is_left_alone_and_a_stalled_loop_turns_outputs_off_and_reboots_once()
    {
        var sim = new SimulatedEsp32Station();
        var station = sim.Assemble();
        var monitor = new WatchdogMonitor(station.Runtime.Watchdog, station.Hotplate.Safety, sim.Dosing.Clock, sim.Plate.Heater, sim.Pumps);
        int reboots = nanoFramework.Runtime.Native.Power.RebootRequests;
        for (int i = 0; i < 500; i++)
        {
            sim.Step();
            if (i % 5 == 0) monitor.Check();
        }
        Assert.False(monitor.Tripped);
        Assert.Equal(reboots, nanoFramework.Runtime.Native.Power.RebootRequests);

        sim.Pumps[2].SetSpeed(0.5);
        sim.Plate.Heater.SetDuty(0.8);
        sim.Dosing.Step(station.Config.WatchdogTimeoutMs + 100); // the loop stops ticking
        monitor.Check();
        monitor.Check();
        Assert.True(monitor.Tripped);
        Assert.Equal(0, sim.Plate.Heater.AppliedDuty);
        Assert.All(sim.Pumps, p => Assert.Equal(0, p.CommandedSpeed));
        Assert.Equal(reboots + 1, nanoFramework.Runtime.Native.Power.RebootRequests);
    }

    [Fact]
    public void The_thermal_heater_watchdog_is_checked_on_every_pass()
    {
        var sim = new SimulatedEsp32Station();
        var station = sim.Assemble();
        var monitor = new WatchdogMonitor(station.Runtime.Watchdog, station.Hotplate.Safety, sim.Dosing.Clock, sim.Plate.Heater, sim.Pumps);
        station.Hotplate.Safety.ApplyDuty(sim.Dosing.Clock.UptimeMs, 0.5); // heater on, then no refresh
        sim.Dosing.Step(station.Hotplate.Config.Safety.WatchdogTimeoutMs + 50);
        monitor.Check();
        Assert.Equal(ThermalFault.HeaterWatchdog, station.Hotplate.Safety.Fault);
        Assert.Equal(0, sim.Plate.Heater.AppliedDuty);
    }
}
