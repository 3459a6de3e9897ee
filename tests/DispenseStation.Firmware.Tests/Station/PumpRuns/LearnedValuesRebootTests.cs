using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Recipes;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Station.PumpRuns;

/// <summary>
/// Issue 14: what the doser learns per channel (the pump's start-up deficit, the in-flight mass, whether each is learned)
/// is kept in the station's progress record across a reboot, so that the first dose after it is judged as the last one
/// before it: a small force resting on the bottle is flagged on that dose too. The station runs on the real doser over the
/// simulated balance (the UnexplainedGainLimitTests' plant), through its flash records.
/// </summary>
public class LearnedValuesRebootTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly DosingPlantParameters Balance = DosingPlantParameters.LoadDefault().WeighedBy("balance");
    private static readonly int Pag = Balance.ChannelIndex("pag");
    private static readonly int Quencher = Balance.ChannelIndex("quencher");

    private static PumpStation Station(int seed) => new(plant: Balance, seed: seed);

    /// <summary>A one-step batch dosing 2 g of PAG (the fault bench's 10 mg tolerance); <paramref name="forceGrams"/> put on the
    /// bottle 1 s into the fast phase, for the rest of the dose. Returns the doser's result, the grams that truly went in and
    /// the seconds from the force to the dose's end.</summary>
    private static (DoseResult Result, double TrueGrams, double EndedAfterS) DosePag(PumpStation s, string batchId, double forceGrams = 0)
    {
        var recipe = new ControlRecipe
        {
            BatchId = batchId, MaxBottleGrams = 250,
            Steps = new[] { new RecipeStep { Kind = StepKinds.Dose, Name = "PAG", Channel = Pag, TargetGrams = 2, ToleranceGrams = 0.010, TimeoutS = 120 } },
        };
        var pump = s.Rig.Pumps[Pag];
        double before = pump.DeliveredGrams + pump.InTransitGrams;
        var started = s.ResultFor(s.Send(new CommandMessage { Name = CommandNames.Start, Recipe = recipe }));
        Assert.True(started.Accepted, started.Reason);
        if (forceGrams > 0)
        {
            s.RunUntil(() => s.Doser.Phase == DosePhase.Fast, 30);
            s.Run(1);
            Assert.Equal(DosePhase.Fast, s.Doser.Phase);
            s.Rig.Bump(forceGrams, 600_000);
        }
        long pressedMs = s.Rig.Clock.UptimeMs;
        s.RunUntil(() => !s.Doser.IsRunning, 300);
        double endedAfterS = (s.Rig.Clock.UptimeMs - pressedMs) / 1000.0;
        s.RunUntil(() => s.Station.State is PackMlState.Complete or PackMlState.Held, 300);
        s.Run(0.5); // the dose's record reaches flash (the worker's next pass)
        var result = s.Doser.Result;
        double truth = pump.DeliveredGrams + pump.InTransitGrams - before;
        if (s.Station.State == PackMlState.Complete) s.Send(CommandNames.Reset);
        else s.Send(CommandNames.Abort);
        s.Run(0.5);
        if (s.Station.State != PackMlState.Idle) { s.Send(CommandNames.Clear); s.Run(0.2); s.Send(CommandNames.Reset); s.Run(0.5); }
        s.Rig.Bump(0, 0);
        return (result, truth, endedAfterS);
    }

    [Fact]
    public void What_a_dose_taught_survives_a_reboot_and_an_untaught_channel_stays_untaught()
    {
        var s = Station(1);
        Assert.True(DosePag(s, "B-1").Result.Succeeded);
        double deficit = s.Doser.LearnedStartDeficitS(Pag);
        double inFlight = s.Doser.InFlight.Estimate(Pag);
        Assert.InRange(deficit, 1e-6, Doser.MaxStartDeficitS);
        Assert.True(s.Doser.InFlight.IsLearned(Pag));
        Assert.False(s.Doser.InFlight.IsLearned(Quencher));

        var after = s.Reboot();
        Assert.Null(after.Station.RecoveryNote);
        Assert.Equal(deficit, after.Doser.LearnedStartDeficitS(Pag));
        Assert.Equal(inFlight, after.Doser.InFlight.Estimate(Pag));
        Assert.True(after.Doser.InFlight.IsLearned(Pag));
        // The quencher never dosed: no deficit, and its in-flight mass is still the settings' guess, which its first
        // measurement replaces (before, a reboot made every kept guess count as learned).
        Assert.Equal(-1, after.Doser.LearnedStartDeficitS(Quencher));
        Assert.False(after.Doser.InFlight.IsLearned(Quencher));
        Assert.Equal(after.Channels[Quencher].InitialInFlightGrams, after.Doser.InFlight.Estimate(Quencher));
    }

    /// <summary>
    /// The gap this closes: a 0.05 g force resting on the bottle from the fast phase of the first 2 g PAG dose after a
    /// reboot. With the start-up deficit kept it is flagged as weight-unexplained; with it lost (as firmware before kept
    /// it: the record then held the in-flight masses and flow tables only) the same dose is reported in tolerance while
    /// 5 tolerances short.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_0_05_g_force_on_the_first_dose_after_a_reboot_is_an_unexplained_gain(int seed)
    {
        var s = Station(seed);
        Assert.True(DosePag(s, "B-1").Result.Succeeded);
        var after = s.Reboot();
        Assert.Equal(s.Doser.LearnedStartDeficitS(Pag), after.Doser.LearnedStartDeficitS(Pag));
        var (pressed, _, detectS) = DosePag(after, "B-2", 0.050);
        output.WriteLine($"seed {seed}: weight-unexplained {detectS:F2} s after the force (deficit {after.Doser.LearnedStartDeficitS(Pag):F3} s)");
        Assert.False(pressed.Succeeded);
        Assert.Equal(DoseFault.UnexplainedGain, pressed.FaultCode);
        Assert.True(after.PumpsOff);

        var lost = Station(seed);
        Assert.True(DosePag(lost, "B-1").Result.Succeeded);
        var rebooted = lost.Reboot();
        rebooted.Doser.RestoreStartDeficit(Pag, -1);
        var (silent, truth, _) = DosePag(rebooted, "B-2", 0.050);
        Assert.True(silent.Succeeded);
        Assert.InRange(truth - 2, -0.060, -0.040);
    }

    [Fact]
    public void A_record_damaged_in_both_copies_starts_every_channel_unlearned_and_says_why()
    {
        var s = Station(1);
        Assert.True(DosePag(s, "B-1").Result.Succeeded);
        foreach (var name in new[] { "progress.a", "progress.b" })
            if (s.Files.Raw(name) is { } raw) s.Files.FlipBit(name, raw.Length / 2, 3);

        var after = s.Reboot();
        Assert.Equal(-1, after.Doser.LearnedStartDeficitS(Pag));
        Assert.False(after.Doser.InFlight.IsLearned(Pag));
        Assert.Contains("damaged (CRC) and no intact copy", after.Station.RecoveryNote);
        after.Run(0.5);
        Assert.Contains(after.Link.Published, p => p.Payload.Contains("damaged (CRC) and no intact copy"));
        // And it doses: the first dose teaches the channel again.
        Assert.True(DosePag(after, "B-2").Result.Succeeded);
        Assert.True(after.Doser.LearnedStartDeficitS(Pag) >= 0);
    }

    [Fact]
    public void A_record_torn_by_a_power_cut_at_the_end_of_a_dose_falls_back_to_the_copy_before_it_and_says_so()
    {
        var s = Station(1);
        Assert.True(DosePag(s, "B-1").Result.Succeeded);
        double first = s.Doser.LearnedStartDeficitS(Pag);
        var recipe = new ControlRecipe
        {
            BatchId = "B-2", MaxBottleGrams = 250,
            Steps = new[] { new RecipeStep { Kind = StepKinds.Dose, Name = "PAG", Channel = Pag, TargetGrams = 2, ToleranceGrams = 0.010, TimeoutS = 120 } },
        };
        s.Send(new CommandMessage { Name = CommandNames.Start, Recipe = recipe });
        s.RunUntil(() => s.Doser.IsRunning, 10);
        s.RunUntil(() => !s.Doser.IsRunning, 120);
        Assert.True(s.Doser.Result.Succeeded);
        double second = s.Doser.LearnedStartDeficitS(Pag);
        Assert.NotEqual(first, second);
        // The record of the dose's end (posted by the tick after it ended) is written by the worker's next pass: the power goes then.
        int writes = s.Files.Writes;
        s.Files.TearNextWriteAfter(40);
        s.RunUntil(() => s.Files.TornWrites == 1, 1);
        Assert.Equal(writes + 1, s.Files.Writes);

        var after = s.Reboot();
        // The copy before it is the record of the dose's start: the batch comes back interrupted at its dose, as it was
        // then, and the deficit as it was before that dose taught it; a storage warning says why.
        Assert.Equal(PackMlState.Held, after.Station.State);
        Assert.Equal(first, after.Doser.LearnedStartDeficitS(Pag));
        after.Run(0.5);
        Assert.Contains(after.Link.Published, p => p.Payload.Contains("progress record: the newest copy is damaged (CRC), the one before it is restored"));
    }

    [Fact]
    public void A_calibration_after_the_restore_drops_the_deficit_and_the_drop_survives_another_reboot()
    {
        var s = Station(1);
        Assert.True(DosePag(s, "B-1").Result.Succeeded);
        var after = s.Reboot();
        Assert.True(after.Doser.LearnedStartDeficitS(Pag) >= 0);
        after.Calibrate(Pag, [0.5, 1], seconds: 3);
        Assert.Equal(Protocol.Pumps.PumpRunStatuses.Completed, after.WaitForRun().RunStatus);
        Assert.Equal(-1, after.Doser.LearnedStartDeficitS(Pag));
        var third = after.Reboot();
        Assert.Equal(-1, third.Doser.LearnedStartDeficitS(Pag));
        Assert.Equal(2, third.Doser.Flow.PointCount(Pag));
    }

    [Fact]
    public void A_prime_drops_the_deficit_and_the_drop_survives_a_reboot()
    {
        var s = Station(1);
        Assert.True(DosePag(s, "B-1").Result.Succeeded);
        s.Prime(Pag, 0.5, seconds: 2);
        Assert.Equal(Protocol.Pumps.PumpRunStatuses.Completed, s.WaitForRun().RunStatus);
        Assert.Equal(-1, s.Doser.LearnedStartDeficitS(Pag));
        Assert.Equal(-1, s.Reboot().Doser.LearnedStartDeficitS(Pag));
    }

    [Fact]
    public void A_calibration_that_ends_without_a_table_still_keeps_its_drop()
    {
        var s = Station(1);
        Assert.True(DosePag(s, "B-1").Result.Succeeded);
        s.Calibrate(Pag, [0.5, 1], seconds: 3);
        s.RunUntil(() => s.Doser.Phase == DosePhase.Run, 10);
        s.Send(CommandNames.Stop);
        Assert.Equal(Protocol.Pumps.PumpRunStatuses.Stopped, s.WaitForRun().RunStatus);
        Assert.Equal(-1, s.Reboot().Doser.LearnedStartDeficitS(Pag));
    }
}

