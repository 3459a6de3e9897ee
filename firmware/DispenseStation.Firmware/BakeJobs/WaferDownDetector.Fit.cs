using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>
    /// The two-model fit, asked before withdrawing for too much energy or a loss that persists: is the extra loss
    /// the expected wafer's followed by a sustained loss (a draught or the lid during the bake)? Least squares over
    /// the extra loss since shortly before the landing, against two models: (1) a wafer of the expected shape from
    /// the landing (its loss decays with the wafer's and the reading's time constants), scaled by a, plus a step of
    /// sustained loss D from a later start; (2) a step alone from any start (a draught or the lid, no wafer). The
    /// wafer stands, confirmed, when model 1 needs the wafer (its residual SeparationFactor times below model 2's)
    /// with a within [EnergyLow, EnergyHigh] of the expected wafer and D > 0. Both starts are searched on a 1 s grid,
    /// the loss sampled every 3 samples.
    /// The search is spread over the control ticks that follow the request, <see cref="FitPointsPerTick"/> model
    /// points a 20 ms tick (the ticks between samples included; a longer tick, more), so no tick does work that grows with the window: on the
    /// ESP32's interpreter the whole search in one tick took longer than the 20 ms period. It reads the history
    /// as it stood at the request (its points move back one slot per sample pushed since); the oldest
    /// <see cref="FitReserveSamples"/> samples are left out of its window so the samples pushed meanwhile cannot
    /// overwrite its points. The verdict is the one the whole search would have given at the request, a few ticks later.
    /// The model's exponentials are factored per point (e^(-(t-c)/tau) = e^(-t/tau) e^(c/tau)): two per point, not twelve.
    /// </summary>
    public sealed partial class WaferDownDetector
    {
        /// <summary>Model points the fit evaluates per control tick of <see cref="FitTickMs"/> (each: the extra loss over
        /// two averaging windows and two exponentials); a longer tick takes as many more, up to 10 times as many.</summary>
        public const int FitPointsPerTick = 12;
        /// <summary>The ESP32's control period, ms: <see cref="FitPointsPerTick"/> is its share.</summary>
        public const int FitTickMs = 20;
        /// <summary>Samples at the old end of the history the fit leaves out, for the samples pushed while it runs;
        /// should it still run when that many have been pushed, it finishes in that tick.</summary>
        internal const int FitReserveSamples = 10;

        // The fit under way (internal for its oracle test): the withdrawal it decides on (0: none), samples pushed
        // since the request, the oldest point (samples back at the request), the start (index on the 1 s grid from
        // the landing less 2 s) and its next point; the start's sums; the best of both models so far.
        internal int _fitReason, _fitShift, _fitLast, _fitStart, _fitK;
        internal double _fitWW, _fitWS, _fitSS, _fitXW, _fitXS, _fitXX;
        internal double _fitBestWafer, _fitBestStep, _fitBestA, _fitBestD;

        // About to withdraw for too much energy or a loss that persists: starts the fit (or withdraws at once when
        // there is nothing to fit).
        internal WaferDownSignal BeginFit(long nowMs, double plateC, int reason)
        {
            if (_landingMs < 0 || !(_s.SeparationFactor > 0) || _landingMs - 2000 >= nowMs - 1000) return Withdraw(nowMs, plateC, reason);
            int last = (_count < _energySamples ? _count : _energySamples) - _lossSamples - _avgSamples - 1;
            int keep = _t.Length - _lossSamples - _avgSamples - 1 - FitReserveSamples;
            _fitLast = last < keep ? last : keep;
            _fitReason = reason;
            _fitShift = 0;
            _fitStart = 0;
            _fitK = 0;
            _fitWW = _fitWS = _fitSS = _fitXW = _fitXS = _fitXX = 0;
            _fitBestWafer = double.MaxValue;
            _fitBestStep = double.MaxValue;
            _fitBestA = 0;
            _fitBestD = 0;
            return WaferDownSignal.None;
        }

        // One tick's share of the fit (the tick <paramref name="tickMs"/> long); the verdict once every start has been fitted.
        private WaferDownSignal FitTick(long nowMs, double plateC, long tickMs)
        {
            long ticks = tickMs / FitTickMs;
            int budget = _fitShift > FitReserveSamples ? int.MaxValue : FitPointsPerTick * (ticks < 1 ? 1 : ticks > 10 ? 10 : (int)ticks);
            long requestMs = TimeAt(Slot(_fitShift));
            long from = _landingMs - 2000;
            // A sustained loss that starts with the wafer cannot be told from a draught's own onset: it must start once
            // the expected wafer's loss, as the balance sees it, has peaked.
            long after = _landingMs + (long)((_peakS + _s.SensorDeadS) * 1000);
            double w = _s.LossWindowS, av = _s.AverageS, tw = _modelTw, ts = _sensorLagS, dead = _s.SensorDeadS, wa = w * av;
            double sa = Num.Exp(av / ts), sw = Num.Exp(w / ts), swa = Num.Exp((w + av) / ts);
            double pa = Num.Exp(av / tw), pw = Num.Exp(w / tw), pwa = Num.Exp((w + av) / tw);
            while (true)
            {
                long start = from + 1000L * _fitStart;
                if (start >= requestMs - 1000) return FitVerdict(nowMs, plateC);
                // A start after the wafer's peak: wafer and sustained loss; every start: the step alone.
                bool pair = start >= after;
                double g = Num.Exp((start - _landingMs) / 1000.0 / ts);
                for (; _fitK <= _fitLast; _fitK += 3)
                {
                    if (budget == 0) return WaferDownSignal.None;
                    int ago = _fitK + _fitShift;
                    long tk = TimeAt(Slot(ago));
                    if (tk < from) break;
                    budget--;
                    double x = ExtraW(ago);
                    // t after the landing, tau after the start, both less the dead time; the step through the reading's
                    // lag and the wafer's loss per joule, as the balance's windows see them.
                    double tau = (tk - start) / 1000.0 - dead, t = (tk - _landingMs) / 1000.0 - dead, u = 0, v = 0;
                    if (tau > 0 || (pair && t > 0))
                    {
                        double q = Num.Exp(-t / ts);
                        if (tau > 0)
                        {
                            double e = q * g;
                            u = (StepIntegral(tau, ts, e) - StepIntegral(tau - av, ts, e * sa) - StepIntegral(tau - w, ts, e * sw)
                                + StepIntegral(tau - w - av, ts, e * swa)) / wa;
                        }
                        if (pair && t > 0)
                        {
                            double p = Num.Exp(-t / tw);
                            v = _expectedJ * (Integral(t, tw, ts, p, q) - Integral(t - av, tw, ts, p * pa, q * sa) - Integral(t - w, tw, ts, p * pw, q * sw)
                                + Integral(t - w - av, tw, ts, p * pwa, q * swa)) / wa;
                        }
                    }
                    _fitWW += v * v;
                    _fitWS += v * u;
                    _fitSS += u * u;
                    _fitXW += x * v;
                    _fitXS += x * u;
                    _fitXX += x * x;
                }
                if (_fitSS > 0)
                {
                    double step = _fitXX - _fitXS * _fitXS / _fitSS;
                    if (step < _fitBestStep) _fitBestStep = step;
                    double det = _fitWW * _fitSS - _fitWS * _fitWS;
                    if (pair && det > 0)
                    {
                        double scale = (_fitXW * _fitSS - _fitXS * _fitWS) / det, d = (_fitXS * _fitWW - _fitXW * _fitWS) / det;
                        double rss = _fitXX - scale * _fitXW - d * _fitXS;
                        if (scale > 0 && d > 0 && rss < _fitBestWafer)
                        {
                            _fitBestWafer = rss;
                            _fitBestA = scale;
                            _fitBestD = d;
                        }
                    }
                }
                _fitStart++;
                _fitK = 0;
                _fitWW = _fitWS = _fitSS = _fitXW = _fitXS = _fitXX = 0;
            }
        }

        private WaferDownSignal FitVerdict(long nowMs, double plateC)
        {
            int reason = _fitReason;
            _fitReason = 0;
            if (_fitBestD > 0 && _fitBestA >= _s.EnergyLow && _fitBestA <= _s.EnergyHigh && _fitBestStep >= _s.SeparationFactor * Num.Max(_fitBestWafer, 1e-9))
            {
                _energyRatio = _fitBestA;
                _pending = false;
                _confirmedMs = nowMs;
                return WaferDownSignal.Confirmed;
            }
            return Withdraw(nowMs, plateC, reason);
        }

        // Twice-integrated unit step through the reading's first-order lag at t, J·s, given e = e^(-t/ts).
        private static double StepIntegral(double t, double ts, double e)
        {
            return t > 0 ? t * t / 2 - ts * t + ts * ts * (1 - e) : 0;
        }

        // Integral of Cumulative from 0 to t, s, given ew = e^(-t/tw) and es = e^(-t/ts).
        private static double Integral(double t, double tw, double ts, double ew, double es)
        {
            return t > 0 ? t - (tw * tw * (1 - ew) - ts * ts * (1 - es)) / (tw - ts) : 0;
        }
    }
}
