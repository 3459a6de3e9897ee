using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class FeedForwardModelTests
{
    [Fact]
    public void Without_a_model_there_is_no_feed_forward()
    {
        Assert.Equal(0, new FeedForwardModel().DutyFor(110, 1));
    }

    [Fact]
    public void Prior_comes_from_the_first_order_model_with_a_ramp_term()
    {
        var model = new FeedForwardModel();
        model.SetModel(gainCPerDuty: 800, timeConstantS: 1000, ambientC: 22);
        Assert.Equal(88 / 800.0, model.DutyFor(110, 0), 9);
        Assert.Equal(88 / 800.0 + 1000 / 800.0 * 0.1, model.DutyFor(110, 0.1), 9);
        Assert.Equal(0, model.DutyFor(15, 0));
    }

    [Fact]
    public void Learning_a_hold_moves_the_model_towards_what_held_it_near_that_temperature_only()
    {
        var model = new FeedForwardModel();
        model.SetModel(800, 1000, 22);
        for (int i = 0; i < 5; i++) model.Learn(110, 0.14);
        Assert.Equal(0.14, model.DutyFor(110, 0), 3);
        Assert.Equal(78 / 800.0, model.DutyFor(100, 0), 9);  // a neighbour bin only shares what it was told
        Assert.Equal(178 / 800.0, model.DutyFor(200, 0), 9); // far away: the prior
    }

    [Fact]
    public void Rise_and_fall_rates_come_from_the_heat_capacity_over_power_and_the_steady_duty()
    {
        var model = new FeedForwardModel();
        Assert.Equal(0, model.RiseRateCPerS(100, 1));
        model.SetModel(800, 1000, 22, deadTimeS: 9);
        Assert.Equal(9, model.DeadTimeS);
        double steady = 78 / 800.0;
        Assert.Equal((1 - steady) * 0.8, model.RiseRateCPerS(100, 1), 9);
        Assert.Equal(steady * 0.8, model.FallRateCPerS(100), 9);
        Assert.Equal(0, model.RiseRateCPerS(100, steady / 2)); // below the steady duty it cannot rise
        model.SetModel(800, 1000, 22); // without a dead time: keeps the one it had
        Assert.Equal(9, model.DeadTimeS);
        model.Clear();
        Assert.Equal(0, model.DeadTimeS);
        Assert.False(model.HasDynamics);
    }

    [Theory]
    [InlineData(200.0, 22)] // the default cut-off; the ESP32 station's
    [InlineData(130.0, 15)]
    [InlineData(205.0, 23)]
    [InlineData(400.0, 41)]
    public void A_table_sized_by_the_cut_off_reads_exactly_as_the_full_table_wherever_it_can_have_learned(double cutoffC, int bins)
    {
        var full = new FeedForwardModel();
        var sized = new FeedForwardModel(cutoffC);
        Assert.Equal(FeedForwardModel.MaxBinCount, full.BinCount);
        Assert.Equal(bins, sized.BinCount);
        foreach (var m in new[] { full, sized }) m.SetModel(800, 1000, 22, 9);
        var random = new Random(11);
        for (int i = 0; i < 400; i++)
        {
            // Anywhere below the cut-off, its last representable value included.
            double t = i == 0 ? Math.BitDecrement(cutoffC) : random.NextDouble() * cutoffC;
            double duty = random.NextDouble();
            full.Learn(t, duty);
            sized.Learn(t, duty);
        }
        for (double t = -20; t <= 450; t += 0.125)
        {
            Assert.Equal(full.DutyFor(t, 0), sized.DutyFor(t, 0));
            Assert.Equal(full.DutyFor(t, 0.05), sized.DutyFor(t, 0.05));
            Assert.Equal(full.RiseRateCPerS(t, 0.9), sized.RiseRateCPerS(t, 0.9));
            Assert.Equal(full.FallRateCPerS(t), sized.FallRateCPerS(t));
        }
    }

    [Fact]
    public void A_plate_cannot_learn_at_its_cut_off_so_its_controller_keeps_the_table_the_cut_off_needs()
    {
        var config = new HotplateConfig();
        var plate = new HotplateController(new FakeSensor(), new FakeHeater(), config);
        Assert.Equal(22, plate.FeedForward.BinCount); // 0..210 °C for the 200 °C cut-off, not 0..400
        // Holds are learned at the program's setpoint, at most MaxSetpointC, which must stay below the cut-off;
        config.MaxSetpointC = config.Safety.MaxTemperatureC;
        Assert.NotNull(config.Validate());
        // an autotune's mean is of readings below its own limit, which must stay below the cut-off.
        Assert.Throws<ArgumentException>(() => plate.StartAutotune(new AutotuneSettings { SetpointC = 150, MaxTemperatureC = 200 }));
        Assert.Equal(26, new HotplateController(new FakeSensor(), new FakeHeater(),
            new HotplateConfig { Safety = new ThermalSafetyLimits { MaxTemperatureC = 240 } }).FeedForward.BinCount);
    }
}
