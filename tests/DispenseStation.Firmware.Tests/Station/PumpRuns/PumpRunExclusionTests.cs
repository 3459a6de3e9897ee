using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Bake;
using DispenseStation.Protocol.Messages;

namespace DispenseStation.Firmware.Tests.Station.PumpRuns;

/// <summary>A pump run, an autotune and a bake job exclude each other, whichever came first (real thermal process on the simulated plate).</summary>
public class PumpRunExclusionTests
{
    private static CommandMessage Autotune() => new() { Name = CommandNames.Autotune, TargetC = 60, MaxS = 600 };

    private static CommandMessage BakeJob() => new()
    {
        Name = CommandNames.BakeJob,
        Job = new BakeJobSpec
        {
            JobId = "J-1", Profile = "peb-110", ProfileVersion = 1, Wafers = 1,
            Segments = [new DispenseStation.Protocol.Recipes.BakeSegment(60, 0, 60, 0.3)], WaferHeatCapacityJPerK = 37, StableS = 10, PlaceTimeoutS = 60,
        },
    };

    [Fact]
    public void A_prime_is_refused_while_an_autotune_runs()
    {
        var s = PumpStation.WithPlate();
        Assert.True(s.ResultFor(s.Send(Autotune())).Accepted);
        s.Run(1);
        Assert.Equal("prime: an autotune is running", s.ResultFor(s.Prime(1, 0.5, seconds: 3)).Reason);
        Assert.True(s.PumpsOff);
    }

    [Fact]
    public void A_prime_is_refused_while_a_bake_job_runs()
    {
        var s = PumpStation.WithPlate();
        var job = s.ResultFor(s.Send(BakeJob()));
        Assert.True(job.Accepted, job.Reason);
        s.Run(1);
        Assert.Equal("prime is only accepted in Idle (now Execute)", s.ResultFor(s.Prime(1, 0.5, seconds: 3)).Reason);
        Assert.True(s.PumpsOff);
    }

    [Fact]
    public void An_autotune_a_bake_job_and_new_gains_are_refused_while_a_pump_runs()
    {
        var s = PumpStation.WithPlate();
        s.Calibrate(1, [0.3, 0.6], seconds: 20);
        s.Run(0.5);
        Assert.Equal("autotune: a pump run is going (abort or stop ends it)", s.ResultFor(s.Send(Autotune())).Reason);
        Assert.Equal("bake-job: a pump run is going (abort or stop ends it)", s.ResultFor(s.Send(BakeJob())).Reason);
        Assert.Equal("set-gains: a pump run is going (abort or stop ends it)",
            s.ResultFor(s.Send(new CommandMessage { Name = CommandNames.SetGains, Kp = 0.05, Ti = 100, Td = 0 })).Reason);
        Assert.False(s.Station.AutotuneRunning);
        Assert.Equal(0.3, s.Rig.Pumps[1].CommandedSpeed);
    }
}
