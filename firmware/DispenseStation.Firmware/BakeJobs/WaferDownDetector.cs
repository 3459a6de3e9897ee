using DispenseStation.Firmware.Util;

namespace DispenseStation.Firmware.BakeJobs
{
    /// <summary>
    /// Sees a wafer land from the plate: a provisional detection from the temperature signature (the
    /// reading falls steeply and far below where it sat) or from the energy balance (the plate's extra
    /// loss over a window reaches a fraction of the expected wafer's energy), then a confirmation or a
    /// withdrawal from the energy balance. Extra loss = heater power (through the heat path's and the
    /// reading's lags) - plate heat capacity x dT/dt - the steady loss before the event. A cold wafer is
    /// a finite heat sink: its extra loss rises at once and decays with its time constant, and its
    /// integral converges to C_w x (setpoint - wafer). A draught or an open lid adds a loss that lasts as
    /// long as it does. Confirmed once the loss has decayed and the energy absorbed is within tolerance
    /// of the expected wafer's; withdrawn when the loss stays above half its peak for longer than a
    /// wafer's would (WidthFactor x the half-width of the expected wafer's loss as the reading sees it),
    /// or the energy exceeds EnergyHigh x the expected, or nothing is decided within MaxPendingS; before either
    /// of the first two withdrawals a two-model fit asks whether a wafer followed by a draught explains the loss
    /// (WaferDownDetector.Fit.cs: spread over the ticks that follow, its verdict a few ticks later).
    /// Without an expected wafer, the plate's heat capacity or the heater's power, a signature detection
    /// is confirmed at once (the temperature thresholds alone, as before the balance).
    /// Fed with every plate reading by the bake job (it decimates to its own sample period); armed while
    /// a wafer is expected. The landing: from the temperature signature, the last sample still at the
    /// baseline less the sensor's delay; from the energy, where the extra energy passed OnsetFraction of
    /// the expected less the model's lag to that point. Keeps its history in fixed arrays: no allocation
    /// per sample.
    /// </summary>
    public sealed partial class WaferDownDetector
    {
        /// <summary><see cref="LastWithdrawReason"/>: none yet.</summary>
        public const int WithdrawNone = 0;
        /// <summary>The plate lost far more energy than the expected wafer can take.</summary>
        public const int WithdrawEnergy = 1;
        /// <summary>The extra loss stayed up longer than a wafer's would (a draught, the lid).</summary>
        public const int WithdrawPersists = 2;
        /// <summary>The loss faded with far less energy than the expected wafer's.</summary>
        public const int WithdrawTooLittle = 3;
        /// <summary>Neither confirmed nor refuted within MaxPendingS.</summary>
        public const int WithdrawUndecided = 4;

        private readonly WaferDownSettings _s;
        // Sample times as ms after _t0 (16 bits: a quarter of the heap of longs, paying for the fit's state in
        // WaferDownDetector.Fit.cs); _t0 moves up every 2^15 ms, and the history spans at most 32 s (Validate).
        private readonly short[] _t;
        private long _t0;
        // Plate readings as floats (7 significant digits: 1e-5 °C at 100 °C, far below the RTD's resolution).
        private readonly float[] _c;
        // Energy balance per sample: balance (J: heat in - C x T, as floats: the heat in is re-based below
        // RebaseJ, so |balance| stays under ~3e5 J, 0.03 J steps), steady loss (W); and the lagged heater
        // power over the reading's dead time (its own short ring).
        // The steady loss is read only at two fixed lags (WindowExtraJ: window + average/2; BeginPending:
        // window + loss + average/2 at most), always inside the current run of balance samples (both need
        // EnergyReady or _warmSamples of them, more than either lag): its own ring of the longer lag + 1
        // holds every value ever read, the same values the full history held.
        private readonly float[] _b;
        private readonly float[] _l;
        private int _lHead;
        private readonly double[] _q;
        private int _qHead;
        private const double RebaseJ = 50000;
        private int _head, _count;
        private bool _armed, _detected;
        private long _lastSampleMs;
        private double _baseline;
        private int _confirm;
        internal long _landingMs, _detectedMs, _confirmedMs;

