using DispenseStation.Firmware.Thermal;

namespace DispenseStation.Firmware.Tests.Thermal;

public class DropAndObserverTests
{
    [Fact]
    public void Observer_follows_a_ramp_without_steady_lag_and_cuts_white_noise()
    {
        var observer = new MeasurementObserver(0.15);
        var random = new Random(1);
        double sumSq = 0;
        int n = 0;
        for (int i = 0; i < 3000; i++)
        {
            double truth = 25 + 0.5 * i * 0.1;
            double noise = 0.02 * (random.NextDouble() * 2 - 1) * Math.Sqrt(3);
            double estimate = observer.Update(truth + noise, 0.1);
            if (i > 1000) { sumSq += (estimate - truth) * (estimate - truth); n++; }
        }
        Assert.InRange(observer.RateCPerS, 0.45, 0.55);
        double rms = Math.Sqrt(sumSq / n);
        Assert.True(rms < 0.02 * 0.5, $"estimate error {rms:F4} °C rms against 0.02 °C rms noise");
    }

    [Fact]
    public void Wafer_down_books_its_energy_and_pays_it_out_front_loaded_within_the_headroom()
    {
        var drop = new WaferDropFeedForward { PayoutTimeConstantS = 1.5 };
        Assert.True(drop.WaferDown(37, 22, 110, 10, 15));
        Assert.Equal(37 * 88, drop.BookedJ, 9);
        double first = drop.ExtraDuty(110, 0.07, 1200, 0.1);
        Assert.Equal(0.93, first, 9); // wants 3256 J / (1200 W x 1.5 s) = 1.8: limited to the headroom
        double paid = 0;
        for (int i = 0; i < 100 && drop.RemainingJ > 0; i++)
        {
            double extra = drop.ExtraDuty(110, 0.07, 1200, 0.1);
            drop.Paid(extra, 1200, 0.1);
            paid += extra * 1200 * 0.1;
        }
        Assert.InRange(paid, 37 * 88 * 0.99, 37 * 88 * 1.01);
    }

    [Fact]
    public void Overpayment_by_the_pid_is_taken_back_and_the_account_closes_on_time()
    {
        var drop = new WaferDropFeedForward { PayoutTimeConstantS = 1.5, TakeBackTimeConstantS = 6 };
        drop.WaferDown(37, 22, 110, 10, 15);
        drop.Paid(1.0 - 0.07, 1200, 4); // the heater delivered 4464 J for the drop: overpaid
        Assert.True(drop.RemainingJ < 0);
        double back = drop.ExtraDuty(110, 0.2, 1200, 0.1);
        Assert.True(back < 0 && back >= -0.2, $"take-back {back}");
        for (int i = 0; i < 160; i++) drop.ExtraDuty(110, 0.2, 1200, 0.1);
        Assert.Equal(0, drop.ExtraDuty(110, 0.2, 1200, 0.1)); // 15 s after wafer-down: closed
    }

    [Fact]
    public void The_model_predicts_the_dip_the_reading_will_show_and_closes_it_once_the_wafer_has_its_energy()
    {
        var drop = new WaferDropFeedForward { PayoutTimeConstantS = 1.5, TakeBackTimeConstantS = 6 };
        drop.SetPlateModel(1480, 2000, 4.4, 4.0); // the documented plate: C = P tau / K, element and RTD lags
        drop.WaferDown(37, 22, 110, 10, 15);
        double deepest = 0;
        for (int i = 0; i < 600; i++)
        {
            double extra = drop.ExtraDuty(110, 0.07, 1200, 0.1);
            drop.Paid(extra, 1200, 0.1); // delivered as asked
            deepest = Math.Min(deepest, drop.PredictedReadingDipC);
        }
        // Uncompensated the wafer would take 3256 J / 1517 J/K = 2.1 °C; paid at once, the reading dips far less.
        Assert.InRange(deepest, -0.8, -0.2);
        Assert.InRange(drop.PredictedReadingDipC, -0.02, 0.02);
    }

