using DispenseStation.Simulation.Dosing;

namespace DispenseStation.Simulation.Tests.Dosing;

public class SimPumpTests
{
    private static PumpChannelParameters Water(double wear = 0, double viscosity = 1.0) => new()
    {
        Name = "w", MaxFlowMlPerS = 2, DensityGPerMl = 1.0, ViscosityCp = viscosity, TubeWear = wear,
        PulsationAmplitude = 0, ReservoirGrams = 10_000,
        // A 4.8 mm tube and a stream at every speed these tests use: flow and drain as the displacement and the nozzle make them.
        TubeInnerDiameterMm = 4.8, NozzleBoreMm = 0.5, NozzleOuterDiameterMm = 1.59,
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
    public void A_worn_tube_pumps_less()
    {
        double fresh = LastSecondFlow(new SimPump(Water()), 1, 5000);
        double worn = LastSecondFlow(new SimPump(Water(wear: 1)), 1, 5000);
        Assert.InRange(worn / fresh, 0.65, 0.75);
    }

    /// <summary>
    /// Hagen-Poiseuille on the suction side: a 1.6 mm tube, 0.5 m long, refilled by 80 kPa passes
    /// Q_r = ΔP π d⁴ / (128 μ L) = 25.7 mL/s of a 1 cP liquid and a thousandth of that at 1000 cP. The pump delivers
    /// Q_d (1 − exp(−Q_r / Q_d)): its displacement while the refill keeps up (1-25 cP), the refill flow, 1/μ, when not.
    /// </summary>
    [Fact]
    public void Thick_liquid_is_limited_by_the_suction_line_refill_as_Hagen_Poiseuille_says()
    {
        PumpChannelParameters Line(double cp) => new()
        {
            Name = "p", MaxFlowMlPerS = 1.2, DensityGPerMl = 1.0, ViscosityCp = cp, PulsationAmplitude = 0, ReservoirGrams = 10_000,
            TubeInnerDiameterMm = 1.6, SuctionTubeM = 0.5, RefillSuctionKPa = 80, ViscositySlipPerCp = 0,
        };
        double refill1cP = 80e3 * Math.PI * Math.Pow(1.6e-3, 4) / (128 * 1e-3 * 0.5) * 1e6;
        Assert.Equal(25.74, refill1cP, 2);
        Assert.Equal(refill1cP, new SimPump(Line(1)).RefillLimitGramsPerS, 9);
        Assert.Equal(refill1cP / 1000, new SimPump(Line(1000)).RefillLimitGramsPerS, 9);

        Assert.Equal(1.2, new SimPump(Line(1)).NominalMaxGramsPerS, 6);                      // displacement: the refill keeps up
        Assert.InRange(new SimPump(Line(2)).NominalMaxGramsPerS / 1.2, 0.9999, 1.0);           // the shipped PAG solution
        Assert.InRange(new SimPump(Line(25)).NominalMaxGramsPerS / 1.2, 0.55, 0.6);           // Q_r = 1.03 mL/s: already short
        double Pumped(double cp)
        {
            var pump = new SimPump(Line(cp));
            pump.SetSpeed(1);
            for (int i = 0; i < 1000; i++) pump.StepMillisecond();
            double left = pump.ReservoirGrams;
            for (int i = 0; i < 1000; i++) pump.StepMillisecond();
            return left - pump.ReservoirGrams;
        }
        double at1000 = Pumped(1000), at5000 = Pumped(5000);
        Assert.Equal(1.2 * (1 - Math.Exp(-refill1cP / 1000 / 1.2)), at1000, 3);
        Assert.InRange(at1000 / at5000, 4.8, 5.0);                                             // refill-limited: flow ∝ 1/μ
        // The occlusion's empirical back-slip comes on top of the displacement (0.4 % per cP): 25 cP in a 4.8 mm tube.
        Assert.Equal(1.2 / (1 + 0.004 * 24), new SimPump(Line(25) with { TubeInnerDiameterMm = 4.8, ViscositySlipPerCp = 0.004 }).NominalMaxGramsPerS, 4);
        // Saturated: a slower speed hardly pumps less, as a peristaltic pump on a thick liquid does.
        Assert.InRange(new SimPump(Line(5000)).SteadyFlowGramsPerS(0.2) / new SimPump(Line(5000)).SteadyFlowGramsPerS(1), 0.97, 1.0);
    }

    /// <summary>The drain after stop grows with viscosity as the delivery tube's relaxation through its own resistance:
    /// τ = τ_nozzle + 32 μ L² / (d t E) (a 1.6 mm tube with a 1.6 mm wall of 5.5 MPa, 1 m: 2.27 s per Pa·s).</summary>
    [Fact]
    public void The_drain_time_grows_with_viscosity_as_the_tube_relaxes_through_its_resistance()
    {
        var p = new PumpChannelParameters { Name = "p", TubeInnerDiameterMm = 1.6, TubeWallMm = 1.6, DeliveryTubeM = 1.0, TubeModulusMPa = 5.5, DripTimeConstantS = 0.25 };
        double slope = 32 * 1.0 * 1.0 / (1.6e-3 * 1.6e-3 * 5.5e6);
        Assert.Equal(2.273, slope, 3);
        Assert.Equal(0.25 + slope * 0.001, new SimPump(p with { ViscosityCp = 1 }).DripTimeConstantS, 9);
        Assert.Equal(0.25 + slope * 5, new SimPump(p with { ViscosityCp = 5000 }).DripTimeConstantS, 9);
    }

    [Fact]
    public void Liquid_keeps_arriving_after_stop_and_none_is_lost()
    {
        var pump = new SimPump(Water());
        LastSecondFlow(pump, 1, 3000);
        double atStop = pump.DeliveredGrams;
        double pumped = 10_000 - pump.ReservoirGrams;
        Assert.Equal(pumped, pump.DeliveredGrams + pump.InTransitGrams + pump.HangingGrams + pump.SuckedBackGrams, 6);
        pump.SetSpeed(0);
        for (int i = 0; i < 5000; i++) pump.StepMillisecond();
        double drip = pump.DeliveredGrams - atStop;
        // Tip drain (tau 0.25 s) + fall (0.08 s) + run-down of the drive: about 2 g/s x 0.36 s.
        Assert.InRange(drip, 0.6, 0.85);
        Assert.Equal(10_000 - pump.ReservoirGrams, pump.DeliveredGrams + pump.HangingGrams + pump.SuckedBackGrams, 6);
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
        Assert.Equal(1, empty.DeliveredGrams + empty.HangingGrams, 4); // the last drop may stay on the tip
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