        // Expected wafer and plate (Configure), and what follows from them; _peakS: when the expected wafer's loss
        // peaks as the balance sees it (s after the landing less the dead time; the fit's sustained loss starts later).
        // (Internal where the fit's from-scratch oracle in the tests reads them.)
        internal double _expectedJ, _plateJPerK, _modelTw, _halfWidthS, _onsetLagS, _peakS;
        // The plate model's heat path (Configure): heater mat to plate; the reading's first-order part.
        internal double _elementLagS, _sensorLagS;
        internal readonly int _deadSamples, _baselineSamples, _windowSamples, _lossSamples, _avgSamples, _warmSamples;

        private double _qe, _qs, _inJ, _loss;
        private bool _hasLoss;
        internal int _energySamples;
        private bool _settling;
        private double _sumC, _sumW;
        private int _sumN;
        private int _quietSamples;

        internal bool _pending;
        internal double _refB, _refMs, _refLoss, _peakW, _energyJ, _lateW, _energyRatio;
        private long _upMs, _fellMs;
        private int _withdrawReason;

        public WaferDownDetector(WaferDownSettings settings)
        {
            if (settings == null) throw new System.ArgumentNullException("settings");
            string problem = settings.Validate();
            if (problem != null) throw new System.ArgumentException("waferDown." + problem);
            _s = settings;
            int n = settings.HistorySamples;
            _t = new short[n];
            _c = new float[n];
            _b = new float[n];
            _deadSamples = Samples(settings.SensorDeadS);
            _q = new double[_deadSamples + 1];
            _baselineSamples = Samples(settings.BaselineWindowS);
            _windowSamples = Samples(settings.EnergyWindowS);
            _lossSamples = Samples(settings.LossWindowS);
            if (_lossSamples < 1) _lossSamples = 1;
            if (_windowSamples <= _lossSamples) _windowSamples = _lossSamples + 1;
            _avgSamples = Samples(settings.AverageS);
            if (_avgSamples < 1) _avgSamples = 1;
            _l = new float[_windowSamples + _lossSamples + _avgSamples / 2 + 1];
            _warmSamples = _deadSamples + _baselineSamples + _windowSamples + _lossSamples + 2 * _avgSamples + 5;
            _expectedJ = 0;
            _plateJPerK = double.NaN;
        }

        public WaferDownSettings Settings { get { return _s; } }
        public bool Armed { get { return _armed; } }
        /// <summary>A wafer-down signature was seen since <see cref="Arm"/> (provisional or confirmed; cleared by a withdrawal).</summary>
        public bool Detected { get { return _detected; } }
        /// <summary>A provisional detection waits for the energy balance.</summary>
        public bool Pending { get { return _pending; } }
        /// <summary>When the (provisional) signature was seen, ms uptime.</summary>
        public long DetectedAtMs { get { return _detectedMs; } }
        /// <summary>When the last detection was confirmed, ms uptime (-1 if none since <see cref="Arm"/>).</summary>
        public long ConfirmedAtMs { get { return _confirmedMs; } }
        /// <summary>Estimated landing, ms uptime (onset less the sensor delay).</summary>
        public long EstimatedLandingMs { get { return _landingMs; } }
        /// <summary>The wafer energy the balance expects, J (0 when none: no balance).</summary>
        public double ExpectedJ { get { return _expectedJ; } }
        /// <summary>Extra energy the plate has lost since the reference before the provisional detection, J.</summary>
        public double AbsorbedJ { get { return _energyJ; } }
        /// <summary>Absorbed energy over what the expected wafer would have given by then (the model's share of C_w x dT).</summary>
        public double EnergyRatio { get { return _energyRatio; } }
        /// <summary>The latest extra loss since the provisional detection, W.</summary>
        public double ExtraLossW { get { return _lateW; } }
        /// <summary>The steady loss the balance measures extra loss against, W.</summary>
        public double SteadyLossW { get { return _loss; } }
        /// <summary>Half-width of the last event's extra loss: from its rise through half its peak to its fall below, s (NaN while high).</summary>
        public double MeasuredHalfWidthS { get { return _fellMs >= 0 ? (_fellMs - _upMs) / 1000.0 : double.NaN; } }
        /// <summary>After a withdrawal, the steady loss is being re-learnt: no detection meanwhile.</summary>
        public bool Settling { get { return _settling; } }
        /// <summary>The heat path the balance runs on (from <see cref="Configure"/>: the plate model's), s; 0 before.</summary>
        public double ElementLagS { get { return _elementLagS; } }
        /// <summary>The reading's whole lag the balance allows for: SensorDeadS plus its first-order part, s; 0 before.</summary>
        public double ReadingLagS { get { return _sensorLagS > 0 ? _sensorLagS + _s.SensorDeadS : 0; } }
        /// <summary>Half-width of the expected wafer's extra loss as the reading sees it, s.</summary>
        public double ExpectedHalfWidthS { get { return _halfWidthS; } }
        /// <summary>Why the last provisional detection was withdrawn (Withdraw* constants; kept across <see cref="Arm"/>).</summary>
        public int LastWithdrawReason { get { return _withdrawReason; } }

