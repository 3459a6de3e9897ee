using DispenseStation.Firmware.Station.Safety;
using DispenseStation.Firmware.Tests.Station.Fakes;

namespace DispenseStation.Firmware.Tests.Station;

public class SafetySupervisorTests
{
    private readonly FakeInput _eStop = new();
    private readonly FakeInput _heater = new();
    private readonly FakeInput _pump = new();

    private SafetySupervisor Make(long holdMs = 30_000) => new(_eStop, _heater, _pump, holdMs);

    [Fact]
    public void All_clear_permits_heater_and_pumps()
    {
        var s = Make();
        s.Update(0, linkConnected: true);
        Assert.True(s.HeaterPermitted);
        Assert.True(s.PumpsPermitted);
        Assert.Equal(SafetyAlarms.None, s.Alarms);
    }

    [Fact]
    public void EStop_blocks_heater_and_pumps()
    {
        var s = Make();
        _eStop.IsActive = true;
        s.Update(0, true);
        Assert.True(s.EStopActive);
        Assert.False(s.HeaterPermitted);
        Assert.False(s.PumpsPermitted);
        Assert.Equal(SafetyAlarms.EStop, s.ChangedAlarms);
    }

    [Fact]
    public void Each_interlock_blocks_only_its_own_output()
    {
        var s = Make();
        _heater.IsActive = true;
        s.Update(0, true);
        Assert.False(s.HeaterPermitted);
        Assert.True(s.PumpsPermitted);
        _heater.IsActive = false;
        _pump.IsActive = true;
        s.Update(1, true);
        Assert.True(s.HeaterPermitted);
        Assert.False(s.PumpsPermitted);
        Assert.Equal(SafetyAlarms.HeaterInterlock | SafetyAlarms.PumpInterlock, s.ChangedAlarms);
    }

    [Fact]
    public void Link_loss_pauses_pumps_at_once_and_takes_the_heater_safe_after_the_hold_time()
    {
        var s = Make(holdMs: 30_000);
        s.Update(1_000, true);
        s.Update(2_000, false);
        Assert.False(s.PumpsPermitted);
        Assert.True(s.HeaterPermitted);
        s.Update(2_000 + 29_999, false);
        Assert.True(s.HeaterPermitted);
        s.Update(2_000 + 30_000, false);
        Assert.False(s.HeaterPermitted);
        Assert.True(s.LinkHoldExpired);

        s.Update(40_000, true);
        Assert.True(s.HeaterPermitted);
        Assert.True(s.PumpsPermitted);
        Assert.Equal(SafetyAlarms.LinkLost | SafetyAlarms.LinkHoldExpired, s.ChangedAlarms);
    }

    [Fact]
    public void A_short_reconnect_restarts_the_hold_time()
    {
        var s = Make(holdMs: 10_000);
        s.Update(0, false);
        s.Update(9_000, false);
        s.Update(9_500, true);
        s.Update(10_000, false);
        s.Update(19_000, false);
        Assert.True(s.HeaterPermitted);
        s.Update(20_000, false);
        Assert.False(s.HeaterPermitted);
    }

    [Fact]
    public void Optional_interlocks_may_be_absent()
    {
        var s = new SafetySupervisor(_eStop, null!, null!, 1000);
        s.Update(0, true);
        Assert.True(s.HeaterPermitted && s.PumpsPermitted);
    }

    [Fact]
    public void Watchdog_starves_only_when_not_fed_within_the_timeout()
    {
        var clock = new ManualClock();
        var dog = new SoftwareWatchdog(clock, 500);
        clock.Advance(500);
        Assert.False(dog.IsStarved());
        dog.Feed();
        clock.Advance(400);
        Assert.False(dog.IsStarved());
        clock.Advance(101);
        Assert.True(dog.IsStarved());
        dog.Feed();
        Assert.False(dog.IsStarved());
    }
}
