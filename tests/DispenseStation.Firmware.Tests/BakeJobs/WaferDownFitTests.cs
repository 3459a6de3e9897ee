using DispenseStation.Firmware.BakeJobs;
using DispenseStation.Firmware.Thermal;
using DispenseStation.Simulation.BakeJobs;
using Xunit.Abstractions;

namespace DispenseStation.Firmware.Tests.BakeJobs;

/// <summary>
/// The detector's two-model fit runs spread over the ticks after the request (a few model points a tick); its
/// verdict must be the one the whole search gives at the request. The oracle here is that search written out as it
/// ran in one tick before (every start, every third point, the shapes by their own exponentials, Math.Exp), over the
/// same window (the reserve of the oldest samples included), reading the detector's history at the request.
/// </summary>
public class WaferDownFitTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    private sealed record Fit(double BestWafer, double BestStep, double A, double D, int Points, bool Confirms);

    /// <summary>The fit from scratch, at the request (the detector's newest sample).</summary>
    private static Fit FromScratch(WaferDownDetector d)
    {
        WaferDownSettings s = d.Settings;
        long nowMs = d.TimeAgo(0), landing = d._landingMs, from = landing - 2000;
        int last = Math.Min(d.HistoryCount, d._energySamples) - d._lossSamples - d._avgSamples - 1;
        last = Math.Min(last, s.HistorySamples - d._lossSamples - d._avgSamples - 1 - WaferDownDetector.FitReserveSamples);
        double tw = d._modelTw, ts = d._sensorLagS;
        double peakS = 0, peak = 0;
        for (double t = 0.2; t < 6 * (tw + ts); t += 0.2)
        {
            double v = WaferShape(s, t, tw, ts);
            if (v > peak)
            {
                peak = v;
                peakS = t;
            }
        }
        long after = landing + (long)((peakS + s.SensorDeadS) * 1000);
        double bestWafer = double.MaxValue, bestStep = double.MaxValue, bestA = 0, bestD = 0;
        int points = 0;
        for (long start = from; start < nowMs - 1000; start += 1000)
        {
            bool pair = start >= after;
            double ww = 0, ws = 0, ss = 0, xw = 0, xs = 0, xx = 0;
            for (int k = 0; k <= last; k += 3)
            {
                long tk = d.TimeAt(d.Slot(k));
                if (tk < from) break;
                points++;
                double x = d.ExtraW(k);
                double u = StepShape(s, (tk - start) / 1000.0 - s.SensorDeadS, ts);
                double w = pair ? d.ExpectedJ * WaferShape(s, (tk - landing) / 1000.0 - s.SensorDeadS, tw, ts) : 0;
                ww += w * w;
                ws += w * u;
                ss += u * u;
                xw += x * w;
                xs += x * u;
                xx += x * x;
            }
            if (!(ss > 0)) continue;
            double step = xx - xs * xs / ss;
            if (step < bestStep) bestStep = step;
            double det = ww * ss - ws * ws;
            if (!pair || !(det > 0)) continue;
            double a = (xw * ss - xs * ws) / det, dd = (xs * ww - xw * ws) / det;
            double rss = xx - a * xw - dd * xs;
            if (a > 0 && dd > 0 && rss < bestWafer)
            {
                bestWafer = rss;
                bestA = a;
                bestD = dd;
            }
        }
        bool confirms = bestD > 0 && bestA >= s.EnergyLow && bestA <= s.EnergyHigh && bestStep >= s.SeparationFactor * Math.Max(bestWafer, 1e-9);
        return new Fit(bestWafer, bestStep, bestA, bestD, points, confirms);
    }

    private static double WaferShape(WaferDownSettings s, double t, double tw, double ts)
    {
        double w = s.LossWindowS, a = s.AverageS;
        return (Integral(t, tw, ts) - Integral(t - a, tw, ts) - Integral(t - w, tw, ts) + Integral(t - w - a, tw, ts)) / (w * a);
    }

    private static double Integral(double t, double tw, double ts)
        => t <= 0 ? 0 : t - (tw * tw * (1 - Math.Exp(-t / tw)) - ts * ts * (1 - Math.Exp(-t / ts))) / (tw - ts);

    private static double StepShape(WaferDownSettings s, double t, double ts)
    {
        double w = s.LossWindowS, a = s.AverageS;
        return (StepIntegral(t, ts) - StepIntegral(t - a, ts) - StepIntegral(t - w, ts) + StepIntegral(t - w - a, ts)) / (w * a);
    }

    private static double StepIntegral(double t, double ts) => t <= 0 ? 0 : t * t / 2 - ts * t + ts * ts * (1 - Math.Exp(-t / ts));

    private static void AssertClose(double expected, double actual, string what)
    {
        if (expected == double.MaxValue || actual == double.MaxValue)
        {
            Assert.Equal(expected, actual);
            return;
        }
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: from scratch {expected:R}, spread over ticks {actual:R}");
    }

    /// <summary>Watches a detector tick by tick: at each request the oracle's fit; when the spread fit ends, its
    /// figures and verdict against the oracle's.</summary>
    private sealed class Watcher(long tickMs)
    {
        private readonly int _perTick = WaferDownDetector.FitPointsPerTick * (int)Math.Clamp(tickMs / WaferDownDetector.FitTickMs, 1, 10);
        private Fit? _expected;
        private long _requestMs;
        private int _ticks;
        public int Compared, Confirmed, Withdrawn, MaxTicks, MaxShift, LastShift;

        public void After(long nowMs, WaferDownDetector d)
        {
            if (_expected != null)
            {
                _ticks++;
                MaxShift = Math.Max(MaxShift, d._fitShift);
                if (!d._pending && d._fitReason != 0)
                {
                    _expected = null; // dropped without a verdict (settled): nothing to compare
                }
                else if (d._fitReason == 0)
                {
                    Fit e = _expected;
                    _expected = null;
                    AssertClose(e.BestStep, d._fitBestStep, "best step-alone residual");
                    AssertClose(e.BestWafer, d._fitBestWafer, "best wafer + step residual");
                    AssertClose(e.A, d._fitBestA, "wafer scale a");
                    AssertClose(e.D, d._fitBestD, "sustained loss D");
                    bool confirmed = d.ConfirmedAtMs == nowMs && !d._pending;
                    Assert.Equal(e.Confirms, confirmed);
                    if (!e.Confirms) Assert.True(d.Settling && d.LastWithdrawReason != WaferDownDetector.WithdrawNone, "withdrawn");
                    // Spread: no tick took more than its share (the request's tick took none), unless the samples pushed
                    // meanwhile reached the reserve.
                    LastShift = d._fitShift;
                    Assert.True(_ticks * _perTick >= e.Points || d._fitShift > WaferDownDetector.FitReserveSamples, $"{e.Points} points in {_ticks} ticks");
                    Assert.True(d._fitShift <= WaferDownDetector.FitReserveSamples + 1, "the fit ended by the sample after the reserve");
                    MaxTicks = Math.Max(MaxTicks, _ticks);
                    Compared++;
                    if (confirmed) Confirmed++;
                    else Withdrawn++;
                }
            }
            if (_expected == null && d._pending && d._fitReason != 0 && d._fitShift == 0 && d._fitStart == 0 && d._fitK == 0 && nowMs != _requestMs)
            {
                _expected = FromScratch(d);
                _requestMs = nowMs;
                _ticks = 0;
            }
        }
    }

    private static (ExpectedWafer Expected, double ToPlate) Wafer(int diameterMm) => WaferDownSimulationTests.Wafer(diameterMm);

    // On the simulated plate: a wafer then a draught (the fit confirms it), draughts and the lid with no wafer (it withdraws).
    [Theory]
    [InlineData(100, 1)]
    [InlineData(150, 2)]
    [InlineData(200, 3)]
    [InlineData(300, 4)]
    public void On_the_simulated_plate_the_fit_spread_over_ticks_gives_the_whole_search_s_verdict(int size, int seed)
    {
        var watcher = new Watcher(new HotplateConfig().TickPeriodMs);
        var scenario = new WaferDownScenario { Probe = watcher.After };
        var (expected, toPlate) = Wafer(size);
        scenario.RunDropThenDraught(seed, expected, toPlate, 22, 10, draughtAfterS: 8, convectionFactor: 8, durationS: 10, watchS: 60);
        var (small, _) = Wafer(100);
        scenario.RunDisturbance(seed, convectionFactor: 15, atS: 5, durationS: 30, watchS: 90, small);
        scenario.RunDisturbance(seed, convectionFactor: 8, atS: 5, durationS: 10, watchS: 70, small);
        scenario.RunDisturbance(seed, convectionFactor: 3, atS: 5, durationS: 60, watchS: 120, small);
        output.WriteLine($"{size} mm seed {seed}: {watcher.Compared} fits ({watcher.Confirmed} confirmed, {watcher.Withdrawn} withdrawn), up to {watcher.MaxTicks} ticks each");
        Assert.True(watcher.Confirmed >= 1 && watcher.Withdrawn >= 1, "the fit both confirmed and withdrew");
    }

    /// <summary>Hours of a steady plate fed at <paramref name="tickMs"/> (20 ms: the ESP32's period, 10 ticks a sample;
    /// 200 ms: every tick a sample) with an event every 5 minutes: a wafer's decaying loss, a wafer's then a draught's,
    /// a draught's alone, at ever later uptimes (the time base moves every 2^15 ms; the balance re-bases every 50 kJ).
    /// A fit is asked 14-21 s after each event, and after every fourth 45-52 s after it (starts on 50 s of grid: so many
    /// points that the samples pushed meanwhile reach the reserve and the fit finishes in that tick).</summary>
    [Theory]
    [InlineData(20, 4.0, 11)]
    [InlineData(200, 3.0, 12)]
    public void Over_hours_of_ticks_the_spread_fit_equals_the_fit_from_scratch(int tickMs, double hours, int seed)
    {
        var d = new WaferDownDetector(new WaferDownSettings());
        var config = new HotplateConfig();
        d.Configure(37.4, 22, 110, 4.2, 1060, config.ElementLagS, config.ReadingLagS);
        var random = new Random(seed);
        var watcher = new Watcher(tickMs);
        const long periodMs = 300_000;
        long startMs = 3L * 24 * 3600 * 1000 + 17; // a few days of uptime, an odd ms
        long endMs = startMs + (long)(hours * 3600 * 1000);
        double lossW = 180, waferJ = 3291, draughtW = 40;
        // The plate as the RTD reads it: the true temperature through the reading's dead time, then its first-order lag.
        int deadTicks = (int)(1500 / tickMs);
        var delay = new double[deadTicks + 1];
        Array.Fill(delay, 110.0);
        double reading = 110, lag = 1 - Math.Exp(-tickMs / 1000.0 / (config.ReadingLagS - 1.5));
        int forced = 0, tick = 0, lateFits = 0, lateReserve = 0, earlyMaxShift = 0, compared = 0;
        bool lateFit = false;
        long askAtMs = -1;
        for (long now = startMs; now < endMs; now += tickMs, tick++)
        {
            long since = (now - startMs) % periodMs - 60_000; // the event 60 s into each period
            int kind = (int)((now - startMs) / periodMs % 3);
            if (since == 0)
            {
                bool late = (now - startMs) / periodMs % 4 == 3;
                askAtMs = now + (late ? 45_000 : 14_000) + random.Next(8) * 1000;
                lossW = 170 + 20 * random.NextDouble();
                waferJ = 3291 * (0.9 + 0.2 * random.NextDouble());
                draughtW = 30 + 30 * random.NextDouble();
            }
            // The heater holds its power; a wafer takes its heat from the plate with its time constant, a draught
            // from 8 s to 30 s after it a sustained loss (the plate at 1060 J/K).
            // From 60 s after the event the plate is brought back to 110 °C over a minute.
            double plate = 110;
            if (since >= 0 && since < 120_000)
            {
                double s = Math.Min(since, 60_000) / 1000.0;
                if (kind != 2) plate -= waferJ / 1060 * (1 - Math.Exp(-s / 4.2));
                if (kind != 0 && s >= 8) plate -= draughtW * (Math.Min(s, 30) - 8) / 1060;
                if (since > 60_000) plate = 110 - (110 - plate) * (120_000 - since) / 60_000.0;
            }
            delay[tick % delay.Length] = plate;
            reading += (delay[(tick + 1) % delay.Length] - reading) * lag;
            double plateC = reading + 0.004 * (random.NextDouble() - 0.5);
            double heaterW = lossW + 0.5 * (random.NextDouble() - 0.5);
            d.Sample(now, plateC, heaterW);
            watcher.After(now, d);
            if (askAtMs >= 0 && now >= askAtMs && d._fitReason == 0 && d.EnergyReady && d.TimeAgo(0) == now)
            {
                askAtMs = -1;
                // As BeginPending leaves it: a landing, the steady loss before the event; then the request.
                d._landingMs = now - ((now - startMs) % periodMs - 60_000);
                d._refLoss = d.SteadyLossW;
                d._pending = true;
                Assert.Equal(WaferDownSignal.None, d.BeginFit(now, plateC, WaferDownDetector.WithdrawPersists));
                watcher.After(now, d);
                forced++;
                lateFit = now - d._landingMs > 40_000;
            }
            if (watcher.Compared > compared)
            {
                compared = watcher.Compared;
                if (lateFit)
                {
                    lateFits++;
                    if (watcher.LastShift > WaferDownDetector.FitReserveSamples) lateReserve++;
                }
                else earlyMaxShift = Math.Max(earlyMaxShift, watcher.LastShift);
            }
        }
        output.WriteLine($"{tickMs} ms ticks, {hours} h: {forced} fits asked, {watcher.Compared} compared ({watcher.Confirmed} confirmed, {watcher.Withdrawn} withdrawn), up to {watcher.MaxTicks} ticks;"
            + $" asked 14-21 s after the event: up to {earlyMaxShift} samples pushed during one; 45-52 s: {lateReserve} of {lateFits} reached the reserve");
        Assert.Equal(forced, watcher.Compared);
        Assert.True(forced >= (int)(hours * 12) - 1);
        Assert.True(watcher.Confirmed > 0 && watcher.Withdrawn > 0, "both verdicts met");
        Assert.True(earlyMaxShift <= WaferDownDetector.FitReserveSamples, "a fit asked within 21 s of the landing ends within the reserve");
        Assert.True(lateFits > 0 && lateReserve == lateFits, "a fit over 50 s of starts reaches the reserve and ends there");
    }
}