        /// <summary>Samples held (newest is index 0 for <see cref="TimeAgo"/>/<see cref="CelsiusAgo"/>).</summary>
        public int HistoryCount { get { return _count; } }

        public long TimeAgo(int ago)
        {
            return TimeAt(Slot(ago));
        }

        public double CelsiusAgo(int ago)
        {
            return _c[Slot(ago)];
        }

        /// <summary>The operator's message for a withdrawal (constant strings: nothing is built in the tick).</summary>
        public static string WithdrawReasonText(int reason)
        {
            switch (reason)
            {
                case WithdrawEnergy: return "wafer-down withdrawn: the plate lost far more energy than the wafer takes; place the wafer, or press wafer-down if it is on the plate";
                case WithdrawPersists: return "wafer-down withdrawn: the extra loss persisted (lid or draught); place the wafer, or press wafer-down if it is on the plate";
                case WithdrawTooLittle: return "wafer-down withdrawn: the plate lost far less energy than the wafer takes; place the wafer, or press wafer-down if it is on the plate";
                default: return "wafer-down withdrawn: not confirmed in time; place the wafer, or press wafer-down if it is on the plate";
            }
        }

        /// <summary>
        /// The wafer the balance expects: <paramref name="waferHeatCapacityJPerK"/> from <paramref name="waferC"/> to
        /// <paramref name="setpointC"/> with time constant <paramref name="waferTauS"/> on the gap, on a plate of
        /// <paramref name="plateHeatCapacityJPerK"/> whose heater reaches it through <paramref name="elementLagS"/> and
        /// whose reading lags it by <paramref name="readingLagS"/> (the plate model's: the hotplate's own figures, which
        /// its drop feed-forward uses too). Any of them missing or non-physical, or a reading lag not longer than the
        /// settings' SensorDeadS: no balance (a signature is confirmed at once). Loops over a model of the loss once
        /// (call it per job, not per tick).
        /// </summary>
        public void Configure(double waferHeatCapacityJPerK, double waferC, double setpointC, double waferTauS, double plateHeatCapacityJPerK,
            double elementLagS, double readingLagS)
        {
            double rise = setpointC - waferC;
            bool ok = waferHeatCapacityJPerK > 0 && rise > 0 && waferTauS > 0 && plateHeatCapacityJPerK > 0
                && elementLagS >= 0 && readingLagS > _s.SensorDeadS
                && Num.IsFinite(waferHeatCapacityJPerK * rise * waferTauS * plateHeatCapacityJPerK * elementLagS * readingLagS);
            _pending = false;
            if (!ok)
            {
                _expectedJ = 0;
                _plateJPerK = double.NaN;
                return;
            }
            if (!(_plateJPerK == plateHeatCapacityJPerK) || !(_elementLagS == elementLagS) || !(_sensorLagS == readingLagS - _s.SensorDeadS)) _energySamples = 0;
            _elementLagS = elementLagS;
            _sensorLagS = readingLagS - _s.SensorDeadS;
            _expectedJ = waferHeatCapacityJPerK * rise;
            _plateJPerK = plateHeatCapacityJPerK;
            ModelShape(waferTauS);
        }

