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
}
