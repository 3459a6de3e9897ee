using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;
using DispenseStation.Protocol.Recipes;
using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Firmware.Tests.Station.PumpRuns;

/// <summary>calibrate-pump: a run per speed on the simulated pump, the g/s table stored with the learned parameters, what
/// the next dose plans with, and the bottle never overfilled.</summary>
public class PumpCalibrationTests
{
    private const int Crosslinker = 2; // 1.2 ml/s pump
    private const int Solvent = 1;     // 8 ml/s pump

    private static double TrueFullSpeedFlow(PumpStation s, int channel) => new Simulation.Dosing.SimPump(s.Rig.Parameters.Channels[channel]).NominalMaxGramsPerS;

    [Fact]
    public void Calibration_measures_every_default_speed_within_2_percent_and_stores_the_table()
    {
        var s = new PumpStation();
        string id = s.Calibrate(Crosslinker, null, seconds: 10);
        Assert.True(s.ResultFor(id).Accepted, s.ResultFor(id).Reason);
        var run = s.WaitForRun();
        Assert.Equal(id, run.CommandId);
        Assert.True(run.RunStatus == PumpRunStatuses.Completed, run.Message);
        Assert.Equal("the time ran out at every speed", run.Message);
        Assert.Equal(5, run.PointCount);
        Assert.Equal(PumpCommands.DefaultCalibrationSpeeds(), run.PointSpeeds.Take(5).ToArray());
        double seconds = 0, grams = 0;
        for (int i = 0; i < run.PointCount; i++)
        {
            double truth = run.PointSpeeds[i] * TrueFullSpeedFlow(s, Crosslinker);
            Assert.InRange(run.PointFlows[i], 0.98 * truth, 1.02 * truth);
            Assert.InRange(run.PointSeconds[i], 9.99, 10.02);
            Assert.InRange(Math.Abs(run.PointGrams[i] / run.PointSeconds[i] - run.PointFlows[i]), 0, 1e-3); // wire rounding only
            Assert.Equal(run.PointFlows[i], s.Doser.Flow.PointFlow(Crosslinker, i), 3);
            seconds += run.PointSeconds[i];
            grams += run.PointGrams[i];
        }
        Assert.Equal(seconds, run.Seconds, 2);
        Assert.Equal(grams, run.Grams, 2);
        Assert.True(double.IsNaN(run.FlowGramsPerS));
        // The doser's own speeds are calibrated points: its flows are the measured ones.
        var ch = s.Channels[Crosslinker];
        Assert.Equal(s.Doser.Flow.FlowAt(Crosslinker, ch.SlowSpeed), ch.SlowFlowGramsPerS, 9);
        Assert.Equal(run.PointFlows[4], ch.FastFlowGramsPerS, 3);
    }

    [Fact]
    public void On_a_worn_pump_that_slips_and_sags_the_table_gives_the_dosers_flows_where_one_flow_scaled_by_speed_does_not()
    {
        // Solvent pump, fully worn tube: flow meets zero at speed 0.02 and sags 15 % at full speed (hardware/plant/dosing.md).
        var plant = DosingPlantParameters.LoadDefault();
        plant.Channels[Solvent] = plant.Channels[Solvent].WithSpeedCurve(slipSpeed: 0.02, wearSagAtFullSpeed: 0.15, tubeWear: 1);
        var s = new PumpStation(plant: plant);
        var pump = new Simulation.Dosing.SimPump(plant.Channels[Solvent]);
        s.Calibrate(Solvent, [0.1, 0.25, 0.5, 1], seconds: 10);
        var run = s.WaitForRun();
        Assert.True(run.RunStatus == PumpRunStatuses.Completed, run.Message);
        for (int i = 0; i < run.PointCount; i++)
            Assert.InRange(run.PointFlows[i] / pump.SteadyFlowGramsPerS(run.PointSpeeds[i]), 0.98, 1.02);

        var ch = s.Channels[Solvent];
        double full = run.PointFlows[3];
        // slow (between calibrated speeds): the table within 1 %, one flow scaled by speed more than 5 % low
        Assert.InRange(ch.SlowFlowGramsPerS / pump.SteadyFlowGramsPerS(ch.SlowSpeed), 0.98, 1.02);
        Assert.True(full * ch.SlowSpeed / pump.SteadyFlowGramsPerS(ch.SlowSpeed) < 0.95);
        // dribble (below the slowest calibrated speed, near the slip): the table's first segment within 10 %, one flow scaled by speed nearly double
        Assert.True(ch.DribbleSpeed < 0.1);
        Assert.InRange(ch.DribbleFlowGramsPerS / pump.SteadyFlowGramsPerS(ch.DribbleSpeed), 0.9, 1.1);
        Assert.True(full * ch.DribbleSpeed / pump.SteadyFlowGramsPerS(ch.DribbleSpeed) > 1.5);
    }