        // The expected wafer's extra loss as the reading sees it: G dT e^(-t/tau_w) through the RTD's lag, over
        // LossWindowS between balances averaged over AverageS. Its half-width, and the time its integral takes
        // to reach OnsetFraction (both from the landing less the dead time).
        private void ModelShape(double waferTauS)
        {
            double tw = waferTauS, ts = _sensorLagS;
            if (Num.Abs(tw - ts) < 0.05) tw = ts + 0.05;
            _modelTw = tw;
            double w = _s.LossWindowS, a = _s.AverageS, step = _s.SamplePeriodMs / 1000.0, peak = 0, up = -1, down = -1, onset = -1;
            double span = 6 * (tw + ts) + w + a;
            for (int pass = 0; pass < 2; pass++)
            {
                for (double t = step; t <= span; t += step)
                {
                    double x = (Integral(t, tw, ts) - Integral(t - a, tw, ts) - Integral(t - w, tw, ts) + Integral(t - w - a, tw, ts)) / (w * a);
                    if (pass == 0)
                    {
                        if (x > peak) peak = x;
                        if (onset < 0 && Cumulative(t, tw, ts) >= _s.OnsetFraction) onset = t;
                    }
                    else
                    {
                        if (up < 0 && x >= peak / 2) up = t;
                        if (up >= 0 && x < peak / 2) { down = t; break; }
                    }
                }
            }
            _halfWidthS = up >= 0 && down > up ? down - up : span;
            _onsetLagS = onset >= 0 ? onset : 0;
            // The fit's grid for the peak (0.2 s, as it always searched it): once per job here, not in the tick.
            double peakS = 0, top = 0;
            for (double t = 0.2; t < 6 * (_modelTw + _sensorLagS); t += 0.2)
            {
                double v = WaferShape(t);
                if (v > top)
                {
                    top = v;
                    peakS = t;
                }
            }
            _peakS = peakS;
        }

        // The share of the expected wafer's energy the balance has seen <paramref name="sinceLandingMs"/> after the landing.
        private double SeenFraction(double sinceLandingMs)
        {
            double t = sinceLandingMs / 1000.0 - _s.SensorDeadS;
            double a = _s.AverageS;
            // The balance at "now" is an average over AverageS back.
            return (Integral(t, _modelTw, _sensorLagS) - Integral(t - a, _modelTw, _sensorLagS)) / a;
        }

        // Fraction of a wafer's energy the reading has seen t after the landing (less the dead time).
        private static double Cumulative(double t, double tw, double ts)
        {
            if (t <= 0) return 0;
            return 1 - (tw * Num.Exp(-t / tw) - ts * Num.Exp(-t / ts)) / (tw - ts);
        }

        // Integral of Cumulative from 0 to t, s.
        private static double Integral(double t, double tw, double ts)
        {
            if (t <= 0) return 0;
            return t - (tw * tw * (1 - Num.Exp(-t / tw)) - ts * ts * (1 - Num.Exp(-t / ts))) / (tw - ts);
        }

        private int Samples(double seconds)
        {
            return (int)Num.Round(seconds * 1000 / _s.SamplePeriodMs);
        }

        /// <summary>Starts watching for a wafer (keeps the history: the baseline and the steady loss stay warm).</summary>
        public void Arm()
        {
            _armed = true;
            _detected = false;
            _pending = false;
            _confirm = 0;
            _landingMs = -1;
            _detectedMs = -1;
            _confirmedMs = -1;
        }

        /// <summary>Stops watching for a new wafer. A provisional detection still pending goes on being judged.</summary>
        public void Disarm()
        {
            _armed = false;
            _confirm = 0;
        }

        /// <summary>Drops a pending provisional detection without a verdict (the wafer was confirmed otherwise, or removed).</summary>
        public void Settle()
        {
            _pending = false;
        }

        /// <summary>Forgets history and baseline (a new job, or the plate changed setpoint).</summary>
        public void Reset()
        {
            _count = 0;
            _head = 0;
            _lHead = 0;
            _confirm = 0;
            _detected = false;
            _pending = false;
            _armed = false;
            _energySamples = 0;
            _hasLoss = false;
            _settling = false;
            _quietSamples = 0;
            _sumC = 0;
            _sumW = 0;
            _sumN = 0;
        }

        /// <summary>One plate reading without the heater's power: the temperature signature alone; true on the
        /// sample that detects a wafer-down (confirmed at once: nothing to check it against).</summary>
        public bool Sample(long nowMs, double plateC)
        {
            return Sample(nowMs, plateC, double.NaN) == WaferDownSignal.Confirmed;
        }