/// <summary>The learned values' part of the dosing record (layout 1: layout, in-flight mask, start-up deficit per channel):
/// what is restored, what is refused and why, at the limits.</summary>
public class LearnedValuesRecordTests
{
    private static int LearnedAt(PumpStation s) => 3 + s.Channels.Length + 3 + s.Channels.Length * PumpFlowCalibration.ValuesPerChannel;

    [Theory]
    [InlineData(0.0, true, 0.0)]
    [InlineData(Doser.MaxStartDeficitS, true, Doser.MaxStartDeficitS)]
    [InlineData(Doser.MaxStartDeficitS + 1e-9, false, -1)]
    [InlineData(-1.0, true, -1)]          // kept as "not learned": nothing to refuse
    [InlineData(-1e-9, false, -1)]
    [InlineData(double.NaN, false, -1)]
    [InlineData(double.PositiveInfinity, false, -1)]
    public void A_start_up_deficit_is_restored_only_inside_what_a_dose_can_teach(double stored, bool accepted, double restored)
    {
        var s = new PumpStation();
        Assert.True(s.Doser.RestoreStartDeficit(2, 0.25));
        Assert.Equal(accepted, s.Doser.RestoreStartDeficit(2, stored));
        Assert.Equal(restored, s.Doser.LearnedStartDeficitS(2));
    }

