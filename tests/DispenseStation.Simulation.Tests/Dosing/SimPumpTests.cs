using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Simulation.Tests.Dosing;

public class SimPumpTests
{
    private static PumpChannelParameters Water(double wear = 0, double viscosity = 1.0) => new()
    {
        Name = "w", MaxFlowMlPerS = 2, DensityGPerMl = 1.0, ViscosityCp = viscosity, TubeWear = wear,
        PulsationAmplitude = 0, ReservoirGrams = 10_000,
    };

    /// <summary>Runs the pump at a speed for a time; returns grams landed during the last second.</summary>
    private static double LastSecondFlow(SimPump pump, double speed, int ms)
    {
        pump.SetSpeed(speed);
        double landed = 0;
        for (int i = 0; i < ms; i++)
        {
            double g = pump.StepMillisecond();
            if (i >= ms - 1000) landed += g;
        }
        return landed;
    }

    [Fact]
    public void Steady_flow_is_proportional_to_speed()
    {
        Assert.Equal(2.0, LastSecondFlow(new SimPump(Water()), 1.0, 5000), 2);
        Assert.Equal(0.5, LastSecondFlow(new SimPump(Water()), 0.25, 5000), 2);
    }

    [Fact]
    public void With_a_slip_speed_and_sag_the_flow_is_linear_but_not_through_zero_and_sags_at_high_speed()
    {
        var p = Water(wear: 1).WithSpeedCurve(slipSpeed: 0.05, wearSagAtFullSpeed: 0.1, tubeWear: 1);
        double full = new SimPump(p).NominalMaxGramsPerS;
        Assert.Equal(0, LastSecondFlow(new SimPump(p), 0.04, 5000), 3);                                // below the slip: nothing
        Assert.Equal(full * 0.45 / 0.95 * (1 - 0.1 * 0.25), LastSecondFlow(new SimPump(p), 0.5, 5000), 2);
        Assert.Equal(full * 0.9, LastSecondFlow(new SimPump(p), 1, 5000), 2);                          // 10 % sag at full speed
        Assert.Equal(full * 0.9, new SimPump(p).SteadyFlowGramsPerS(1), 9);
        // the shipped plant's pumps have neither: the steady flow is the speed's share of the full-speed flow
        var plain = new SimPump(Water());
        Assert.Equal(0.37 * plain.NominalMaxGramsPerS, plain.SteadyFlowGramsPerS(0.37), 12);
    }

    [Fact]
    public void Thick_liquid_and_a_worn_tube_pump_less()
    {
        double fresh = LastSecondFlow(new SimPump(Water()), 1, 5000);
        double viscous = LastSecondFlow(new SimPump(Water(viscosity: 50)), 1, 8000);
        double worn = LastSecondFlow(new SimPump(Water(wear: 1)), 1, 5000);
        Assert.InRange(viscous / fresh, 0.75, 0.9);
        Assert.InRange(worn / fresh, 0.65, 0.75);
    }

    [Fact]
    public void Liquid_keeps_arriving_after_stop_and_none_is_lost()
    {
        var pump = new SimPump(Water());
        LastSecondFlow(pump, 1, 3000);
        double atStop = pump.DeliveredGrams;
        double pumped = 10_000 - pump.ReservoirGrams;
        Assert.Equal(pumped, pump.DeliveredGrams + pump.InTransitGrams, 6);
        pump.SetSpeed(0);
        for (int i = 0; i < 5000; i++) pump.StepMillisecond();
        double drip = pump.DeliveredGrams - atStop;
        // Tip drain (tau 0.25 s) + fall (0.08 s) + run-down of the drive: about 2 g/s x 0.36 s.
        Assert.InRange(drip, 0.6, 0.85);
        Assert.Equal(10_000 - pump.ReservoirGrams, pump.DeliveredGrams, 6);
    }

    [Fact]
    public void Worn_tube_drains_longer_after_stop()
    {
        double Drip(double wear)
        {
            var pump = new SimPump(Water(wear));
            LastSecondFlow(pump, 0.1, 3000);
            double at = pump.DeliveredGrams;
            pump.SetSpeed(0);
            for (int i = 0; i < 5000; i++) pump.StepMillisecond();
            return (pump.DeliveredGrams - at) / pump.NominalMaxGramsPerS;
        }
        Assert.True(Drip(1) > 1.5 * Drip(0));
    }

    [Fact]
    public void Drive_ramps_instead_of_jumping()
    {
        var pump = new SimPump(Water());
        pump.SetSpeed(1);
        for (int i = 0; i < 50; i++) pump.StepMillisecond();
        Assert.InRange(pump.ActualSpeed, 0.30, 0.36); // 50 ms of a 150 ms ramp
    }

    [Fact]
    public void Empty_reservoir_and_clog_stop_the_flow()
    {
        var empty = new SimPump(Water()) { ReservoirGrams = 1 };
        Assert.Equal(0, LastSecondFlow(empty, 1, 5000), 4);
        Assert.Equal(1, empty.DeliveredGrams, 4);
        var clogged = new SimPump(Water()) { Clog = 1 };
        Assert.Equal(0, LastSecondFlow(clogged, 1, 3000), 9);
    }

    [Fact]
    public void Rollers_make_the_flow_pulse()
    {
        var pump = new SimPump(new PumpChannelParameters { Name = "p", MaxFlowMlPerS = 2, PulsationAmplitude = 0.15, ReservoirGrams = 10_000 });
        pump.SetSpeed(1);
        double min = double.MaxValue, max = 0;
        for (int i = 0; i < 4000; i++)
        {
            pump.StepMillisecond();
            if (i > 1000) { min = Math.Min(min, pump.PumpFlowGramsPerS); max = Math.Max(max, pump.PumpFlowGramsPerS); }
        }
        Assert.InRange((max - min) / (max + min), 0.13, 0.16);
    }
}