        /// <summary>
        /// One plate reading (wafer frame, °C) and the heat the heater delivers now (W; NaN when unknown).
        /// With an expected wafer (<see cref="Configure"/>) and the heater's power, a detection is
        /// <see cref="WaferDownSignal.Provisional"/> and the energy balance later confirms or withdraws it;
        /// otherwise a detection is <see cref="WaferDownSignal.Confirmed"/> at once.
        /// </summary>
        public WaferDownSignal Sample(long nowMs, double plateC, double heaterW)
        {
            if (!Num.IsFinite(plateC)) return WaferDownSignal.None;
            // A sample was taken since Reset exactly when the history holds one (no flag of its own: 12 B on the ESP32 heap).
            if (_count > 0 && nowMs - _lastSampleMs < _s.SamplePeriodMs)
            {
                // Readings between samples are averaged into the next one (halves the RTD's noise at a 100 ms tick).
                _sumC += plateC;
                _sumW += heaterW;
                _sumN++;
                // Between samples the history stands still: a fit under way takes its share of model points.
                return _pending && _fitReason != 0 ? FitTick(nowMs, plateC, (nowMs - _lastSampleMs) / _sumN) : WaferDownSignal.None;
            }
            // The control tick's period, as this sample's readings give it (the fit's share of points follows it).
            long tickMs = _count > 0 ? (nowMs - _lastSampleMs) / (_sumN + 1) : 0;
            if (_sumN > 0)
            {
                plateC = (_sumC + plateC) / (_sumN + 1);
                heaterW = (_sumW + heaterW) / (_sumN + 1);
                _sumC = 0;
                _sumW = 0;
                _sumN = 0;
            }
            double dtS = _count > 0 ? (nowMs - _lastSampleMs) / 1000.0 : 0;
            _lastSampleMs = nowMs;
            Push(nowMs, plateC);
            if (_fitReason != 0) _fitShift++;
            Balance(dtS, plateC, heaterW);
            // The first sample since Reset (the history never shrinks but by Reset) sets the baseline.
            if (_count == 1)
            {
                _baseline = plateC;
                return WaferDownSignal.None;
            }
            double slope = Slope();
            double drop = _baseline - plateC;
            bool falling = _count > _s.SlopeWindowSamples && slope <= -_s.SlopeThresholdCPerS && drop >= _s.DropThresholdC;
            // The baseline follows the plate only while it is not falling away, so a drop is measured
            // from where the plate sat before it.
            if (!falling && drop < _s.OnsetC && slope > -_s.SlopeThresholdCPerS / 2)
                _baseline += (plateC - _baseline) * Num.Min(1.0, dtS / _s.BaselineTauS);
            if (_pending)
            {
                if (EnergyReady) return _fitReason != 0 ? FitTick(nowMs, plateC, tickMs) : Judge(nowMs, plateC);
                // The heater's power went missing: nothing left to judge with, the signature stands.
                _pending = false;
                _confirmedMs = nowMs;
                return WaferDownSignal.Confirmed;
            }
            if (!_armed || _detected || _settling) return WaferDownSignal.None;
            bool energyReady = EnergyReady;
            bool heavy = energyReady && WindowExtraJ() >= Num.Max(_s.ProvisionalFraction * _expectedJ, _s.MinProvisionalJ);
            _confirm = falling || heavy ? _confirm + 1 : 0;
            if (_confirm < _s.ConfirmSamples) return WaferDownSignal.None;
            _detected = true;
            _detectedMs = nowMs;
            _landingMs = falling ? Onset() - (long)(_s.SensorDelayS * 1000) : -1;
            if (!energyReady)
            {
                if (_landingMs < 0) _landingMs = Onset() - (long)(_s.SensorDelayS * 1000);
                if (_landingMs > nowMs) _landingMs = nowMs;
                _confirmedMs = nowMs;
                return WaferDownSignal.Confirmed;
            }
            BeginPending(nowMs);
            if (_landingMs > nowMs) _landingMs = nowMs;
            return WaferDownSignal.Provisional;
        }

        // ---- energy balance ----

        /// <summary>The energy balance is running: an expected wafer, the plate's heat capacity, the heater's
        /// power on every sample, and enough history for the steady loss.</summary>
        public bool EnergyReady
        {
            get { return _expectedJ > 0 && _energySamples >= _warmSamples && _hasLoss; }
        }

