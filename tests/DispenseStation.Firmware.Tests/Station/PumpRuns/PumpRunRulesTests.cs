using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Tests.Station.PumpRuns;

/// <summary>prime and calibrate-pump on the station: when they are accepted, their limits at the value and just
/// over, and what a run reports.</summary>
public class PumpRunRulesTests
{
    private const int Solvent = 1; // 8 ml/s pump, water-thin

    private static double TrueFlow(PumpStation s, int channel, double speed) => speed * new Simulation.Dosing.SimPump(s.Rig.Parameters.Channels[channel]).NominalMaxGramsPerS;

    [Fact]
    public void Prime_for_a_time_runs_the_pump_at_its_speed_leaves_the_station_idle_and_reports_the_grams()
    {
        var s = new PumpStation();
        string id = s.Prime(Solvent, 0.5, seconds: 3);
        Assert.True(s.ResultFor(id).Accepted, s.ResultFor(id).Reason);
        s.Run(0.5);
        Assert.Equal(0.5, s.Rig.Pumps[Solvent].CommandedSpeed);
        Assert.True(s.Station.PumpRunActive);
        Assert.Equal(PackMlState.Idle, s.Station.State);

        var run = s.WaitForRun();
        Assert.Equal(id, run.CommandId);
        Assert.Equal(CommandNames.Prime, run.Procedure);
        Assert.Equal(PumpRunStatuses.Completed, run.RunStatus);
        Assert.Equal("the time ran out", run.Message);
        Assert.InRange(run.Seconds, 2.99, 3.03);
        Assert.InRange(run.Grams, 0.95 * 3 * TrueFlow(s, Solvent, 0.5), 1.05 * 3 * TrueFlow(s, Solvent, 0.5));
        Assert.True(double.IsNaN(run.FlowGramsPerS)); // a prime learns nothing
        Assert.True(s.PumpsOff);
        Assert.False(s.Station.PumpRunActive);
        Assert.Equal(PackMlState.Idle, s.Station.State);
    }

    [Fact]
    public void Prime_to_a_mass_stops_once_the_grams_arrived()
    {
        var s = new PumpStation();
        s.Prime(Solvent, 0.5, grams: 5);
        var run = s.WaitForRun();
        Assert.Equal(PumpRunStatuses.Completed, run.RunStatus);
        Assert.Equal("the grams arrived", run.Message);
        Assert.InRange(run.Grams, 5, 7); // what was in the tube when the pump stopped lands too
        Assert.InRange(run.Seconds, 0.9, 2);
    }

    [Theory]
    [InlineData(CommandNames.Prime)]
    [InlineData(CommandNames.CalibratePump)]
    public void Refused_outside_idle_with_the_state_named(string name)
    {
        var s = new PumpStation();
        s.Send(CommandNames.Stop);
        s.Run(0.1);
        Assert.Equal(PackMlState.Stopped, s.Station.State);
        var r = s.ResultFor(s.Send(name == CommandNames.Prime ? new CommandMessage { Name = name, Channel = 0, Speed = 0.5, Seconds = 3 }
            : new CommandMessage { Name = name, Channel = 0, Seconds = 3 }));
        Assert.False(r.Accepted);
        Assert.Equal(name + " is only accepted in Idle (now Stopped; reset the station first)", r.Reason);
        Assert.True(s.PumpsOff);
    }

    [Fact]
    public void Refused_during_a_batch()
    {
        var s = new PumpStation();
        var recipe = new ControlRecipe
        {
            BatchId = "B-1", MaxBottleGrams = 250,
            Steps = new[] { new RecipeStep { Kind = StepKinds.Dose, Name = "solvent", Channel = Solvent, TargetGrams = 30, ToleranceGrams = 0.1, TimeoutS = 60 } },
        };
        Assert.True(s.ResultFor(s.Send(new CommandMessage { Name = CommandNames.Start, Recipe = recipe })).Accepted);
        s.Run(0.5);
        var r = s.ResultFor(s.Prime(0, 0.5, seconds: 3));
        Assert.False(r.Accepted);
        Assert.Equal("prime is only accepted in Idle (now Execute)", r.Reason);
    }

    [Fact]
    public void While_a_run_goes_a_second_run_a_batch_and_tuning_are_refused()
    {
        var s = new PumpStation();
        s.Prime(Solvent, 0.3, seconds: 10);
        s.Run(0.5);
        Assert.Equal("calibrate-pump: a pump run is going (stop or abort ends it)", s.ResultFor(s.Calibrate(0, [0.5, 1], seconds: 3)).Reason);
        var start = s.ResultFor(s.Send(new CommandMessage { Name = CommandNames.Start, Recipe = new ControlRecipe
        {
            BatchId = "B-2", MaxBottleGrams = 250,
            Steps = new[] { new RecipeStep { Kind = StepKinds.Tare, Name = "tare" } },
        } }));
        Assert.Equal("start: a pump run is going (abort or stop ends it)", start.Reason);
        Assert.Equal(0.3, s.Rig.Pumps[Solvent].CommandedSpeed); // the refused commands did not touch the run
    }