    [Fact]
    public void A_speed_under_the_minimum_time_or_mass_fails_the_calibration_and_stores_nothing()
    {
        var s = new PumpStation();
        s.Calibrate(Crosslinker, [0.5, 1], seconds: 1.5);
        var run = s.WaitForRun();
        Assert.Equal(PumpRunStatuses.Failed, run.RunStatus);
        Assert.StartsWith("too little to calibrate at speed 0.50 (1 of 2): ", run.Message);
        Assert.EndsWith("each speed needs at least 2 s and 0.5 g (ask for more seconds); nothing stored", run.Message);
        Assert.Equal(1, run.PointCount);
        Assert.Equal(0, s.Doser.Flow.PointCount(Crosslinker));
    }

    [Fact]
    public void The_calibrated_table_survives_a_reboot()
    {
        var s = new PumpStation();
        s.Calibrate(Crosslinker, [0.25, 1], seconds: 5);
        var run = s.WaitForRun();
        var after = s.Reboot();
        Assert.Equal(2, after.Doser.Flow.PointCount(Crosslinker));
        Assert.Equal(run.PointFlows[1], after.Dosing.CalibratedFullSpeedFlow(Crosslinker), 3);
        Assert.Equal(after.Doser.Flow.FlowAt(Crosslinker, after.Channels[Crosslinker].SlowSpeed), after.Channels[Crosslinker].SlowFlowGramsPerS, 9);
    }

    [Fact]
    public void A_calibration_that_cannot_be_saved_leaves_the_old_table()
    {
        var s = new PumpStation();
        s.Calibrate(Crosslinker, [0.5, 1], seconds: 3);
        Assert.Equal(PumpRunStatuses.Completed, s.WaitForRun().RunStatus);
        double fast = s.Channels[Crosslinker].FastFlowGramsPerS;
        double first = s.Doser.Flow.PointFlow(Crosslinker, 0);
        s.Calibrate(Crosslinker, [0.25, 0.75, 1], seconds: 3);
        s.RunUntil(() => s.Station.PumpCalibrationStep == 2 && s.Doser.Phase == DosePhase.Settle, 30);
        s.Files.TearNextWriteAfter(0);
        var run = s.WaitForRun();
        Assert.Equal(PumpRunStatuses.Failed, run.RunStatus);
        Assert.StartsWith("calibration not stored: storage", run.Message);
        Assert.Equal(2, s.Doser.Flow.PointCount(Crosslinker));
        Assert.Equal(first, s.Doser.Flow.PointFlow(Crosslinker, 0));
        Assert.Equal(fast, s.Channels[Crosslinker].FastFlowGramsPerS);
    }

    [Fact]
    public void Seconds_per_speed_at_the_stations_limit_pass_and_just_over_are_refused()
    {
        var s = new PumpStation();
        var over = s.ResultFor(s.Calibrate(Crosslinker, [0.05, 0.1], seconds: s.Config.MaxPumpRunSeconds + 0.001));
        Assert.False(over.Accepted);
        Assert.Equal("seconds: this station runs a pump for at most 120 s", over.Reason);
        var at = s.ResultFor(s.Calibrate(Crosslinker, [0.05, 0.1], seconds: s.Config.MaxPumpRunSeconds));
        Assert.True(at.Accepted, at.Reason);
        s.Send(CommandNames.Stop);
        Assert.Equal(PumpRunStatuses.Stopped, s.WaitForRun().RunStatus);
    }

    [Fact]
    public void A_table_that_would_not_fit_the_bottle_is_refused_at_the_limit_and_just_over()
    {
        var s = new PumpStation();
        s.Config.MaxBottleGrams = Math.Round(s.Dosing.GrossGrams) + 45; // the empty waste bottle and 40 g of room
        double room = s.Config.MaxBottleGrams - s.Config.PumpRunBottleReserveGrams - s.Dosing.GrossGrams;
        // grams per speed x 2 speeds against the room (the filtered weight moves by a few mg between here and the tick)
        var over = s.ResultFor(s.Calibrate(Solvent, [0.5, 1], grams: room / 2 + 0.01));
        Assert.False(over.Accepted);
        Assert.StartsWith("bottle: 2 speeds should bring about ", over.Reason);
        Assert.EndsWith($" g fit below the bottle limit of {s.Config.MaxBottleGrams:F0} g: empty the waste bottle or ask for less per speed", over.Reason);
        var at = s.ResultFor(s.Calibrate(Solvent, [0.5, 1], grams: room / 2 - 0.01));
        Assert.True(at.Accepted, at.Reason);
        s.Send(CommandNames.Abort);
        s.WaitForRun();
    }

