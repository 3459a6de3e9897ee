using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class TuningSetTests
{
    private readonly FakeSensor _sensor = new() { Celsius = 25 };
    private readonly FakeHeater _heater = new();
    private readonly HotplateController _plate;

    public TuningSetTests() => _plate = new HotplateController(_sensor, _heater, new HotplateConfig());

    /// <summary>What a relay autotune on the documented plate reports (seed 42 of the bench).</summary>
    private static AutotuneResult Result(double ku = 0.2467, double pu = 40.9, double gain = 1242, double tau = 1995, double theta = 10.2) => new()
    {
        Status = AutotuneStatus.Succeeded, UltimateGain = ku, UltimatePeriodS = pu, AmplitudeC = 0.42, RelayAmplitude = 0.07, RelayBias = 0.07,
        ProcessGainCPerDuty = gain, TimeConstantS = tau, DeadTimeS = theta, MeanDuty = 0.071, MeanTemperatureC = 110, AmbientC = 22, CyclesMeasured = 3, DurationS = 536,
    };

    [Fact]
    public void Autotune_proposes_gains_and_model_with_a_predicted_response_and_applies_nothing()
    {
        double kpBefore = _plate.Pid.Kp;
        var proposal = _plate.ProposeTuning(Result(), TuningRule.SimcPid, 25, 37, 22);
        Assert.Same(proposal, _plate.Proposal);
        Assert.Equal(0, proposal.Version);
        Assert.Equal(1242, proposal.ModelGainCPerDuty);
        Assert.InRange(proposal.PredictedStepOvershootC, 0, 5);
        Assert.InRange(proposal.PredictedStepSettleS, 60, 1800);
        Assert.InRange(proposal.PredictedDropDipC, 0.5, 3);
        Assert.Equal(kpBefore, _plate.Pid.Kp);
        Assert.False(_plate.FeedForward.HasModel);
    }

    [Fact]
    public void Accepted_sets_are_versioned_and_an_earlier_one_restores_gains_and_model_together()
    {
        _plate.ProposeTuning(Result(), TuningRule.SimcPid, 25, 37, 22);
        var v1 = _plate.AcceptProposal();
        Assert.Equal(1, v1.Version);
        Assert.Null(_plate.Proposal);
        Assert.Equal(v1.Kp, _plate.Pid.Kp);
        Assert.Equal(1242, _plate.FeedForward.GainCPerDuty);

        _plate.ProposeTuning(Result(ku: 0.3, pu: 50, gain: 1500, tau: 2400, theta: 12), TuningRule.SimcPid, 25, 37, 22);
        var v2 = _plate.AcceptProposal();
        Assert.Equal(2, v2.Version);
        Assert.Equal(1500, _plate.FeedForward.GainCPerDuty);
        _plate.FeedForward.Learn(110, 0.09); // learned on v2's model

        var v3 = _plate.RestoreTuningSet(1);
        Assert.Equal(3, v3.Version);
        Assert.Equal(TuningSetSource.Restored, v3.Source);
        Assert.Equal(1, v3.RestoredFrom);
        Assert.Equal(v1.Kp, _plate.Pid.Kp);
        Assert.Equal(v1.Ti, _plate.Pid.Ti);
        Assert.Equal(1242, _plate.FeedForward.GainCPerDuty);
        Assert.Equal(v1.ModelDeadTimeS, _plate.FeedForward.DeadTimeS);
        Assert.Equal((110 - 22) / 1242.0, _plate.FeedForward.DutyFor(110, 0), 9); // v2's learning did not come along
        Assert.Equal(3, _plate.TuningSets.ActiveVersion);
        var e = Assert.Throws<ArgumentException>(() => _plate.RestoreTuningSet(9));
        Assert.Contains("version 9", e.Message);
    }

    [Theory]
    [InlineData(8)] // the default, every station but the ESP32
    [InlineData(4)] // the ESP32's (StationAssembly.EspTuningSetsKept)
    [InlineData(1)]
    public void The_plate_keeps_the_last_versions_its_config_asks_for_and_the_one_before_can_no_longer_be_restored(int kept)
    {
        var config = new HotplateConfig { TuningSetsKept = kept };
        var plate = new HotplateController(_sensor, _heater, config);
        Assert.Equal(kept, plate.TuningSets.Capacity);
        for (int v = 1; v <= kept; v++)
        {
            plate.ProposeTuning(Result(gain: 1000 + v), TuningRule.SimcPid, 25, 37, 22);
            plate.AcceptProposal();
        }
        Assert.Equal(kept, plate.TuningSets.Count);
        Assert.NotNull(plate.TuningSets.Find(1)); // exactly full: the first is still kept
        plate.ProposeTuning(Result(gain: 2000), TuningRule.SimcPid, 25, 37, 22);
        plate.AcceptProposal(); // one over: the oldest drops out
        Assert.Equal(kept, plate.TuningSets.Count);
        Assert.Null(plate.TuningSets.Find(1));
        Assert.Contains("version 1 is not kept", Assert.Throws<ArgumentException>(() => plate.RestoreTuningSet(1)).Message);
        if (kept > 1)
        {
            plate.RestoreTuningSet(2); // the oldest kept one restores whole
            Assert.Equal(1002, plate.FeedForward.GainCPerDuty);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void A_config_keeping_no_versions_or_more_than_eight_is_refused(int kept)
    {
        Assert.Equal("TuningSetsKept must be in [1, 8]", new HotplateConfig { TuningSetsKept = kept }.Validate());
    }

    [Fact]
    public void A_rejected_proposal_changes_nothing()
    {
        _plate.ProposeTuning(Result(), TuningRule.SimcPid, 25, 37, 22);
        var v1 = _plate.AcceptProposal();
        _plate.ProposeTuning(Result(ku: 0.3, pu: 50, gain: 1500), TuningRule.SimcPid, 25, 37, 22);
        Assert.True(_plate.RejectProposal());
        Assert.Null(_plate.Proposal);
        Assert.Equal(v1.Kp, _plate.Pid.Kp);
        Assert.Equal(1, _plate.TuningSets.LatestVersion);
        Assert.False(_plate.RejectProposal());
        Assert.Throws<InvalidOperationException>(() => _plate.AcceptProposal());
    }

    [Theory]
    [InlineData(0.2, 0, 0, "Ti must be in [5, 3600]")]
    [InlineData(0.2, 60, 999, "Td must be in [0, min(120 s, Ti/2)]")]
    [InlineData(0.2, 60, 30.01, "Td must be")]
    [InlineData(2.01, 60, 5, "Kp must be in (0, 2]")]
    [InlineData(0.2, 4.99, 0, "Ti must be")]
    public void Insane_gains_are_refused_with_the_reason_and_the_running_gains_kept(double kp, double ti, double td, string reason)
    {
        _plate.SetGains(new PidGains(0.2, 50, 4));
        var e = Assert.Throws<ArgumentException>(() => _plate.SetGains(new PidGains(kp, ti, td)));
        Assert.Contains(reason, e.Message);
        Assert.Equal(0.2, _plate.Pid.Kp);
        Assert.Equal(50, _plate.Pid.Ti);
        // Exactly at the limits is accepted.
        _plate.SetGains(new PidGains(2, 60, 30));
        _plate.SetGains(new PidGains(0.2, 5, 0));
    }

    [Fact]
    public void An_insane_autotune_result_is_refused_and_the_previous_proposal_kept()
    {
        var good = _plate.ProposeTuning(Result(), TuningRule.SimcPid, 25, 37, 22);
        double kp = good.Kp;
        var e = Assert.Throws<ArgumentException>(() => _plate.ProposeTuning(Result(theta: 500), TuningRule.SimcPid, 25, 37, 22));
        Assert.Contains("refused", e.Message);
        Assert.Equal(kp, _plate.Proposal!.Kp);
        Assert.Throws<ArgumentException>(() => _plate.ProposeTuning(new AutotuneResult { Status = AutotuneStatus.FailedTimeout }, TuningRule.SimcPid, 25, 37, 22));
    }

    [Fact]
    public void Autotune_reports_progress_and_can_be_cancelled_with_the_heater_off()
    {
        long now = 100;
        _sensor.Celsius = 22;
        _plate.Tick(now);
        Assert.Equal(0, _plate.AutotuneProgress);
        _plate.StartAutotune(new AutotuneSettings { SetpointC = 110, AmbientC = 22 });
        var plant = new FopdtPlant(1242, 1995, 10, 22, 0.1);
        double lastProgress = 0;
        for (int i = 0; i < 6000 && _plate.State == HotplateState.Autotuning; i++)
        {
            plant.Step(_plate.Duty);
            _sensor.Celsius = plant.Temperature + (i % 2) * 0.01; // a real reading is never bit-identical for 10 s (stuck-sensor check)
            _plate.Tick(now += 100);
            Assert.True(_plate.AutotuneProgress >= lastProgress);
            lastProgress = _plate.AutotuneProgress;
            if (lastProgress > 0.3) break;
        }
        Assert.True(lastProgress is >= 0.3 and <= 0.99, $"progress {lastProgress} status {_plate.Autotune.Status} cycles {_plate.Autotune.CyclesCompleted} fault {_plate.Fault} at {_sensor.Celsius:F2}");
        Assert.True(_plate.CancelAutotune());
        Assert.Equal(HotplateState.Idle, _plate.State);
        Assert.Equal(0, _heater.AppliedDuty);
        Assert.Equal(AutotuneStatus.Aborted, _plate.Autotune.Status);
        Assert.False(_plate.CancelAutotune());
    }
}
