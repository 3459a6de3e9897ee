using DispenseStation.Firmware.Dosing;
using DispenseStation.Firmware.Ports;
using DispenseStation.Firmware.Scale;
using DispenseStation.Firmware.Tests.Scale;
using DispenseStation.Simulation;

namespace DispenseStation.Firmware.Tests.Dosing;

/// <summary>
/// Issue 14 item 4: the weight loss and jump thresholds follow the dose's tolerance and the scale's noise, not a
/// fixed gram. On the balance settings (1 mg repeatability: a reading's sigma is a quarter of the 4 mg band times
/// sqrt 2, 1.41 mg) the noise floor is <see cref="Doser.DisturbanceSigmas"/> of it, 19.8 mg.
/// </summary>
public class DisturbanceThresholdTests
{
    private static readonly double NoiseFloorGrams = Doser.DisturbanceSigmas * 0.001 * Math.Sqrt(2);

    private sealed class NullPump : IPumpOutput
    {
        public double CommandedSpeed { get; private set; }
        public void SetSpeed(double fraction) => CommandedSpeed = fraction;
    }

    private sealed class Scripted
    {
        private readonly ScriptedAdc _adc = new(10);
        public readonly SimClock Clock = new();
        public readonly NullPump Pump = new();
        public readonly Doser Doser;

        public Scripted()
        {
            var scale = new WeighScale(_adc, Clock, new ScaleCalibration(0, 1000), ScaleSettings.ForBalance(0.001));
            Doser = new Doser(scale, [Pump], [new DoseChannelSettings()], Clock);
        }

        public void Reading(double grams)
        {
            Clock.Advance(100);
            _adc.Push((int)Math.Round(grams * 1000));
            Doser.Tick();
        }
    }

    /// <summary>A dose started on a stable 100 g bottle, three readings of feeding at that weight, then
    /// <paramref name="stepGrams"/> for three readings (the median of three moves on the second).</summary>
    private static Scripted Stepped(double targetGrams, double toleranceGrams, double stepGrams)
    {
        var s = new Scripted();
        for (int i = 0; i < 20; i++) s.Reading(100);
        s.Doser.Start(0, targetGrams, toleranceGrams, 600);
        for (int i = 0; i < 4; i++) s.Reading(100);
        Assert.True(s.Doser.IsRunning);
        Assert.True(s.Pump.CommandedSpeed > 0);
        for (int i = 0; i < 3; i++) s.Reading(100 + stepGrams);
        return s;
    }

    [Fact]
    public void A_loss_just_over_the_tolerance_is_a_weight_loss_just_under_is_not()
    {
        // 5 g +- 50 mg: the tolerance is over the noise floor, so it is the threshold.
        Assert.True(Stepped(5, 0.050, -0.049).Doser.IsRunning);
        var over = Stepped(5, 0.050, -0.051).Doser;
        Assert.False(over.IsRunning);
        Assert.Equal(DoseFault.WeightLoss, over.Result.FaultCode);
    }

    [Fact]
    public void Under_a_tolerance_smaller_than_the_noise_floor_the_floor_is_the_threshold()
    {
        Assert.InRange(NoiseFloorGrams, 0.0197, 0.0199);
        // 2 g +- 5 mg: a loss of nearly 4 tolerances is still within the noise of a running dose (the limit of this test).
        Assert.True(Stepped(2, 0.005, -(NoiseFloorGrams - 0.001)).Doser.IsRunning);
        var over = Stepped(2, 0.005, -(NoiseFloorGrams + 0.001)).Doser;
        Assert.False(over.IsRunning);
        Assert.Equal(DoseFault.WeightLoss, over.Result.FaultCode);
    }

    [Fact]
    public void A_step_up_beyond_the_loss_threshold_plus_twice_the_pumps_full_flow_per_reading_is_a_jump()
    {
        // Default channel: 5 g/s at full speed, 0.5 g per reading at 10 readings/s; 5 g +- 50 mg: 50 mg + 2 x 0.5 g.
        Assert.True(Stepped(5, 0.050, 1.049).Doser.IsRunning);
        var over = Stepped(5, 0.050, 1.051).Doser;
        Assert.False(over.IsRunning);
        Assert.Equal(DoseFault.WeightJump, over.Result.FaultCode);
    }

    [Fact]
    public void A_loss_of_a_gram_is_a_disturbance_whatever_the_tolerance()
    {
        // 500 g +- 5 g: the tolerance term stops at the 1 g ceiling.
        Assert.True(Stepped(500, 5, -(Doser.DisturbanceCeilingGrams - 0.002)).Doser.IsRunning);
        var over = Stepped(500, 5, -(Doser.DisturbanceCeilingGrams + 0.002)).Doser;
        Assert.False(over.IsRunning);
        Assert.Equal(DoseFault.WeightLoss, over.Result.FaultCode);
    }
}