    [Fact]
    public void A_pump_faster_than_expected_is_cut_at_the_bottle_limit_and_nothing_is_stored()
    {
        // The channel believes its pump four times slower than it is: the table looks like it fits, it does not.
        var s = new PumpStation();
        s.Config.MaxBottleGrams = Math.Round(s.Dosing.GrossGrams) + 25; // 20 g of room
        var ch = s.Channels[Solvent];
        ch.FastFlowGramsPerS /= 4; ch.SlowFlowGramsPerS /= 4; ch.DribbleFlowGramsPerS /= 4;
        double limit = s.Config.MaxBottleGrams - s.Config.PumpRunBottleReserveGrams;
        var r = s.ResultFor(s.Calibrate(Solvent, [0.25, 1], seconds: 3));
        Assert.True(r.Accepted, r.Reason);
        var run = s.WaitForRun();
        Assert.Equal(PumpRunStatuses.Failed, run.RunStatus);
        Assert.Equal($"bottle: the room below the bottle limit of {s.Config.MaxBottleGrams:F0} g ran out at speed 1.00 (2 of 2): empty the waste bottle; nothing stored", run.Message);
        Assert.Equal(0, s.Doser.Flow.PointCount(Solvent));
        s.Run(3);
        // What was in the tube when the pump stopped lands too: within the 5 g reserve kept for it.
        Assert.InRange(s.Dosing.GrossGrams, limit - 1, s.Config.MaxBottleGrams);
    }

    private static int DosePhases(PumpStation s, string batchId)
    {
        var recipe = new ControlRecipe
        {
            BatchId = batchId, MaxBottleGrams = 250,
            Steps = new[] { new RecipeStep { Kind = StepKinds.Dose, Name = "crosslinker", Channel = Crosslinker, TargetGrams = 3, ToleranceGrams = 0.05, TimeoutS = 120 } },
        };
        Assert.True(s.ResultFor(s.Send(new CommandMessage { Name = CommandNames.Start, Recipe = recipe })).Accepted);
        s.RunUntil(() => s.Station.State == PackMlState.Complete, 120);
        int phases = s.Doser.Result.Phases;
        s.Send(CommandNames.Reset);
        s.Run(0.1);
        return phases;
    }

    [Fact]
    public void The_next_dose_plans_with_the_calibrated_flow()
    {
        var s = new PumpStation();
        // The channel was set up for a pump four times faster than it is: a 3 g dose looks too small for the fast phase.
        var ch = s.Channels[Crosslinker];
        ch.FastFlowGramsPerS *= 4; ch.SlowFlowGramsPerS *= 4; ch.DribbleFlowGramsPerS *= 4;
        Assert.Equal(0, DosePhases(s, "B-1") & DosePhase.Fast);

        s.Calibrate(Crosslinker, [0.1, 0.5, 1], seconds: 5);
        var cal = s.WaitForRun();
        Assert.True(cal.RunStatus == PumpRunStatuses.Completed, cal.Message);
        Assert.InRange(ch.FastFlowGramsPerS, 0.98 * TrueFullSpeedFlow(s, Crosslinker), 1.02 * TrueFullSpeedFlow(s, Crosslinker));
        Assert.InRange(ch.SlowFlowGramsPerS, 0.98 * ch.SlowSpeed * TrueFullSpeedFlow(s, Crosslinker), 1.02 * ch.SlowSpeed * TrueFullSpeedFlow(s, Crosslinker));
        Assert.NotEqual(0, DosePhases(s, "B-2") & DosePhase.Fast);
    }

    [Fact]
    public void A_record_saved_before_pump_calibration_still_restores_the_in_flight_masses()
    {
        var s = new PumpStation();
        int n = s.Channels.Length;
        var old = new double[3 + n];
        var now = new double[128];
        s.Dosing.ExportParameters(now);
        Array.Copy(now, old, 3);
        for (int i = 0; i < n; i++) old[3 + i] = 0.01 + 0.001 * i;
        s.Dosing.ImportParameters(old, old.Length);
        Assert.Equal(0.012, s.Doser.InFlight.Estimate(2), 9);
        Assert.Equal(0, s.Dosing.CalibratedFullSpeedFlow(2));
        // Written now: head, in-flight masses, the scale calibration's facts (date, reference), the flow tables, the learned
        // values (layout, in-flight mask, start-up deficit per channel).
        Assert.Equal(3 + n + 3 + n * PumpFlowCalibration.ValuesPerChannel + 2 + n, s.Dosing.ExportParameters(now));
        Assert.Equal(DispenseStation.Firmware.Station.Persistence.ProgressRecord.MaxDosingParameters, 3 + 8 + 3 + 8 * PumpFlowCalibration.ValuesPerChannel + 2 + 8); // 8 channels fill the record to its last value
    }

