using DispenseStation.Firmware.Station;
using DispenseStation.VirtualStation.Simulation;
using DispenseStation.VirtualStation.Storage;

namespace DispenseStation.VirtualStation.Tests;

/// <summary>
/// The board's external watchdog IC, simulated: a control tick that stops feeding it leaves the
/// heater on as last commanded (the firmware is hung), and the IC cuts it within its time-out.
/// </summary>
public sealed class HardwareSupervisorTests : IDisposable
{
    private const long TimeoutMs = 1600; // TPS3823 t_tout, typical
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ds-sup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private (SimulatedStation Sim, HardwareSupervisor Board) Make()
    {
        var sim = new SimulatedStation(new StationConfig { StationId = "vs-1" }, new LoopbackLink(), new DirectoryFileStore(_dir), PlantSettings.Default());
        return (sim, new HardwareSupervisor(sim, TimeoutMs));
    }

    [Fact]
    public void A_fed_supervisor_leaves_the_outputs_alone()
    {
        var (sim, board) = Make();
        for (int i = 0; i < 1000; i++) board.Step(); // 10 s of healthy ticks
        Assert.True(board.Ic.Armed);
        Assert.True(board.Ic.OutputsEnabled);
    }

    [Fact]
    public void A_stalled_tick_cuts_the_heater_within_the_supervisor_timeout()
    {
        var (sim, board) = Make();
        for (int i = 0; i < 100; i++) board.Step();
        sim.HotplateRig.Heater.SetDuty(1.0); // the hung firmware's last command: full heat
        long stalledAt = sim.Clock.UptimeMs;
        long cutAt = -1;
        while (sim.Clock.UptimeMs - stalledAt <= TimeoutMs + 2 * SimulatedStation.TickMs)
        {
            board.StepStalled();
            if (sim.Clock.UptimeMs - stalledAt <= TimeoutMs)
                Assert.True(board.Ic.OutputsEnabled, $"cut early at +{sim.Clock.UptimeMs - stalledAt} ms");
            if (cutAt < 0 && !board.Ic.OutputsEnabled) cutAt = sim.Clock.UptimeMs;
        }
        Assert.True(cutAt > 0, "the supervisor never cut the outputs");
        // Cut on the first check after the time-out: within one tick period of it.
        Assert.InRange(cutAt - stalledAt, TimeoutMs + 1, TimeoutMs + SimulatedStation.TickMs);
        Assert.Equal(0, sim.HotplateRig.Heater.AppliedDuty);
        Assert.False(sim.HotplateRig.Heater.IsOn);
        Assert.All(sim.DosingRig.Pumps, p => Assert.Equal(0, p.CommandedSpeed));

        board.Step(); // a tick that resumes late does not bring power back
        Assert.False(board.Ic.OutputsEnabled);
        Assert.Equal(0, sim.HotplateRig.Heater.AppliedDuty);
    }
}