        // Heater power through the heat path and the reading's lags, so it lines up with the reading.
        private void Balance(double dtS, double plateC, double heaterW)
        {
            if (!(_plateJPerK > 0) || !Num.IsFinite(heaterW))
            {
                _energySamples = 0;
                _hasLoss = false;
                return;
            }
            if (_energySamples == 0)
            {
                _qe = heaterW;
                _qs = heaterW;
                _inJ = 0;
            }
            else
            {
                _qe += (heaterW - _qe) * (_elementLagS > 0 ? Num.Min(1.0, dtS / _elementLagS) : 1.0);
                _qs += (_qe - _qs) * Num.Min(1.0, dtS / _sensorLagS);
            }
            _qHead = (_qHead + 1) % _q.Length;
            _q[_qHead] = _qs;
            // The oldest in the ring is DeadS old.
            double delayed = _energySamples > _deadSamples ? _q[(_qHead + 1) % _q.Length] : _qs;
            _inJ += delayed * dtS;
            if (_inJ > RebaseJ)
            {
                // Every balance held, and the reference, move together: differences are unchanged.
                _inJ -= RebaseJ;
                for (int i = 0; i < _b.Length; i++) _b[i] = (float)(_b[i] - RebaseJ);
                _refB -= RebaseJ;
            }
            _b[_head] = (float)(_inJ - _plateJPerK * plateC);
            if (_energySamples < 1000000) _energySamples++;
            // The steady loss: the balance over BaselineWindowS, smoothed; it holds while an event may be under way.
            if (_energySamples >= _baselineSamples + _avgSamples + 1)
            {
                double tNew, tOld;
                double bNew = BAvg(0, out tNew), bOld = BAvg(_baselineSamples, out tOld);
                double loss = tNew > tOld ? (bNew - bOld) / ((tNew - tOld) / 1000.0) : 0;
                double windowJ = _hasLoss && _energySamples >= _warmSamples ? WindowExtraJ() : 0;
                bool suspect = windowJ > _s.SuspectFraction * _expectedJ;
                // A loss that clearly fell (the lid closed, a draught ended) cannot be a wafer: followed quickly.
                bool fell = windowJ < -_s.SuspectFraction * _expectedJ;
                if (!_hasLoss)
                {
                    _loss = loss;
                    _hasLoss = true;
                }
                else if (_settling)
                {
                    // After a withdrawal: follow whatever loss stands now (the lid may stay open) until it holds still.
                    _loss += (loss - _loss) * Num.Min(1.0, dtS / _s.SettleTauS);
                    _quietSamples = suspect ? 0 : _quietSamples + 1;
                    if (_quietSamples > _windowSamples + 5) _settling = false;
                }
                else if (!_pending && !suspect)
                {
                    _loss += (loss - _loss) * Num.Min(1.0, dtS / (fell ? _s.SettleTauS : _s.BaselineLossTauS));
                }
            }
            _l[_lHead] = (float)_loss;
        }

        // The balance averaged over AverageS of samples from ago back (ago..ago+n-1), with their mean time.
        private double BAvg(int ago, out double tMs)
        {
            // The ring walked by index (the fit reads this twice per model point): the same sums in the same order.
            double b = 0, t = 0;
            int n = _avgSamples, i = Slot(ago);
            for (int k = 0; k < n; k++)
            {
                b += _b[i];
                t += _t0 + _t[i];
                if (--i < 0) i += _t.Length;
            }
            tMs = t / n;
            return b / n;
        }

        // Extra energy over the last EnergyWindowS against the steady loss as it stood at the window's start, J.
        private double WindowExtraJ()
        {
            double tNew, tOld;
            double bNew = BAvg(0, out tNew), bOld = BAvg(_windowSamples, out tOld);
            return bNew - bOld - _l[LossSlot(_windowSamples + _avgSamples / 2)] * (tNew - tOld) / 1000.0;
        }

        // Extra loss rate over LossWindowS ending ago samples back, against the reference steady loss, W.
        internal double ExtraW(int ago)
        {
            double tNew, tOld;
            double bNew = BAvg(ago, out tNew), bOld = BAvg(ago + _lossSamples, out tOld);
            return tNew > tOld ? (bNew - bOld) / ((tNew - tOld) / 1000.0) - _refLoss : 0;
        }