    [Fact]
    public void A_record_of_single_flows_restores_them_as_one_point_tables()
    {
        var s = new PumpStation();
        int n = s.Channels.Length;
        var now = new double[128];
        s.Dosing.ExportParameters(now);
        var old = new double[3 + n + 3 + n];                // firmware before the table: one flow at full speed per channel
        Array.Copy(now, old, 3 + n + 3);
        old[3 + n + 3 + Crosslinker] = 1.1;
        s.Dosing.ImportParameters(old, old.Length);
        Assert.Equal(1, s.Doser.Flow.PointCount(Crosslinker));
        Assert.Equal(1.1, s.Dosing.CalibratedFullSpeedFlow(Crosslinker), 9);
        Assert.Equal(1.1 * s.Channels[Crosslinker].SlowSpeed, s.Channels[Crosslinker].SlowFlowGramsPerS, 9);
        Assert.Equal(0, s.Doser.Flow.PointCount(0));
    }

    [Fact]
    public void An_out_of_range_stored_flow_is_ignored_whole()
    {
        var s = new PumpStation();
        double fast = s.Channels[0].FastFlowGramsPerS;
        var values = new double[128];
        int count = s.Dosing.ExportParameters(values);
        int flows = 3 + s.Channels.Length + 3;          // after the head, the in-flight masses and the scale calibration's facts
        values[flows] = 1;                              // channel 0: one point
        values[flows + 1] = 1;                          //   at full speed
        values[flows + 1 + PumpFlowCalibration.MaxPoints] = 2.5;  // a plausible flow
        values[flows + PumpFlowCalibration.ValuesPerChannel] = 7; // channel 1: seven points: garbage, nothing of the flows is taken
        s.Dosing.ImportParameters(values, count);
        Assert.Equal(0, s.Dosing.CalibratedFullSpeedFlow(0));
        Assert.Equal(fast, s.Channels[0].FastFlowGramsPerS);
    }
}

/// <summary>The progress record is sized to what the station's dosing process exports (the flow tables are most of it),
/// and a record with more dosing parameters than that is refused whole, not cut.</summary>
public class ProgressRecordCapacityTests
{
    [Fact]
    public void A_record_holds_its_capacity_and_refuses_one_more()
    {
        var s = new PumpStation();
        var probe = new double[DispenseStation.Firmware.Station.Persistence.ProgressRecord.MaxDosingParameters];
        int exported = s.Dosing.ExportParameters(probe);
        Assert.Equal(3 + 6 + 3 + 6 * PumpFlowCalibration.ValuesPerChannel + 2 + 6, exported); // six channels: 98 of 128

        var full = new DispenseStation.Firmware.Station.Persistence.ProgressRecord(4, exported + 1) { DosingParameterCount = exported + 1 };
        var w = new DispenseStation.Firmware.Station.Persistence.ByteWriter(new byte[DispenseStation.Firmware.Station.Persistence.ProgressRecord.MaxBytes(4)]);
        full.WriteTo(w);
        var fits = new DispenseStation.Firmware.Station.Persistence.ProgressRecord(4, exported + 1);
        Assert.Null(fits.ReadFrom(w.Buffer, w.Length));
        var small = new DispenseStation.Firmware.Station.Persistence.ProgressRecord(4, exported);
        Assert.Equal("progress record: more dosing parameters than this station keeps", small.ReadFrom(w.Buffer, w.Length));
        Assert.Equal(0, small.DosingParameterCount);
    }

    [Fact]
    public void Hotplate_parameters_are_kept_as_many_as_the_hotplate_exports_and_extra_ones_are_left_behind()
    {
        var writer = new DispenseStation.Firmware.Station.Persistence.ByteWriter(new byte[DispenseStation.Firmware.Station.Persistence.ProgressRecord.MaxBytes(4)]);
        var wide = new DispenseStation.Firmware.Station.Persistence.ProgressRecord(4, 0, 16) { HotplateParameterCount = 16, BatchId = "b", StepCount = 1 };
        for (int i = 0; i < 16; i++) wide.HotplateParameters[i] = i + 0.5;
        wide.WriteTo(writer);
        var kept = new DispenseStation.Firmware.Station.Persistence.ProgressRecord(4, 0, 13);
        Assert.Null(kept.ReadFrom(writer.Buffer, writer.Length));
        Assert.Equal(13, kept.HotplateParameterCount);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => i + 0.5), kept.HotplateParameters);
        Assert.Equal("b", kept.BatchId);
    }
}
