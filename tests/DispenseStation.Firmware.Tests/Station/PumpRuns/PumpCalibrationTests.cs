using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Station;
using DispenseStation.Protocol.Messages;
using DispenseStation.Protocol.Pumps;
using DispenseStation.Protocol.Recipes;

namespace DispenseStation.Firmware.Tests.Station.PumpRuns;

/// <summary>calibrate-pump: the measured flow, stored with the learned parameters, is what the next dose plans with.</summary>
public class PumpCalibrationTests
{
    private const int Crosslinker = 2; // 1.2 ml/s pump

    private static double TrueFullSpeedFlow(PumpStation s, int channel) => new Simulation.Dosing.SimPump(s.Rig.Parameters.Channels[channel]).NominalMaxGramsPerS;

    [Theory]
    [InlineData(1.0, 10.0)]
    [InlineData(0.5, 20.0)]
    public void Calibration_measures_the_flow_at_its_speed_within_2_percent(double speed, double seconds)
    {
        var s = new PumpStation();
        string id = s.Calibrate(Crosslinker, speed, seconds: seconds);
        var run = s.WaitForRun();
        Assert.Equal(id, run.CommandId);
        Assert.Equal(PumpRunStatuses.Completed, run.RunStatus);
        double truth = speed * TrueFullSpeedFlow(s, Crosslinker);
        Assert.InRange(run.FlowGramsPerS, 0.98 * truth, 1.02 * truth);
        Assert.InRange(Math.Abs(run.Grams / run.Seconds - run.FlowGramsPerS), 0, 1e-3); // wire rounding only
        Assert.Equal(run.FlowGramsPerS / speed, s.Dosing.CalibratedFullSpeedFlow(Crosslinker), 3);
    }

    [Fact]
    public void A_calibration_under_the_minimum_time_stores_nothing()
    {
        var s = new PumpStation();
        s.Calibrate(Crosslinker, 1, seconds: 1.5);
        var run = s.WaitForRun();
        Assert.Equal(PumpRunStatuses.Failed, run.RunStatus);
        Assert.Equal("too little to calibrate: at least 2 s and 1 g are needed; nothing stored", run.Message);
        Assert.Equal(0, s.Dosing.CalibratedFullSpeedFlow(Crosslinker));
    }

    [Fact]
    public void The_calibrated_flow_survives_a_reboot()
    {
        var s = new PumpStation();
        s.Calibrate(Crosslinker, 1, seconds: 5);
        var run = s.WaitForRun();
        var after = s.Reboot();
        Assert.Equal(run.FlowGramsPerS, after.Dosing.CalibratedFullSpeedFlow(Crosslinker), 3);
        Assert.Equal(run.FlowGramsPerS * after.Channels[Crosslinker].SlowSpeed, after.Channels[Crosslinker].SlowFlowGramsPerS, 3);
    }

    [Fact]
    public void A_calibration_that_cannot_be_saved_leaves_the_old_flows()
    {
        var s = new PumpStation();
        double fast = s.Channels[Crosslinker].FastFlowGramsPerS;
        s.Calibrate(Crosslinker, 1, seconds: 3);
        s.RunUntil(() => s.Doser.Phase == DosePhase.Settle, 10);
        s.Files.TearNextWriteAfter(0);
        var run = s.WaitForRun();
        Assert.Equal(PumpRunStatuses.Failed, run.RunStatus);
        Assert.StartsWith("calibration not stored: storage", run.Message);
        Assert.Equal(0, s.Dosing.CalibratedFullSpeedFlow(Crosslinker));
        Assert.Equal(fast, s.Channels[Crosslinker].FastFlowGramsPerS);
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

        s.Calibrate(Crosslinker, 1, seconds: 5);
        Assert.Equal(PumpRunStatuses.Completed, s.WaitForRun().RunStatus);
        Assert.InRange(ch.FastFlowGramsPerS, 0.98 * TrueFullSpeedFlow(s, Crosslinker), 1.02 * TrueFullSpeedFlow(s, Crosslinker));
        Assert.NotEqual(0, DosePhases(s, "B-2") & DosePhase.Fast);
    }

    [Fact]
    public void A_record_saved_before_pump_calibration_still_restores_the_in_flight_masses()
    {
        var s = new PumpStation();
        int n = s.Channels.Length;
        var old = new double[3 + n];
        var now = new double[64];
        s.Dosing.ExportParameters(now);
        Array.Copy(now, old, 3);
        for (int i = 0; i < n; i++) old[3 + i] = 0.01 + 0.001 * i;
        s.Dosing.ImportParameters(old, old.Length);
        Assert.Equal(0.012, s.Doser.InFlight.Estimate(2), 9);
        Assert.Equal(0, s.Dosing.CalibratedFullSpeedFlow(2));
        // Written now: head, in-flight masses, the scale calibration's facts (date, reference), the flows.
        Assert.Equal(3 + n + 3 + n, s.Dosing.ExportParameters(now));
    }

    [Fact]
    public void An_out_of_range_stored_flow_is_ignored_whole()
    {
        var s = new PumpStation();
        double fast = s.Channels[0].FastFlowGramsPerS;
        var values = new double[64];
        int count = s.Dosing.ExportParameters(values);
        int flows = 3 + s.Channels.Length + 3;          // after the head, the in-flight masses and the scale calibration's facts
        values[flows] = 2.5;                            // channel 0: a plausible flow
        values[flows + 1] = double.NaN;                 // channel 1: garbage: nothing of the flows is taken
        s.Dosing.ImportParameters(values, count);
        Assert.Equal(0, s.Dosing.CalibratedFullSpeedFlow(0));
        Assert.Equal(fast, s.Channels[0].FastFlowGramsPerS);
    }
}
