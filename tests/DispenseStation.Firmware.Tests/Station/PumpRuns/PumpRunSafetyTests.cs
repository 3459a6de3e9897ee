using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;

namespace DispenseStation.Firmware.Tests.Station.PumpRuns;

/// <summary>
/// Abort, stop and e-stop in every phase of a prime and of a calibration (waiting for a stable start, pumping,
/// settling) turn the pump off within the tick they arrive, and the run is reported stopped with the reason;
/// so do a lost link and an opened pump interlock.
/// </summary>
public class PumpRunSafetyTests
{
    private const int Solvent = 1;

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string procedure in new[] { CommandNames.Prime, CommandNames.CalibratePump })
            foreach (int phase in new[] { DosePhase.Start, DosePhase.Run, DosePhase.Settle })
                foreach (string action in new[] { "abort", "stop", "e-stop" })
                    data.Add(procedure, phase, action);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ends_the_run_with_the_pump_off_in_one_tick(string procedure, int phase, string action)
    {
        var s = new PumpStation();
        if (phase == DosePhase.Start) s.Rig.Bump(3, 3000); // a bumped bottle: the run waits for a stable start
        s.Send(new CommandMessage { Name = procedure, Channel = Solvent, Speed = 0.5, Seconds = 3 });
        s.RunUntil(() => s.Doser.Phase == phase, 10);
        if (phase == DosePhase.Run) Assert.Equal(0.5, s.Rig.Pumps[Solvent].CommandedSpeed);

        if (action == "e-stop") { s.EStop.IsActive = true; s.Step(); }
        else s.Send(action);

        Assert.True(s.PumpsOff, "pump still commanded or powered one tick after " + action);
        var run = s.WaitForRun(5);
        Assert.Equal(PumpRunStatuses.Stopped, run.RunStatus);
        Assert.Equal("stopped: " + (action == "stop" ? "stopped" : action == "abort" ? "aborted" : "e-stop"), run.Message);
        Assert.True(double.IsNaN(run.FlowGramsPerS));
        Assert.Equal(action == "stop" ? PackMlState.Stopped : PackMlState.Aborted, s.Station.State);
        s.Run(3);
        Assert.True(s.PumpsOff);
    }

    [Fact]
    public void A_lost_link_stops_the_run_and_the_event_waits_for_the_link()
    {
        var s = new PumpStation();
        s.Calibrate(Solvent, 0.5, seconds: 10);
        s.Run(1);
        s.Link.Disconnect();
        s.Step();
        Assert.True(s.PumpsOff);
        s.Run(3);
        s.Link.Reconnect();
        var run = s.WaitForRun(5);
        Assert.Equal(PumpRunStatuses.Stopped, run.RunStatus);
        Assert.Equal("stopped: link lost", run.Message);
        Assert.Equal(0, s.Doser.Flow.FullSpeedGramsPerS(Solvent)); // nothing learned from a cut run
    }

    [Fact]
    public void An_opened_pump_interlock_stops_the_run()
    {
        var s = new PumpStation();
        s.Prime(Solvent, 0.5, seconds: 10);
        s.Run(1);
        s.PumpInterlock.IsActive = true;
        s.Step();
        Assert.True(s.PumpsOff);
        var run = s.WaitForRun(5);
        Assert.Equal("stopped: pump interlock opened", run.Message);
    }

    [Fact]
    public void A_pumping_tick_allocates_nothing()
    {
        var s = new PumpStation();
        s.Link.Record = false;
        s.Prime(Solvent, 0.2, seconds: 30);
        s.Run(1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++) s.Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(DosePhase.Run, s.Doser.Phase);
    }
}