    [Fact]
    public void Refused_with_the_pump_interlock_open_or_after_an_e_stop()
    {
        var s = new PumpStation();
        s.PumpInterlock.IsActive = true;
        s.Step();
        Assert.Equal("prime: the pump interlock is open (bottle or splash lid)", s.ResultFor(s.Prime(0, 0.5, seconds: 3)).Reason);
        s.PumpInterlock.IsActive = false;
        s.EStop.IsActive = true;
        s.Step(); // an e-stop aborts the station, even at rest
        Assert.Equal("prime is only accepted in Idle (now Aborted)", s.ResultFor(s.Prime(0, 0.5, seconds: 3)).Reason);
        Assert.True(s.PumpsOff);
    }

    [Fact]
    public void A_channel_the_station_has_not_got_is_refused()
    {
        var s = new PumpStation();
        Assert.Equal("channel: this station has channels 0-5", s.ResultFor(s.Prime(6, 0.5, seconds: 3)).Reason);
        Assert.True(s.ResultFor(s.Prime(5, 0.5, seconds: 0.5)).Accepted);
    }

    [Fact]
    public void Max_seconds_is_accepted_at_its_value_and_refused_just_over()
    {
        var s = new PumpStation(new StationConfig { StationId = PumpStation.Id, MaxPumpRunSeconds = 20 });
        Assert.Equal("seconds: this station runs a pump for at most 20 s", s.ResultFor(s.Prime(Solvent, 0.1, seconds: 20.001)).Reason);
        Assert.True(s.PumpsOff);
        Assert.True(s.ResultFor(s.Prime(Solvent, 0.1, seconds: 20)).Accepted);
        var run = s.WaitForRun();
        Assert.Equal(PumpRunStatuses.Completed, run.RunStatus);
        Assert.InRange(run.Seconds, 19.99, 20.03);
    }

    [Fact]
    public void Max_grams_is_accepted_at_its_value_and_refused_just_over()
    {
        var s = new PumpStation(new StationConfig { StationId = PumpStation.Id, MaxPumpRunGrams = 10 });
        Assert.Equal("grams: this station pumps at most 10 g in one run", s.ResultFor(s.Prime(Solvent, 0.5, grams: 10.0001)).Reason);
        Assert.True(s.ResultFor(s.Prime(Solvent, 0.5, grams: 10)).Accepted);
        var run = s.WaitForRun();
        Assert.InRange(run.Grams, 10, 12);
    }

    [Fact]
    public void A_run_by_time_alone_stops_the_pump_once_the_station_limit_arrived()
    {
        var s = new PumpStation(new StationConfig { StationId = PumpStation.Id, MaxPumpRunGrams = 10 });
        s.Prime(Solvent, 1, seconds: 60);
        var run = s.WaitForRun();
        Assert.Equal("the grams arrived", run.Message);
        // At 7.7 g/s about 2.3 g are in the tube and falling when the pump stops; they land after.
        Assert.InRange(run.Grams, 10, 13);
        Assert.InRange(run.Seconds, 1, 2);
    }

    [Fact]
    public void The_bottle_limit_bounds_the_grams_asked_for_and_stops_a_timed_run()
    {
        // 150 g of empty bottle on the scale, limit 180 g, 5 g reserve: about 25 g of room.
        var s = new PumpStation(new StationConfig { StationId = PumpStation.Id, MaxBottleGrams = 180 });
        var refused = s.ResultFor(s.Prime(Solvent, 0.5, grams: 26));
        Assert.False(refused.Accepted);
        Assert.StartsWith("grams: only 2", refused.Reason);
        Assert.EndsWith("g fit below the bottle limit of 180 g: empty the waste bottle or ask for less", refused.Reason);

        s.Prime(Solvent, 1, seconds: 60);
        var run = s.WaitForRun();
        Assert.Equal(PumpRunStatuses.Completed, run.RunStatus);
        Assert.True(s.Rig.Parameters.BottleTareGrams + s.Rig.BottleContentsGrams < 180,
            $"bottle holds {s.Rig.Parameters.BottleTareGrams + s.Rig.BottleContentsGrams:F1} g");
    }

    [Fact]
    public void A_full_bottle_refuses_every_run()
    {
        var s = new PumpStation(new StationConfig { StationId = PumpStation.Id, MaxBottleGrams = 154 });
        var r = s.ResultFor(s.Prime(Solvent, 0.5, seconds: 1));
        Assert.False(r.Accepted);
        Assert.Matches(@"^bottle: 150\.\d g is on the scale and the bottle limit is 154 g: empty the waste bottle$", r.Reason);
    }

    [Fact]
    public void A_lost_scale_fails_the_run_with_the_pump_off()
    {
        var s = new PumpStation();
        s.Prime(Solvent, 0.5, seconds: 10);
        s.Run(1);
        s.Rig.LoadCell.Disconnected = true;
        var run = s.WaitForRun(5);
        Assert.Equal(PumpRunStatuses.Failed, run.RunStatus);
        Assert.StartsWith("failed: scale-silent", run.Message);
        Assert.True(s.PumpsOff);
    }
}