    [Fact]
    public void Without_a_plate_model_no_dip_is_predicted()
    {
        var drop = new WaferDropFeedForward();
        drop.SetPlateModel(0, 0, 0, 0);
        drop.WaferDown(37, 22, 110, 10, 15);
        for (int i = 0; i < 100; i++) drop.Paid(drop.ExtraDuty(110, 0.07, 1200, 0.1), 1200, 0.1);
        Assert.Equal(0, drop.PredictedReadingDipC);
    }

    [Theory]
    [InlineData(0, 22)]
    [InlineData(-5, 22)]
    [InlineData(37, double.NaN)]
    [InlineData(20000, 22)]
    public void Non_physical_wafers_book_nothing(double heatCapacity, double waferC)
    {
        var drop = new WaferDropFeedForward();
        Assert.False(drop.WaferDown(heatCapacity, waferC, 110, 10, 15));
        Assert.Equal(0, drop.ExtraDuty(110, 0.1, 1200, 0.1));
    }

    [Fact]
    public void Controller_starts_the_drop_feed_forward_only_while_a_program_heats_and_allocates_nothing()
    {
        var sensor = new FakeSensor { Celsius = 110 };
        var heater = new FakeHeater();
        var plate = new HotplateController(sensor, heater, new HotplateConfig());
        plate.FeedForward.SetModel(1250, 1950, 22, 10);
        long now = 0;
        plate.Tick(now += 100);
        plate.NotifyWaferDown(37, 22); // idle: ignored
        Assert.False(plate.Drop.WaferPresent);
        plate.SetProgram([BakeSegment.Hold(110, 3600, 0.5)]);
        plate.StartProgram();
        for (int i = 0; i < 50; i++) plate.Tick(now += 100);
        double before = plate.Duty;
        plate.NotifyWaferDown(37, 22);
        for (int i = 0; i < 5; i++) plate.Tick(now += 100);
        Assert.True(plate.Drop.WaferPresent);
        Assert.True(plate.Duty > before + 0.5, $"duty {before:F3} -> {plate.Duty:F3}");
        for (int i = 0; i < 2000; i++) { sensor.Celsius = 110 + (i % 3) * 0.03; plate.Tick(now += 100); }
        // Measured on a second wafer, every path warmed up: wafer-down and the ticks that follow allocate nothing.
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        plate.NotifyWaferDown(37, 22);
        for (int i = 0; i < 2000; i++) { sensor.Celsius = 110 - (i < 100 ? 0.5 : 0) + (i % 3) * 0.03; plate.Tick(now += 100); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        Assert.InRange(plate.WaferEstimateC, 109.9, 110.1);
        plate.NotifyWaferUp();
        Assert.False(plate.Drop.WaferPresent);
    }
    [Fact]
    public void TargetLift_IsBoundedAndEndsAsTheWaferEntersItsBand()
    {
        var drop = new WaferDropFeedForward();
        Assert.Equal(0, drop.TargetLiftC(110, 0.1, 1, 0.05)); // no wafer, no lift
        drop.WaferDown(37, 22, 110, 10, 15);
        Assert.Equal(0.05, drop.TargetLiftC(110, 0.1, 1, 0.05), 12); // 88 °C short: capped
        double last = 0.05, t = 0;
        while (drop.TargetLiftC(110, 0.1, 1, 0.05) > 0 && t < 120)
        {
            drop.ExtraDuty(110, 0.07, 1200, 0.1); // the plate held at 110 °C (wafer frame): the gap closes
            double lift = drop.TargetLiftC(110, 0.1, 1, 0.05);
            Assert.True(lift <= last + 1e-12 && lift <= 0.05, $"lift {lift} at {t:F1} s");
            last = lift;
            t += 0.1;
        }
        Assert.True(t < 120, "the lift never ended");
        Assert.True(110 - drop.WaferEstimateC <= 0.1 + 1e-9, $"ended with the wafer {110 - drop.WaferEstimateC:F3} °C short");
        drop.WaferUp();
        Assert.Equal(0, drop.TargetLiftC(110, 0.1, 1, 0.05));
    }
}