    [Fact]
    public void Out_of_range_values_in_an_intact_record_leave_their_channels_unlearned_and_name_them()
    {
        var s = new PumpStation();
        for (int i = 0; i < s.Channels.Length; i++) s.Doser.RestoreStartDeficit(i, 0.1 * (i + 1) / s.Channels.Length);
        var values = new double[ProgressRecordMax];
        int count = s.Dosing.ExportParameters(values);
        int at = LearnedAt(s);
        Assert.Equal(at + 2 + s.Channels.Length, count);
        values[at + 2 + 1] = 1.5;
        values[at + 2 + 4] = double.NaN;

        var after = new PumpStation();
        string? problem = after.Dosing.ImportParameters(values, count);
        Assert.NotNull(problem);
        Assert.Contains("pump 2's start-up deficit 1.500 s", problem);
        Assert.Contains("pump 5's start-up deficit", problem);
        Assert.Equal(-1, after.Doser.LearnedStartDeficitS(1));
        Assert.Equal(-1, after.Doser.LearnedStartDeficitS(4));
        Assert.Equal(values[at + 2], after.Doser.LearnedStartDeficitS(0));
        Assert.Equal(values[at + 2 + 5], after.Doser.LearnedStartDeficitS(5));
    }

    [Fact]
    public void Learned_values_of_an_unknown_layout_are_not_read_but_the_rest_of_the_record_is()
    {
        var s = new PumpStation();
        s.Doser.RestoreStartDeficit(2, 0.2);
        s.Doser.InFlight.Observe(2, 0.03);
        var values = new double[ProgressRecordMax];
        int count = s.Dosing.ExportParameters(values);
        values[0] = 12.5; // the tare
        int at = LearnedAt(s);
        foreach (var (index, value) in new[] { (at, 2.0), (at + 1, -1.0), (at + 1, 1.5), (at + 1, 1 << s.Channels.Length) })
        {
            var copy = (double[])values.Clone();
            copy[index] = value;
            var after = new PumpStation();
            Assert.Contains("learned values of an unknown layout", after.Dosing.ImportParameters(copy, count));
            Assert.Equal(-1, after.Doser.LearnedStartDeficitS(2));
            Assert.Equal(0.03, after.Doser.InFlight.Estimate(2), 12);
        }
        // One value more or less than the layout holds is another layout too.
        Assert.Contains("unknown layout", new PumpStation().Dosing.ImportParameters(values, count - 1));
        // The largest mask is every channel learned.
        values[at + 1] = (1 << s.Channels.Length) - 1;
        var all = new PumpStation();
        Assert.Null(all.Dosing.ImportParameters(values, count));
        Assert.All(Enumerable.Range(0, s.Channels.Length), i => Assert.True(all.Doser.InFlight.IsLearned(i)));
        Assert.Equal(0.2, all.Doser.LearnedStartDeficitS(2));
    }

    [Fact]
    public void A_record_of_firmware_before_the_learned_values_restores_the_in_flight_masses_as_learned_and_no_deficit()
    {
        var s = new PumpStation();
        s.Doser.RestoreStartDeficit(2, 0.2);
        var values = new double[ProgressRecordMax];
        int count = s.Dosing.ExportParameters(values);
        var after = new PumpStation();
        Assert.Null(after.Dosing.ImportParameters(values, count - 2 - s.Channels.Length));
        Assert.Equal(-1, after.Doser.LearnedStartDeficitS(2));
        Assert.True(after.Doser.InFlight.IsLearned(0));
    }

    private const int ProgressRecordMax = DispenseStation.Firmware.Station.Persistence.ProgressRecord.MaxDosingParameters;
}