        private void BeginPending(long nowMs)
        {
            // Reference: well before the window that tripped, with the steady loss that stood then.
            int r = _windowSamples + _lossSamples;
            if (r + _avgSamples > _energySamples) r = _energySamples - _avgSamples;
            if (r + _avgSamples > _count) r = _count - _avgSamples;
            double tRef;
            _refB = BAvg(r, out tRef);
            _refMs = tRef;
            _refLoss = _l[LossSlot(r + _avgSamples / 2)];
            _pending = true;
            _fitReason = 0;
            _peakW = 0;
            _upMs = nowMs;
            _fellMs = -1;
            _energyJ = 0;
            _energyRatio = 0;
            _lateW = 0;
            // The landing from the energy: where the extra energy passed OnsetFraction of the expected (interpolated),
            // less the lag of a wafer's loss to that point as the reading sees it, and the reading's dead time.
            if (_landingMs < 0)
            {
                double level = _s.OnsetFraction * _expectedJ, before = 0, beforeT = tRef;
                long landing = -1;
                for (int k = r; k >= 0; k--)
                {
                    double tk;
                    double e = BAvg(k, out tk) - _refB - _refLoss * (tk - tRef) / 1000.0;
                    if (e >= level)
                    {
                        double f = e > before ? (level - before) / (e - before) : 1;
                        landing = (long)(beforeT + f * (tk - beforeT));
                        break;
                    }
                    before = e;
                    beforeT = tk;
                }
                if (landing < 0) landing = Onset() - (long)(_s.SensorDelayS * 1000);
                else landing -= (long)((_s.SensorDeadS + _onsetLagS) * 1000);
                _landingMs = landing;
            }
        }

        // Confirms or withdraws the provisional wafer-down.
        private WaferDownSignal Judge(long nowMs, double plateC)
        {
            double tNew;
            double x = ExtraW(0);
            _lateW = x;
            _energyJ = BAvg(0, out tNew) - _refB - _refLoss * (tNew - _refMs) / 1000.0;
            if (x > _peakW)
            {
                _peakW = x;
                _fellMs = -1;
                // Where the loss rose through half of this peak (the last time it was below it).
                int limit = _count - _lossSamples - _avgSamples;
                if (limit > _energySamples - _lossSamples - _avgSamples) limit = _energySamples - _lossSamples - _avgSamples;
                _upMs = TimeAt(Slot(limit > 0 ? limit : 0));
                for (int k = 1; k <= limit; k++)
                {
                    if (ExtraW(k) < _peakW / 2)
                    {
                        _upMs = TimeAt(Slot(k));
                        break;
                    }
                }
            }
            if (_energyJ > _s.EnergyHigh * _expectedJ) return BeginFit(nowMs, plateC, WithdrawEnergy);
            // Below half its peak counts from the first sample under it; only a rise back well above half (0.6 of
            // the peak: more than the balance's noise around a half-decayed wafer) cancels it.
            if (x >= 0.6 * _peakW) _fellMs = -1;
            else if (x < _peakW / 2 && _fellMs < 0) _fellMs = nowMs;
            // Still above half its peak (or not below it for SustainS yet) later than a wafer's loss would be: it persists.
            bool fallen = _fellMs >= 0 && nowMs - _fellMs >= (long)(_s.SustainS * 1000);
            if (!fallen)
            {
                long since = (_fellMs >= 0 ? _fellMs : nowMs) - _upMs;
                if (since > (long)(_s.WidthFactor * _halfWidthS * 1000)) return BeginFit(nowMs, plateC, WithdrawPersists);
                return WaferDownSignal.None;
            }
            // Fallen below half its peak as soon as a wafer's would: confirmed once the energy fits what the
            // expected wafer would have given by now.
            double byNow = _expectedJ * SeenFraction(tNew - _landingMs);
            _energyRatio = byNow > 0 ? _energyJ / byNow : 0;
            if (_energyRatio >= _s.EnergyLow && _energyRatio <= _s.EnergyHigh)
            {
                _pending = false;
                _confirmedMs = nowMs;
                return WaferDownSignal.Confirmed;
            }
            if (nowMs - _detectedMs > (long)(_s.MaxPendingS * 1000))
                return Withdraw(nowMs, plateC, _energyRatio < _s.EnergyLow ? WithdrawTooLittle : WithdrawUndecided);
            return WaferDownSignal.None;
        }

