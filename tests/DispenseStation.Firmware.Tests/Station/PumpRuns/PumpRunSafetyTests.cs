using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;

namespace DispenseStation.Firmware.Tests.Station.PumpRuns;

/// <summary>
/// Abort, stop and e-stop in every phase of a prime and of each speed of a calibration (waiting for a stable
/// start, pumping, settling) turn the pump off within the tick they arrive, and the run is reported stopped
/// with the reason (and, for a calibration, the speed it was at, the speeds measured before and nothing stored);
/// so do a lost link and an opened pump interlock.
/// </summary>
public class PumpRunSafetyTests
{
    private const int Solvent = 1;

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string procedure in new[] { CommandNames.Prime })
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

    public static TheoryData<int, int, string> CalibrationCases()
    {
        var data = new TheoryData<int, int, string>();
        foreach (int step in new[] { 0, 1, 2 })
            foreach (int phase in new[] { DosePhase.Start, DosePhase.Run, DosePhase.Settle })
                foreach (string action in new[] { "abort", "stop", "e-stop" })
                    data.Add(step, phase, action);
        return data;
    }

    [Theory]
    [MemberData(nameof(CalibrationCases))]
    public void Ends_a_calibration_at_any_speed_and_phase_with_the_pump_off_in_one_tick(int step, int phase, string action)
    {
        var s = new PumpStation();
        double[] speeds = [0.2, 0.5, 0.8];
        double fast = s.Channels[Solvent].FastFlowGramsPerS;
        if (step == 0 && phase == DosePhase.Start) s.Rig.Bump(3, 3000); // a bumped bottle: the run waits for a stable start
        s.Calibrate(Solvent, speeds, seconds: 2.5);
        s.RunUntil(() => s.Station.PumpCalibrationStep == step, 30);
        if (step > 0 && phase == DosePhase.Start)
        {
            s.Rig.Bump(3, 3000);
            s.Step();
        }
        s.RunUntil(() => s.Doser.Phase == phase, 10);
        Assert.Equal(step, s.Station.PumpCalibrationStep);
        if (phase == DosePhase.Run) Assert.Equal(speeds[step], s.Rig.Pumps[Solvent].CommandedSpeed);

        if (action == "e-stop") { s.EStop.IsActive = true; s.Step(); }
        else s.Send(action);

        Assert.True(s.PumpsOff, "pump still commanded or powered one tick after " + action);
        var run = s.WaitForRun(5);
        Assert.Equal(PumpRunStatuses.Stopped, run.RunStatus);
        string why = action == "stop" ? "stopped" : action == "abort" ? "aborted" : "e-stop";
        Assert.Equal($"stopped at speed {speeds[step]:F2} ({step + 1} of 3): {why}; nothing stored", run.Message);
        Assert.Equal(step, run.PointCount); // the speeds finished before it
        Assert.Equal(0, s.Doser.Flow.PointCount(Solvent));
        Assert.Equal(fast, s.Channels[Solvent].FastFlowGramsPerS);
        Assert.Equal(action == "stop" ? PackMlState.Stopped : PackMlState.Aborted, s.Station.State);
        s.Run(3);
        Assert.True(s.PumpsOff);
        Assert.Equal(-1, s.Station.PumpCalibrationStep);
    }

    [Fact]
    public void A_lost_link_stops_the_run_and_the_event_waits_for_the_link()
    {
        var s = new PumpStation();
        s.Calibrate(Solvent, [0.5, 1], seconds: 10);
        s.Run(1);
        s.Link.Disconnect();
        s.Step();
        Assert.True(s.PumpsOff);
        s.Run(3);
        s.Link.Reconnect();
        var run = s.WaitForRun(5);
        Assert.Equal(PumpRunStatuses.Stopped, run.RunStatus);
        Assert.Equal("stopped at speed 0.50 (1 of 2): link lost; nothing stored", run.Message);
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

    [Fact]
    public void A_calibration_allocates_nothing_while_it_pumps_and_moves_to_the_next_speed()
    {
        var s = new PumpStation();
        s.Link.Record = false;
        s.Calibrate(Solvent, [0.2, 0.4, 0.6], seconds: 3);
        s.RunUntil(() => s.Doser.Phase == DosePhase.Run, 10);
        Func<bool> pumpingAtTheSecondSpeed = () => s.Station.PumpCalibrationStep == 1 && s.Doser.Phase == DosePhase.Run; // made before measuring
        long before = GC.GetAllocatedBytesForCurrentThread();
        // pumping at 0.2, its settle, the start of 0.4 and pumping at it: every tick, the step between speeds included
        s.RunUntil(pumpingAtTheSecondSpeed, 20);
        s.Run(1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0.4, s.Rig.Pumps[Solvent].CommandedSpeed);
    }
}
