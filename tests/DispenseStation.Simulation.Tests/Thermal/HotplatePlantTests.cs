using DispenseStation.Firmware.Ports;
using DispenseStation.Simulation.Thermal;

namespace DispenseStation.Simulation.Tests.Thermal;

public class HotplatePlantTests
{
    private static readonly HotplateParameters P = HotplateParameters.LoadDefault();

    private static double SteadyDuty(Action<HotplatePlant>? disturb = null)
    {
        // Steady state of the plate at 110 °C: the heater must replace the losses.
        var plant = new HotplatePlant(P, 0.01, 110);
        disturb?.Invoke(plant);
        double v = plant.SupplyVoltageFactor;
        return plant.LossW(110) / (P.HeaterPowerW * v * v);
    }

    [Fact]
    public void Losses_grow_faster_than_linearly_with_temperature()
    {
        var plant = new HotplatePlant(P, 0.01, 22);
        double per60 = plant.LossW(60) / (60 - 22);
        double per150 = plant.LossW(150) / (150 - 22);
        Assert.True(per150 > per60 * 1.2, $"W/K at 150 °C {per150:F2} vs 60 °C {per60:F2}");
        Assert.InRange(SteadyDuty(), 0.05, 0.3);
    }

    [Fact]
    public void Lid_open_and_supply_sag_raise_the_duty_needed()
    {
        double normal = SteadyDuty();
        Assert.True(SteadyDuty(p => p.LidOpen = true) > normal * 1.15);
        Assert.Equal(normal / (0.85 * 0.85), SteadyDuty(p => p.SupplyVoltageFactor = 0.85), 9);
    }

    [Fact]
    public void Sensor_lags_the_plate_by_its_lag_and_dead_time()
    {
        var plant = new HotplatePlant(P, 0.01, 25);
        int steps = 0;
        while (plant.PlateC < 26) { plant.Step(true); steps++; }
        double plateRiseAt = steps * 0.01;
        while (plant.DelayedSensorC < 26) { plant.Step(true); steps++; }
        double lag = steps * 0.01 - plateRiseAt;
        Assert.InRange(lag, P.SensorDeadTimeS, P.SensorDeadTimeS + 2 * P.SensorTimeConstantS);
    }

    [Fact]
    public void A_cold_wafer_pulls_the_plate_down_then_reaches_its_temperature()
    {
        var bare = new HotplatePlant(P, 0.01, 110);
        var loaded = new HotplatePlant(P, 0.01, 110);
        loaded.PlaceWafer(22);
        for (int i = 0; i < 3000; i++) { bare.Step(false); loaded.Step(false); }
        // Energy balance: 37 J/K x ~86 K shared by plate (1480 J/K), element and wafer: ~2.0 °C below the bare plate.
        Assert.InRange(bare.PlateC - loaded.PlateC, 1.7, 2.4);
        // Equilibrated but below the plate: it lags the cooling plate (~4 s) and loses heat from its top (~0.7 °C at 110 °C).
        Assert.InRange(loaded.WaferC - loaded.PlateC, -1.2, 0);
    }

    [Fact]
    public void A_failed_heater_element_delivers_no_power()
    {
        var plant = new HotplatePlant(P, 0.01, 50) { HeaterFailed = true };
        plant.Step(true);
        Assert.Equal(0, plant.HeaterPowerW);
    }

    [Fact]
    public void Ssr_time_proportions_within_its_window_in_whole_mains_cycles()
    {
        var ssr = new SsrHeaterOutput(P.Ssr);
        ssr.SetDuty(0.3);
        int on = 0;
        for (int i = 0; i < 1000; i++) { ssr.Update(i * 0.01); if (ssr.IsOn) on++; }
        Assert.Equal(300, on);
        Assert.Equal(10, ssr.SwitchOnCount); // once per 1 s window
        Assert.Equal(0.3, ssr.AppliedDuty, 9);
    }

    [Theory]
    [InlineData(0.005, 0.0)]  // on-time below the minimum switching time: not switched on at all
    [InlineData(0.995, 1.0)]  // off-time below it: stays on
    [InlineData(0.333, 0.34)] // rounded to whole 20 ms mains cycles
    public void Ssr_respects_the_minimum_switching_time(double requested, double applied)
    {
        var ssr = new SsrHeaterOutput(P.Ssr);
        ssr.SetDuty(requested);
        ssr.Update(0);
        Assert.Equal(applied, ssr.AppliedDuty, 9);
    }

    [Fact]
    public void Ssr_force_off_is_immediate_mid_window()
    {
        var ssr = new SsrHeaterOutput(P.Ssr);
        ssr.SetDuty(1);
        ssr.Update(0);
        ssr.Update(0.3);
        Assert.True(ssr.IsOn);
        ssr.ForceOff();
        Assert.False(ssr.IsOn);
        ssr.Update(0.4);
        Assert.False(ssr.IsOn);
        Assert.Equal(0, ssr.AppliedDuty);
    }

    [Fact]
    public void Max31865_reading_is_quantised_and_noisy_like_the_real_converter()
    {
        var plant = new HotplatePlant(P, 0.01, 110);
        var sensor = new Max31865Sensor(plant, new SimRandom(3));
        var readings = new List<double>();
        for (int i = 0; i < 2000; i++)
        {
            Assert.True(sensor.TryRead(out double c, out int bits));
            Assert.Equal(SensorFaults.None, bits);
            readings.Add(c);
        }
        double resolution = sensor.ResolutionC(110);
        Assert.InRange(resolution, 0.03, 0.04); // 15 bits of 430 Ω on a PT100
        double mean = readings.Average();
        double sd = Math.Sqrt(readings.Select(r => (r - mean) * (r - mean)).Average());
        // Centred on what this part reads for 110 °C (its own class and reference error), within class A + 0.1 % of 110 °C.
        Assert.InRange(mean, sensor.IdealReadingC(110) - resolution, sensor.IdealReadingC(110) + resolution);
        Assert.InRange(Math.Abs(sensor.IdealReadingC(110) - 110), 0, P.Rtd.ToleranceC(110) + 0.001 * (256 + 110));
        Assert.InRange(sd, 0.01, 0.03);
        // Every reading sits on the converter's grid of codes.
        var distinct = readings.Distinct().OrderBy(r => r).ToArray();
        for (int i = 1; i < distinct.Length; i++)
            Assert.InRange((distinct[i] - distinct[i - 1]) / resolution, 0.95, 1.05 * Math.Round((distinct[i] - distinct[i - 1]) / resolution) + 0.05);
    }

    [Theory]
    [InlineData(RtdFault.Open, SensorFaults.HighThreshold)]
    [InlineData(RtdFault.Short, SensorFaults.LowThreshold)]
    [InlineData(RtdFault.NoResponse, SensorFaults.NoResponse)]
    public void Max31865_faults_report_the_right_bits(RtdFault fault, int bit)
    {
        var sensor = new Max31865Sensor(new HotplatePlant(P, 0.01, 50), new SimRandom(1));
        sensor.InjectFault(fault);
        Assert.False(sensor.TryRead(out _, out int bits));
        Assert.NotEqual(0, bits & bit);
    }

    [Fact]
    public void Max31865_stuck_repeats_the_last_result()
    {
        var plant = new HotplatePlant(P, 0.01, 50);
        var sensor = new Max31865Sensor(plant, new SimRandom(1));
        sensor.TryRead(out double first, out _);
        sensor.InjectFault(RtdFault.Stuck);
        for (int i = 0; i < 500; i++) plant.Step(true);
        sensor.TryRead(out double later, out _);
        Assert.Equal(first, later);
    }
}