        // The expected wafer's extra loss per joule as the balance sees it, t after the landing less the dead time (1/s).
        private double WaferShape(double t)
        {
            double w = _s.LossWindowS, a = _s.AverageS, tw = _modelTw, ts = _sensorLagS;
            return (Integral(t, tw, ts) - Integral(t - a, tw, ts) - Integral(t - w, tw, ts) + Integral(t - w - a, tw, ts)) / (w * a);
        }

        private WaferDownSignal Withdraw(long nowMs, double plateC, int reason)
        {
            _pending = false;
            _detected = false;
            _confirm = 0;
            _withdrawReason = reason;
            // Whatever loss stands now is the new steady loss (an open lid stays open); no new detection until
            // the energy window holds only samples measured against it, and the temperature baseline starts here.
            _loss = _lateW + _refLoss;
            _settling = true;
            _quietSamples = 0;
            _baseline = plateC;
            return WaferDownSignal.Withdrawn;
        }

        private void Push(long t, double c)
        {
            if (_count == 0) _t0 = t;
            if (t - _t0 > short.MaxValue) Rebase(t);
            _head = (_head + 1) % _t.Length;
            _lHead = (_lHead + 1) % _l.Length;
            _t[_head] = (short)(t - _t0);
            _c[_head] = (float)c;
            if (_count < _t.Length) _count++;
        }

        internal long TimeAt(int slot)
        {
            return _t0 + _t[slot];
        }

        /// <summary>Moves the time base to <paramref name="t"/> (every 2^15 ms); a sample more than 2^15 ms older than it keeps
        /// that age (older than the history's span, which Validate keeps within 32 s: only after a gap in the readings).</summary>
        private void Rebase(long t)
        {
            long shift = t - _t0;
            for (int i = 0; i < _t.Length; i++)
            {
                long v = _t[i] - shift;
                _t[i] = v < short.MinValue ? short.MinValue : (short)v;
            }
            _t0 = t;
        }

        // The steady loss ago samples back (ago < _l.Length: see _l).
        private int LossSlot(int ago)
        {
            int i = _lHead - ago;
            if (i < 0) i += _l.Length;
            return i;
        }

        internal int Slot(int ago)
        {
            int i = _head - ago;
            while (i < 0) i += _t.Length;
            return i;
        }

        private double Slope()
        {
            int w = _s.SlopeWindowSamples;
            if (_count <= w) return 0;
            double dt = ((long)_t[Slot(0)] - _t[Slot(w)]) / 1000.0;
            return dt > 0 ? (_c[Slot(0)] - _c[Slot(w)]) / dt : 0;
        }

        // The onset: walking back from now, the first stretch where the plate was not yet falling
        // (a slope over three samples under a third of the threshold) gives the level it sat at;
        // the onset is where the reading first left that level by OnsetC, interpolated between
        // samples. The oldest sample held if the history is all drop.
        private long Onset()
        {
            int flat = -1;
            for (int ago = 0; ago + 3 < _count; ago++)
            {
                double dt = ((long)_t[Slot(ago)] - _t[Slot(ago + 3)]) / 1000.0;
                if (dt > 0 && (_c[Slot(ago)] - _c[Slot(ago + 3)]) / dt > -_s.SlopeThresholdCPerS / 3)
                {
                    flat = ago;
                    break;
                }
            }
            if (flat < 0) return TimeAt(Slot(_count - 1));
            int last = flat + 4 < _count ? flat + 4 : _count - 1;
            double level = 0;
            for (int ago = flat; ago <= last; ago++) level += _c[Slot(ago)];
            level = level / (last - flat + 1) - _s.OnsetC;
            for (int ago = flat; ago >= 1; ago--)
            {
                double c = _c[Slot(ago)], next = _c[Slot(ago - 1)];
                if (c >= level && next < level)
                {
                    long t0 = TimeAt(Slot(ago)), t1 = TimeAt(Slot(ago - 1));
                    return t0 + (long)((t1 - t0) * (c - level) / (c - next));
                }
            }
            return TimeAt(Slot(flat));
        }
    }
}
